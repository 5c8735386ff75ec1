package dev.residency.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.residency.mask.MaskingPipeline;
import dev.residency.mask.MaskingSettings;
import dev.residency.mask.Span;
import dev.residency.mask.MaskResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code residency mask}: masks personal data in text, line by line, in constant memory. */
@Command(
    name = "mask",
    mixinStandardHelpOptions = true,
    description = {
      "Masks personal data and secrets in text, line by line (stdin to stdout by default), in constant memory.",
      "With --spans, reads JSON lines {\"id\": ..., \"text\": ...} and prints {\"id\": ..., \"spans\": [{\"start\", \"end\", \"type\"}]}"
          + " with UTF-16 offsets, in input order.",
      "A malformed --spans line is reported on stderr by its number and as {\"id\", \"line\", \"error\"} in its place;"
          + " every other line is still processed.",
      "Exit 0 when done, 1 when any --spans input line was malformed, 2 on a usage or policy error."
    })
final class MaskCommand implements Callable<Integer> {
  /** Lines longer than this many bytes are masked in pieces cut at whitespace, so memory stays bounded. */
  static final int MAX_LINE = 1 << 20;

  /** Bytes read at a time; the whole lines among them are masked (or handed to a worker) together. */
  static final int READ = 1 << 16;

  /** Masking threads at most; one per core below that. */
  static final int MAX_WORKERS = 8;

  @Spec CommandSpec spec;

  /** Output and error writers when run without picocli ({@link PlainArgs}); else the command line's. */
  PrintWriter out;
  PrintWriter err;

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (YAML or JSON); its masking section applies.")
  Path policy;

  @Option(names = "--strategy", paramLabel = "STRATEGY",
      description = "redact, partial, hash or token (default: the policy's masking.default, else redact); not with --spans.")
  String strategy;

  @Option(names = "--input", paramLabel = "FILE", description = "Input file (default: stdin).")
  Path input;

  @Option(names = "--output", paramLabel = "FILE", description = "Output file (default: stdout).")
  Path output;

  @Option(names = "--spans", description = "Report detected spans of JSON lines instead of masking.")
  boolean spans;

  @Override
  public Integer call() throws IOException {
    try {
      if (spans && strategy != null) {
        // --spans reports where personal data is and masks nothing: a strategy there would be ignored.
        throw new MaskIo.UsageError("--strategy does not apply to --spans (spans are reported, nothing is masked)");
      }
      MaskingPipeline pipeline = MaskIo.pipeline(policy);
      String s = strategy == null ? pipeline.settings().defaultStrategy() : strategy;
      if (!MaskingSettings.STRATEGIES.contains(s)) {
        throw new MaskIo.UsageError("unknown strategy '" + s + "' (expected redact, partial, hash or token)");
      }
      if (!spans && (s.equals("token") || s.equals("hash")) && pipeline.settings().keys().isEmpty()) {
        err().println("residency: warning: no masking.keys configured, so " + s + " uses a random key of this run only: "
            + (s.equals("token") ? "no other run (residency unmask included) can restore these tokens"
                : "the same value hashes differently in another run")
            + "; give --policy FILE with masking.keys");
        err().flush();
      }
      if (spans) {
        try (Reader in = MaskIo.reader(input); Writer out = MaskIo.writer(output, out())) {
          return spans(pipeline, in, out);
        }
      }
      try (InputStream in = MaskIo.input(input); OutputStream out = MaskIo.output(output, out())) {
        return mask(pipeline, s, in, out);
      }
    } catch (MaskIo.UsageError e) {
      err().println("residency: " + e.getMessage());
      return 2;
    }
  }

  /**
   * Masks {@code in} to {@code out} line by line, on one core less than the machine has (the JIT
   * compiler, the garbage collector and the reader need one: on 2 cores a second masking thread
   * only added CPU time, 22 s instead of 16 s of CPU for the same 12 s over 200 MB).
   */
  static int mask(MaskingPipeline pipeline, String strategy, InputStream in, OutputStream out) throws IOException {
    return mask(pipeline, strategy, in, out, Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors() - 1));
  }

  /**
   * Masks UTF-8 text from {@code in} to {@code out} line by line, in bytes: a line is decoded only
   * to be scanned, and written back as the bytes it came in when nothing in it is masked (most
   * lines), so a file is never decoded and encoded whole (the Reader/Writer pair alone cost about
   * 0.3 s per 50 MB). Blocks of whole lines are masked on {@code workers} threads (on the caller's
   * thread below 2) and written in input order, with a bounded number of blocks in flight, so
   * memory stays constant whatever the input size.
   */
  static int mask(MaskingPipeline pipeline, String strategy, InputStream in, OutputStream out, int workers)
      throws IOException {
    byte[] buf = new byte[MAX_LINE + READ];
    int len = 0;
    try (OrderedBlocks blocks = workers > 1
        ? new OrderedBlocks(workers, block -> maskBlock(pipeline, strategy, block), out) : null) {
      int n;
      while ((n = in.read(buf, len, Math.min(READ, buf.length - len))) >= 0) {
        // buf[0, len - n) holds no newline: it is the unfinished line left from the last read
        int lastNewline = len + n - 1;
        while (lastNewline >= len && buf[lastNewline] != '\n') {
          lastNewline--;
        }
        if (lastNewline < len) {
          lastNewline = -1;
        }
        len += n;
        // whole lines go now; the unfinished last line waits for more input unless it is over-long
        int ready = lastNewline + 1;
        while (len - ready > MAX_LINE) {
          ready += cutPoint(buf, ready);
        }
        if (ready > 0) {
          maskOrSubmit(pipeline, strategy, buf, ready, blocks, out);
          System.arraycopy(buf, ready, buf, 0, len - ready);
          len -= ready;
        }
      }
      if (len > 0) {
        maskOrSubmit(pipeline, strategy, buf, len, blocks, out);
      }
    }
    return 0;
  }

  /** {@code buf[0, length)}, whole lines or a cut piece: masked here, or copied to the workers. */
  private static void maskOrSubmit(MaskingPipeline pipeline, String strategy, byte[] buf, int length,
      OrderedBlocks blocks, OutputStream out) throws IOException {
    if (blocks == null) {
      maskLines(pipeline, strategy, buf, 0, length, out);
    } else {
      blocks.submit(java.util.Arrays.copyOf(buf, length));
    }
  }

  private static byte[] maskBlock(MaskingPipeline pipeline, String strategy, byte[] block) {
    ByteArrayOutputStream masked = new ByteArrayOutputStream(block.length + 256);
    try {
      maskLines(pipeline, strategy, block, 0, block.length, masked);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
    }
    return masked.toByteArray();
  }

  /**
   * Masks the lines of {@code b[from, to)} one at a time into {@code out}. A line longer than
   * {@link #MAX_LINE} bytes is masked in pieces cut at whitespace ({@link #cutPoint}); the cut
   * depends only on the line's own bytes, so where the input was split between reads or blocks
   * never changes the output. Unchanged lines are copied in runs, as bytes.
   */
  static void maskLines(MaskingPipeline pipeline, String strategy, byte[] b, int from, int to, OutputStream out)
      throws IOException {
    int copyFrom = from; // start of the unchanged bytes not written yet
    int start = from;
    while (start < to) {
      int end = lineEnd(b, start, to);
      int pieceEnd = end - start > MAX_LINE ? start + cutPoint(b, start) : end;
      String piece = new String(b, start, pieceEnd - start, StandardCharsets.UTF_8);
      MaskResult r = pipeline.mask(piece, strategy);
      if (r.changed()) {
        out.write(b, copyFrom, start - copyFrom);
        out.write(r.text().getBytes(StandardCharsets.UTF_8));
        copyFrom = pieceEnd;
      }
      start = pieceEnd;
    }
    out.write(b, copyFrom, to - copyFrom);
  }

  /**
   * Index after the newline ending the line at {@code start}, or {@code to}. A method of its own so
   * that its loop, which runs once per byte, is compiled small and early, and does not make the
   * JIT compile maskLines twice (once on stack, once whole).
   */
  private static int lineEnd(byte[] b, int start, int to) {
    for (int i = start; i < to; i++) {
      if (b[i] == '\n') {
        return i + 1;
      }
    }
    return to;
  }

  /**
   * Length of the first piece of the over-long line at {@code b[start]}: up to the last ASCII
   * whitespace in the second half of {@link #MAX_LINE} bytes, else {@code MAX_LINE} bytes backed
   * off to the start of a UTF-8 character, so a piece is always whole characters.
   */
  static int cutPoint(byte[] b, int start) {
    int cut = MAX_LINE;
    while (cut > MAX_LINE / 2 && !asciiWhitespace(b[start + cut - 1])) {
      cut--;
    }
    if (cut == MAX_LINE / 2) {
      cut = MAX_LINE;
      while (cut > MAX_LINE - 3 && (b[start + cut] & 0xC0) == 0x80) {
        cut--;
      }
    }
    return cut;
  }

  /** {@link Character#isWhitespace} for ASCII; such a byte never occurs inside a multi-byte UTF-8 character. */
  private static boolean asciiWhitespace(byte c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F);
  }

  /**
   * Reports the spans of every non-blank JSON line, in input order. A malformed line does not stop
   * the batch: it is named on standard error by its line number (never its content, which may hold
   * personal data), its place in the output holds {@code {"id": ..., "line": N, "error": "..."}}
   * (the id when the line is an object that has one, else null), and the exit code is 1 at the end.
   */
  private int spans(MaskingPipeline pipeline, Reader in, Writer out) throws IOException {
    // ids are copied verbatim: no double rounding, no stripped trailing zeros
    ObjectMapper mapper = JsonMapper.builder()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .build();
    java.io.BufferedReader lines = new java.io.BufferedReader(in);
    String line;
    int lineNo = 0;
    int malformed = 0;
    while ((line = lines.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      String problem = null;
      try {
        node = mapper.readTree(line);
      } catch (IOException e) {
        node = null;
        problem = "not valid JSON";
      }
      if (problem == null && (node == null || !node.isObject() || !node.path("text").isTextual())) {
        problem = "expected an object with a string \"text\"";
      }
      JsonNode id = node != null && node.isObject() ? node.get("id") : null;
      StringWriter sw = new StringWriter(64);
      try (JsonGenerator g = mapper.getFactory().createGenerator(sw)) {
        g.writeStartObject();
        g.writeFieldName("id");
        if (id == null) {
          g.writeNull();
        } else {
          g.writeTree(id);
        }
        if (problem != null) {
          g.writeNumberField("line", lineNo);
          g.writeStringField("error", problem);
        } else {
          g.writeArrayFieldStart("spans");
          for (Span sp : pipeline.detect(node.get("text").asText())) {
            g.writeStartObject();
            g.writeNumberField("start", sp.start());
            g.writeNumberField("end", sp.end());
            g.writeStringField("type", sp.type());
            g.writeEndObject();
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      out.write(sw.toString());
      out.write('\n');
      if (problem != null) {
        malformed++;
        out.flush(); // the report follows the lines before it, also when both go to a terminal
        err().println("residency: " + (input == null ? "stdin" : input) + " line " + lineNo + ": " + problem);
        err().flush();
      }
    }
    return malformed == 0 ? 0 : 1;
  }

  private PrintWriter out() {
    return spec != null ? spec.commandLine().getOut() : out;
  }

  private PrintWriter err() {
    return spec != null ? spec.commandLine().getErr() : err;
  }
}
