package dev.residency.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditSink;
import dev.residency.mask.Unmasker;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class JsonFragmentUnmaskerTest {
  static final ResidencyGuard GUARD = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU").build())
      .setAuditSink(AuditSink.NOOP).build();
  static final Unmasker UNMASKER = GUARD.masking().unmasker();
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String AWKWARD = "He said \"hi\"\nC:\\temp\\x\t\u0001 [ok] €\uD83D\uDE00";

  static String token(String value) {
    return GUARD.masking().maskValue(value, "FIELD", "token");
  }

  /** Pushes the text cut at the given positions and returns everything emitted, in order. */
  static String replay(String text, List<Integer> cuts) {
    return replay(new JsonFragmentUnmasker(UNMASKER), text, cuts);
  }

  static String replay(JsonFragmentUnmasker u, String text, List<Integer> cuts) {
    StringBuilder out = new StringBuilder();
    int from = 0;
    TreeSet<Integer> at = new TreeSet<>();
    for (int c : cuts) {
      at.add(Math.floorMod(c, text.length() + 1));
    }
    for (int cut : at) {
      if (cut > from) {
        out.append(u.push(text.substring(from, cut)));
        from = cut;
      }
    }
    out.append(u.push(text.substring(from))).append(u.finish());
    return out.toString();
  }

  /** Arguments as a model writes them: the tokens inside strings, written by Jackson. */
  static ObjectNode arguments(String first, String second) {
    ObjectNode args = MAPPER.createObjectNode();
    args.put("to", first);
    args.putArray("lines").add("x " + second + " y").add(3);
    args.put("literal", "[ \"q\" \\ [[wiki]] [[FIELD:k:short]] [");
    return args;
  }

  @Provide
  Arbitrary<String> values() {
    // What JSON must escape, what it need not, brackets, and a character outside the BMP (whole:
    // a lone surrogate is not text and does not survive UTF-8, so it cannot round-trip anyway).
    return Arbitraries.of("\"", "\\", "\n", "\t", "\r", "\u0001", "\u001f", "/", "[", "]", "[[", "]]", ":", " ", "a",
            "Z", "7", "é", "€", "\uD83D\uDE00")
        .list().ofMinSize(1).ofMaxSize(16).map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(0, 10_000).list().ofMaxSize(12);
  }

  @Property(tries = 300)
  void restoresValuesAsJacksonWouldWriteThemWhereverTheArgumentsAreCut(
      @ForAll("values") String first, @ForAll("values") String second, @ForAll("cuts") List<Integer> cuts)
      throws Exception {
    String masked = MAPPER.writeValueAsString(arguments(token(first), token(second)));

    String restored = replay(masked, cuts);

    assertThat(restored).isEqualTo(MAPPER.writeValueAsString(arguments(first, second)));
    assertThat(restored).isEqualTo(JsonFragmentUnmasker.unmask(UNMASKER, masked))
        .isEqualTo(replay(JsonFragmentUnmasker.insideStrings(UNMASKER), masked, cuts));
    JsonNode parsed = MAPPER.readTree(restored);
    assertThat(parsed.get("to").textValue()).isEqualTo(first);
    assertThat(parsed.at("/lines/0").textValue()).isEqualTo("x " + second + " y");
  }

  @Test
  void tracksEscapedQuotesSoATokenAfterOneIsStillInsideTheString() throws Exception {
    String masked = "{\"q\":\"\\\"" + token(AWKWARD) + "\\\\\",\"n\":1}";

    String restored = replay(masked, List.of(3, 4, 5, 9));

    assertThat(MAPPER.readTree(restored).get("q").textValue()).isEqualTo("\"" + AWKWARD + "\\");
  }

  @Test
  void restoresATokenOutsideAnyStringAsPlainText() {
    String text = "send to " + token("a\"b") + " {\"k\":\"" + token("a\"b") + "\"}";

    assertThat(JsonFragmentUnmasker.unmask(UNMASKER, text)).isEqualTo("send to a\"b {\"k\":\"a\\\"b\"}");
  }

  @Test
  void escapesEveryRestoredValueWhenTakingTokensToBeInsideStrings() {
    JsonFragmentUnmasker u = JsonFragmentUnmasker.insideStrings(UNMASKER);

    // The caller skipped the fragments before this one (no "[" in them): no state to go wrong.
    assertThat(u.push("b\", \"x\": " + token("a\"b") + "}")).isEqualTo("b\", \"x\": a\\\"b}");
  }

  @Test
  void holdsOnlyWhatCouldStillBecomeATokenAndFlushesItUnchanged() {
    JsonFragmentUnmasker u = new JsonFragmentUnmasker(UNMASKER);

    assertThat(u.push("{\"a\":\"see [")).isEqualTo("{\"a\":\"see ");
    assertThat(u.push("[FIELD:")).isEmpty();
    assertThat(u.push("k1:abc")).isEmpty();
    assertThat(u.finish()).isEqualTo("[[FIELD:k1:abc");
    assertThat(u.push("\"}")).isEqualTo("\"}");
  }

  @Test
  void leavesATokenThatDoesNotAuthenticateAsItIs() {
    String forged = token("x").replace("[[FIELD:", "[[EMAIL:");
    String text = "{\"a\":\"" + forged + "\"}";

    assertThat(JsonFragmentUnmasker.unmask(UNMASKER, text)).isEqualTo(text);
  }
}
