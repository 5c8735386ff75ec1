package dev.residency.mask;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.residency.mask.internal.Rules;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Streaming JSON masking (JsonParser to JsonGenerator, no tree). Stateless. */
final class JsonMasking {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
      .build();

  private static final SerializedString NEWLINE = new SerializedString("\n");

  private JsonMasking() {}

  private static final class Frame {
    final boolean array;
    final Rules.Match forced;
    int index;
    String name;

    Frame(boolean array, Rules.Match forced) {
      this.array = array;
      this.forced = forced;
    }
  }

  static String mask(MaskingPipeline pipeline, String json, String strategy, Map<String, Integer> counts) {
    StringWriter w = new StringWriter(json.length() + 64);
    try (JsonParser p = FACTORY.createParser(json);
        JsonGenerator g = FACTORY.createGenerator(w)) {
      if (!run(pipeline, p, g, strategy, counts)) {
        throw empty();
      }
    } catch (JsonProcessingException e) {
      throw invalid(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  static void mask(MaskingPipeline pipeline, InputStream in, OutputStream out, String strategy,
      Map<String, Integer> counts) throws IOException {
    try (JsonParser p = FACTORY.createParser(in);
        JsonGenerator g = FACTORY.createGenerator(out)) {
      p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      if (!run(pipeline, p, g, strategy, counts)) {
        throw empty();
      }
    } catch (JsonProcessingException e) {
      throw invalid(e);
    }
  }

  private static IllegalArgumentException invalid(JsonProcessingException e) {
    // Jackson's message quotes the offending input, which may be personal data: position only
    JsonLocation l = e.getLocation();
    return new IllegalArgumentException("not valid JSON"
        + (l == null ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr()));
  }

  // Empty or blank input holds no JSON value: refused like any other input that is not JSON, so
  // that a caller never takes "" for a masked document.
  private static IllegalArgumentException empty() {
    return new IllegalArgumentException("not valid JSON: no value (the input is empty or white space)");
  }

  /** Masks every root value from {@code p} to {@code g}; false when there was none. */
  private static boolean run(MaskingPipeline pipeline, JsonParser p, JsonGenerator g, String strategy,
      Map<String, Integer> counts) throws IOException {
    g.setRootValueSeparator(NEWLINE); // JSON lines stay one value per line
    Rules rules = pipeline.rules();
    boolean hasRules = rules.hasJsonRules();
    boolean scan = pipeline.settings().scanStrings();
    ArrayDeque<Frame> frames = new ArrayDeque<>();
    List<String> path = new ArrayList<>();
    JsonToken t;
    boolean any = false;
    while ((t = p.nextToken()) != null) {
      any = true;
      if (t == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        frames.peek().name = name;
        g.writeFieldName(name);
        continue;
      }
      if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
        frames.pop();
        if (t == JsonToken.END_OBJECT) {
          g.writeEndObject();
        } else {
          g.writeEndArray();
        }
        if (!frames.isEmpty()) {
          path.remove(path.size() - 1);
        }
        continue;
      }
      Frame top = frames.peek();
      String field = null;
      if (top != null) {
        if (top.array) {
          path.add(Integer.toString(top.index++));
        } else {
          field = top.name;
          path.add(field);
        }
      }
      Rules.Match rule = top != null ? top.forced : null;
      if (rule == null && hasRules) {
        rule = rules.json(field, path);
      }
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        frames.push(new Frame(t == JsonToken.START_ARRAY, rule));
        if (t == JsonToken.START_OBJECT) {
          g.writeStartObject();
        } else {
          g.writeStartArray();
        }
        continue; // the segment stays on the path until the container ends
      }
      if (rule != null && t != JsonToken.VALUE_NULL) {
        g.writeString(pipeline.applyRule(p.getText(), rule, counts));
      } else if (t == JsonToken.VALUE_STRING && scan) {
        g.writeString(pipeline.maskDetected(p.getText(), strategy, counts));
      } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
        // The token's own text: copyCurrentEventExact goes through BigDecimal/int and rewrites
        // 1E5 as 1E+5, -0 as 0, 0.1e-7 as 1E-8. The parser has already checked it is a JSON number.
        g.writeNumber(p.getText());
      } else {
        g.copyCurrentEventExact(p);
      }
      if (top != null) {
        path.remove(path.size() - 1);
      }
    }
    return any;
  }
}
