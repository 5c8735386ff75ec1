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

  private static int mask(MaskingPipeline pipeline, String strategy, Reader in, Writer out) throws IOException {
    char[] buf = new char[1 << 16];
    StringBuilder line = new StringBuilder();
    int n;
    while ((n = in.read(buf)) > 0) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n') {
          line.append(buf, start, i + 1 - start);
          out.write(pipeline.mask(line.toString(), strategy).text());
          line.setLength(0);
          start = i + 1;
        }
      }
      line.append(buf, start, n - start);
      while (line.length() > MAX_LINE) {
        int cut = MAX_LINE;
        while (cut > MAX_LINE / 2 && !Character.isWhitespace(line.charAt(cut - 1))) {
          cut--;
        }
        if (cut == MAX_LINE / 2) {
          cut = MAX_LINE;
        }
        out.write(pipeline.mask(line.substring(0, cut), strategy).text());
        line.delete(0, cut);
      }
    }
    if (line.length() > 0) {
      out.write(pipeline.mask(line.toString(), strategy).text());
    }
    return 0;
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
