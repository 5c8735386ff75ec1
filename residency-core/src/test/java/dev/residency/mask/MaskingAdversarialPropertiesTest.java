package dev.residency.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.mask.MaskingSettings.FieldRule;
import dev.residency.mask.MaskingSettings.FieldRule.Target;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random and mutated JSON through {@link MaskingPipeline#maskJson}, and random text with token
 * fragments through {@link Unmasker}: valid JSON out or {@link IllegalArgumentException}, the
 * streaming overload agrees with the string one, unmasking never throws and never changes text
 * that holds no valid token, and nothing is super-linear.
 */
class MaskingAdversarialPropertiesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final MaskingPipeline pipeline = MaskingPipeline.create(TestKeys.withK2()
      .addRule(FieldRule.of(Target.FIELD, "name", "redact"))
      .addRule(FieldRule.of(Target.POINTER, "/a/*/iban", "partial"))
      .addRule(FieldRule.of(Target.FIELD, "card", "token"))
      .build());

  @Provide
  Arbitrary<String> jsonValues() {
    return jsonValues(3);
  }

  private static Arbitrary<String> jsonValues(int depth) {
    Arbitrary<String> scalar = Arbitraries.of("\"alice@example.com\"", "\"DE89370400440532013000\"", "4111111111111111",
        "\"+49 30 1234567\"", "\"10.1.2.3\"", "null", "true", "-0.5e-7", "1e999", "\"\\u0000\\ud800\"", "\"[[EMAIL:k2:AAAA]]\"",
        "\"\"", "12345678901234567890123", "\"\\\"quoted\\\" bob@example.org\"", "\"caf\u00e9 \ud83d\ude0a\"");
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<String> inner = jsonValues(depth - 1);
    return Arbitraries.oneOf(
        scalar,
        Combinators.combine(Arbitraries.of("name", "iban", "card", "a", "x", "", "na\\u006de"), inner)
            .as((k, v) -> "{\"" + k + "\":" + v + "}"),
        inner.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"),
        Combinators.combine(inner, inner).as((a, b) -> "{\"a\":[" + a + ",{\"iban\":" + b + "}]}"));
  }

  @Provide
  Arbitrary<String> mutatedJson() {
    return Combinators.combine(jsonValues(), Arbitraries.integers().between(0, 1000),
            Arbitraries.of("", "{", "}", "[", "]", ",", ":", "\"", "\\", "/*", "'", "\u0000", "NaN", " ", "\n"),
            Arbitraries.integers().between(0, 2))
        .as((json, at, piece, op) -> {
          int i = at % (json.length() + 1);
          if (op == 0) {
            return json;
          }
          return op == 1 ? json.substring(0, i) + piece + json.substring(i) : json.substring(0, i);
        });
  }

  @Property(tries = 1500)
  void maskJsonEmitsValidJsonOrRefusesInvalidInputAndTheStreamingOverloadAgrees(
      @ForAll("mutatedJson") String json, @ForAll("strategies") String strategy) throws Exception {
    boolean valid = isJsonValues(json);

    MaskResult result = null;
    Throwable thrown = catchThrowable(() -> pipeline.maskJson(json, strategy));
    if (thrown == null) {
      result = pipeline.maskJson(json, strategy);
    }

    if (valid) {
      assertThat(thrown).as(json).isNull();
      assertThat(isJsonValues(result.text())).as(json + " => " + result.text()).isTrue();
      byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
      if (!new String(utf8, StandardCharsets.UTF_8).equals(json)) {
        return; // a mutation split a surrogate pair: UTF-8 cannot carry this string to the stream
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Map<String, Integer> counts = pipeline.maskJson(
          new ByteArrayInputStream(utf8), out, strategy);
      String streamed = out.toString(StandardCharsets.UTF_8).strip();
      assertThat(MAPPER.readerFor(Object.class).readValues(streamed).readAll()).as(show(json) + " => " + show(streamed))
          .isEqualTo(MAPPER.readerFor(Object.class).readValues(result.text()).readAll());
      assertThat(counts).as(show(json)).isEqualTo(result.counts());
    } else if (thrown != null) {
      assertThat(thrown).as(json).isInstanceOf(IllegalArgumentException.class);
      assertThat(thrown.getMessage()).as(json).doesNotContain("alice@example.com").doesNotContain("DE8937040044");
    }
  }

  /** The input with control characters escaped, so that a report shows it whole. */
  private static String show(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }

  @Provide
  Arbitrary<String> strategies() {
    return Arbitraries.of("redact", "partial", "hash", "token");
  }

  /**
   * One JSON value, or a sequence of root values (JSON lines): both overloads accept a sequence and
   * write one masked value per line.
   */
  private static boolean isJsonValues(String s) {
    try (JsonParser p = new JsonFactory().createParser(s)) {
      int values = 0;
      while (p.nextToken() != null) {
        p.skipChildren();
        values++;
      }
      return values > 0;
    } catch (Exception e) {
      return false;
    }
  }

  @Provide
  Arbitrary<String> tokenish() {
    String valid = pipeline.maskValue("alice@example.com", "EMAIL", "token");
    List<String> pieces = new ArrayList<>(List.of("[[", "]]", "[", "]", ":", "EMAIL", "k2", "k1", "EMAIL:k2:", "[[EMAIL:k2:",
        "AAAA", "7", "=", " ", "\n", "é", "\ud83d\ude0a", "[[[[", "]]]]", "[[:]]", "[[EMAIL::]]", "[[EMAIL:k9:AAAA]]"));
    // Valid tokens with one character changed or cut: never restored, never corrupt the text.
    for (int i = 2; i < valid.length() - 2; i += 3) {
      char c = valid.charAt(i);
      pieces.add(valid.substring(0, i) + (c == 'A' ? 'B' : 'A') + valid.substring(i + 1));
      pieces.add(valid.substring(0, i));
      pieces.add(valid.substring(i));
    }
    return Arbitraries.of(pieces).list().ofMaxSize(12).map(l -> String.join("", l));
  }

  @Property(tries = 1500)
  void unmaskingTextWithoutAValidTokenNeverThrowsAndChangesNothing(@ForAll("tokenish") String text,
      @ForAll("cuts") List<Integer> cuts) {
    String valid = pipeline.maskValue("alice@example.com", "EMAIL", "token");
    Unmasker u = pipeline.unmasker();

    String whole = u.unmask(text);
    StreamingUnmasker s = u.streaming();
    StringBuilder streamed = new StringBuilder();
    int from = 0;
    for (int c : cuts) {
      int to = Math.min(text.length(), from + c);
      streamed.append(s.push(text.substring(from, to)));
      from = to;
    }
    streamed.append(s.push(text.substring(from))).append(s.finish());

    assertThat(streamed.toString()).as(text).isEqualTo(whole);
    if (!text.contains(valid)) {
      assertThat(whole).as(text).isEqualTo(text);
    }
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(0, 40).list().ofMaxSize(6);
  }

  @ParameterizedTest(name = "1 MB of \"{0}\" through mask, maskJson and unmask")
  @ValueSource(strings = {"7", "@", " ", "[[", "[[EMAIL:k2:", "]]", "[[EMAIL:k2:AAAA", "4111 ", "a@b.", "\\\\", "\\u00e9"})
  void aMegabyteLineIsMaskedAndUnmaskedInBoundedTime(String unit) throws Exception {
    StringBuilder b = new StringBuilder(1 << 20);
    while (b.length() < (1 << 20)) {
      b.append(unit);
    }
    String line = b.toString();
    String json = "{\"note\":\"" + line.replace("\"", "") + "\"}";
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();

    long t0 = mx.getCurrentThreadCpuTime();
    pipeline.mask(line, "token");
    Throwable jsonFailure = catchThrowable(() -> pipeline.maskJson(json, "redact"));
    pipeline.unmasker().unmask(line);
    Duration took = Duration.ofNanos(mx.getCurrentThreadCpuTime() - t0);

    assertThat(jsonFailure == null || jsonFailure instanceof IllegalArgumentException).isTrue();
    assertThat(took).as("CPU time; a bound against super-linear work, not a benchmark").isLessThan(Duration.ofSeconds(6));
  }

  /** Inputs kept from fuzzing the JSON masker by hand. */
  @ParameterizedTest
  @ValueSource(strings = {"", " ", "{", "{\"a\":", "[1,]", "{\"a\":1}{\"b\":2}", "\"\\ud800\"", "\"\\u00\"", "NaN",
      "{\"name\":{\"name\":{\"name\":null}}}", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]", "1e99999", "/* c */ {}",
      "{\"card\": 4111111111111111, \"card\": \"x\"}", "\u0000", "{\"a\":\"\u0001\"}"})
  void fuzzedJsonIsMaskedAsValidJsonOrRefusedWithIllegalArgumentException(String json) {
    Throwable thrown = catchThrowable(() -> {
      MaskResult r = pipeline.maskJson(json, "token");
      assertThat(isJsonValues(r.text()) || r.text().isEmpty()).as(r.text()).isTrue();
    });

    assertThat(thrown == null || thrown instanceof IllegalArgumentException).as(String.valueOf(thrown)).isTrue();
  }
}
