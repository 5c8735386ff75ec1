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
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
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
      "Exit 0 when done, 1 on a malformed --spans input line, 2 on a usage or policy error."
    })
final class MaskCommand implements Callable<Integer> {
  /** Lines longer than this are masked in pieces cut at whitespace, so memory stays bounded. */
  static final int MAX_LINE = 1 << 20;

  /** Characters of whole lines handed to a worker at a time. */
  static final int BLOCK = 1 << 16;

  /** Masking threads at most; one per core below that. */
  static final int MAX_WORKERS = 8;

  @Spec CommandSpec spec;

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (YAML or JSON); its masking section applies.")
  Path policy;

  @Option(names = "--strategy", paramLabel = "STRATEGY",
      description = "redact, partial, hash or token (default: the policy's masking.default, else redact).")
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
      MaskingPipeline pipeline = MaskIo.pipeline(policy);
      String s = strategy == null ? pipeline.settings().defaultStrategy() : strategy;
      if (!MaskingSettings.STRATEGIES.contains(s)) {
        throw new MaskIo.UsageError("unknown strategy '" + s + "' (expected redact, partial, hash or token)");
      }
      try (Reader in = MaskIo.reader(input); Writer out = MaskIo.writer(output, spec.commandLine().getOut())) {
        return spans ? spans(pipeline, in, out) : mask(pipeline, s, in, out);
      }
    } catch (MaskIo.UsageError e) {
      spec.commandLine().getErr().println("residency: " + e.getMessage());
      return 2;
    }
  }

  /**
   * Masks {@code in} to {@code out} line by line, on one core less than the machine has (the JIT
   * compiler, the garbage collector and the reader need one: on 2 cores a second masking thread
   * only added CPU time, 22 s instead of 16 s of CPU for the same 12 s over 200 MB).
   */
  static int mask(MaskingPipeline pipeline, String strategy, Reader in, Writer out) throws IOException {
    return mask(pipeline, strategy, in, out, Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors() - 1));
  }

  /**
   * Masks {@code in} to {@code out} line by line. Blocks of whole lines are masked on {@code
   * workers} threads (on the caller's thread below 2) and written in input order, with a bounded
   * number of blocks in flight, so memory stays constant whatever the input size.
   */
  static int mask(MaskingPipeline pipeline, String strategy, Reader in, Writer out, int workers) throws IOException {
    if (workers <= 1) {
      return maskInline(pipeline, strategy, in, out);
    }
    try (OrderedBlocks blocks = new OrderedBlocks(Math.max(1, workers), block -> maskLines(pipeline, strategy, block), out)) {
      char[] buf = new char[1 << 16];
      StringBuilder carry = new StringBuilder();
      int n;
      while ((n = in.read(buf)) > 0) {
        int lastNewline = -1;
        for (int i = n - 1; i >= 0; i--) {
          if (buf[i] == '\n') {
            lastNewline = i;
            break;
          }
        }
        if (lastNewline < 0) {
          carry.append(buf, 0, n);
        } else {
          carry.append(buf, 0, lastNewline + 1);
          if (carry.length() >= BLOCK) {
            blocks.submit(carry.toString());
            carry.setLength(0);
          }
          carry.append(buf, lastNewline + 1, n - lastNewline - 1);
        }
        // a line longer than MAX_LINE is masked in pieces cut at whitespace
        int lineStart = carry.lastIndexOf("\n") + 1;
        while (carry.length() - lineStart > MAX_LINE) {
          if (lineStart > 0) {
            blocks.submit(carry.substring(0, lineStart));
            carry.delete(0, lineStart);
            lineStart = 0;
          }
          int cut = cutPoint(carry);
          blocks.submit(carry.substring(0, cut));
          carry.delete(0, cut);
        }
      }
      if (carry.length() > 0) {
        blocks.submit(carry.toString());
      }
    }
    return 0;
  }

  /**
   * One thread: each line straight from the read buffer to the writer, without the block copies
   * the worker path needs (they cost a tenth of the run on one core).
   */
  private static int maskInline(MaskingPipeline pipeline, String strategy, Reader in, Writer out) throws IOException {
    char[] buf = new char[1 << 16];
    StringBuilder line = new StringBuilder();
    int n;
    while ((n = in.read(buf)) > 0) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n') {
          String whole;
          if (line.length() == 0) {
            whole = new String(buf, start, i + 1 - start);
          } else {
            whole = line.append(buf, start, i + 1 - start).toString();
            line.setLength(0);
          }
          out.write(pipeline.mask(whole, strategy).text());
          start = i + 1;
        }
      }
      line.append(buf, start, n - start);
      while (line.length() > MAX_LINE) {
        int cut = cutPoint(line);
        out.write(pipeline.mask(line.substring(0, cut), strategy).text());
        line.delete(0, cut);
      }
    }
    if (line.length() > 0) {
      out.write(pipeline.mask(line.toString(), strategy).text());
    }
    return 0;
  }

  /** Where an over-long line is cut: after the last whitespace in its second half, else at MAX_LINE. */
  private static int cutPoint(CharSequence line) {
    int cut = MAX_LINE;
    while (cut > MAX_LINE / 2 && !Character.isWhitespace(line.charAt(cut - 1))) {
      cut--;
    }
    return cut == MAX_LINE / 2 ? MAX_LINE : cut;
  }

  /** Whole lines (or one piece of an over-long line) masked one line at a time. */
  static String maskLines(MaskingPipeline pipeline, String strategy, String block) {
    StringBuilder sb = new StringBuilder(block.length() + 256);
    int start = 0;
    int n = block.length();
    while (start < n) {
      int nl = block.indexOf('\n', start);
      int end = nl < 0 ? n : nl + 1;
      sb.append(pipeline.mask(block.substring(start, end), strategy).text());
      start = end;
    }
    return sb.toString();
  }

  private int spans(MaskingPipeline pipeline, Reader in, Writer out) throws IOException {
    // ids are copied verbatim: no double rounding, no stripped trailing zeros
    ObjectMapper mapper = JsonMapper.builder()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .build();
    java.io.BufferedReader lines = new java.io.BufferedReader(in);
    String line;
    int lineNo = 0;
    while ((line = lines.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = mapper.readTree(line);
      } catch (IOException e) {
        return bad(out, lineNo, "not valid JSON");
      }
      if (node == null || !node.isObject() || !node.path("text").isTextual()) {
        return bad(out, lineNo, "expected an object with a string \"text\"");
      }
      String text = node.get("text").asText();
      StringWriter sw = new StringWriter(64);
      try (JsonGenerator g = mapper.getFactory().createGenerator(sw)) {
        g.writeStartObject();
        g.writeFieldName("id");
        JsonNode id = node.get("id");
        if (id == null) {
          g.writeNull();
        } else {
          g.writeTree(id);
        }
        g.writeArrayFieldStart("spans");
        for (Span sp : pipeline.detect(text)) {
          g.writeStartObject();
          g.writeNumberField("start", sp.start());
          g.writeNumberField("end", sp.end());
          g.writeStringField("type", sp.type());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      out.write(sw.toString());
      out.write('\n');
    }
    return 0;
  }

  private int bad(Writer out, int lineNo, String problem) throws IOException {
    out.flush();
    spec.commandLine().getErr().println("residency: " + (input == null ? "stdin" : input) + " line " + lineNo + ": " + problem);
    return 1;
  }
}
