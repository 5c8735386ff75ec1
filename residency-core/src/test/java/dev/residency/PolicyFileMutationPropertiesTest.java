package dev.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutated policy files (YAML and JSON): parsing either succeeds or fails with {@link
 * InvalidPolicyException} that names the source and a line; never NPE, ClassCastException or
 * StackOverflowError, and never echoes key material.
 */
class PolicyFileMutationPropertiesTest {
  private static final String JSON_EXAMPLE = String.join("\n",
      "{",
      "  \"residency\": {",
      "    \"home\": \"aws:eu-central-1\",",
      "    \"allow\": { \"jurisdictions\": [\"EU\"], \"countries\": [\"CH\"] },",
      "    \"unknown\": \"deny\",",
      "    \"mode\": \"report-only\",",
      "    \"endpoints\": [ { \"host\": \"*.example.com\", \"region\": \"gcp:europe-west4\" },",
      "                   { \"cidr\": \"10.0.0.0/8\", \"region\": \"aws:eu-west-1\" } ],",
      "    \"exceptions\": [ { \"host\": \"status.example.com\", \"reason\": \"none\", \"expires\": \"2027-06-30\" } ]",
      "  },",
      "  \"masking\": { \"detectors\": [\"EMAIL\", \"PII\"], \"default\": \"partial\",",
      "    \"keys\": { \"current\": \"k1\", \"k1\": { \"value\": \"c2VjcmV0LWtleS1tYXRlcmlhbC0xMjM0NTY3OA==\" } } },",
      "  \"audit\": { \"sink\": \"slf4j\" }",
      "}",
      "");

  private static final List<String> SEEDS = List.of(PolicyLoadingTest.DESIGN_EXAMPLE, JSON_EXAMPLE);

  /** Characters that change YAML or JSON structure. */
  private static final String SPICE = ":-[]{},&*!|>'\"#%@`? \t\n\\0123456789eu.~";

  @Provide
  Arbitrary<String> mutatedPolicies() {
    Arbitrary<String> seed = Arbitraries.of(SEEDS);
    Arbitrary<List<int[]>> edits = Combinators.combine(
            Arbitraries.integers().between(0, 5),
            Arbitraries.integers().between(0, 100_000),
            Arbitraries.integers().between(0, SPICE.length() - 1),
            Arbitraries.integers().between(1, 40))
        .as((op, at, ch, len) -> new int[] {op, at, ch, len})
        .list().ofMinSize(1).ofMaxSize(4);
    return Combinators.combine(seed, edits).as(PolicyFileMutationPropertiesTest::mutate);
  }

  private static String mutate(String text, List<int[]> edits) {
    String s = text;
    for (int[] e : edits) {
      int at = s.isEmpty() ? 0 : e[1] % (s.length() + 1);
      int end = Math.min(s.length(), at + e[3]);
      switch (e[0]) {
        case 0: // insert a structural character
          s = s.substring(0, at) + SPICE.charAt(e[2]) + s.substring(at);
          break;
        case 1: // delete a run
          s = s.substring(0, at) + s.substring(end);
          break;
        case 2: // duplicate a run (duplicate keys, repeated lines)
          s = s.substring(0, end) + s.substring(at, end) + s.substring(end);
          break;
        case 3: // truncate
          s = s.substring(0, at);
          break;
        case 4: { // swap two lines
          List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
          if (lines.size() > 1) {
            int a = e[1] % lines.size();
            int b = e[3] % lines.size();
            String t = lines.get(a);
            lines.set(a, lines.get(b));
            lines.set(b, t);
          }
          s = String.join("\n", lines);
          break;
        }
        default: // replace a run with an anchor/alias/tag/flow construct
          String[] tricks = {"&a ", "*a", "!!binary ", "!!python/object ", "{", "[", "null", "~", "<<: *a", "? ", "0x1F", "1e999"};
          s = s.substring(0, at) + tricks[e[2] % tricks.length] + s.substring(end);
          break;
      }
    }
    return s;
  }

  @Property(tries = 1500)
  void mutatedPoliciesParseOrFailWithAnInvalidPolicyExceptionNamingALine(@ForAll("mutatedPolicies") String text) {
    Throwable thrown = catchThrowable(() -> ResidencyPolicy.parse(text, "mutated.yaml"));

    assertThatFailureIsClean(text, thrown);
  }

  private static void assertThatFailureIsClean(String text, Throwable thrown) {
    if (thrown == null) {
      return;
    }
    assertThat(thrown).as(text).isInstanceOf(InvalidPolicyException.class);
    InvalidPolicyException e = (InvalidPolicyException) thrown;
    assertThat(e.source()).isEqualTo("mutated.yaml");
    assertThat(e.line()).as(text + "\n=> " + e.getMessage()).isPositive();
    assertThat(e.getMessage()).as(text).startsWith("mutated.yaml:" + e.line() + ": ")
        .doesNotContain("c2VjcmV0LWtleS1tYXRlcmlhbC0xMjM0NTY3OA");
  }

  static List<String> hostilePolicies() {
    String deepFlow = "[".repeat(50_000);
    String deepBlock = "residency:\n" + "  a:\n".repeat(1).concat(buildDeepBlock(3000));
    String laughs = "residency:\n  a: &a [x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        + "  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        + "  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        + "  g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
    return List.of(
        "",
        "\n\n\n",
        "---\n---\n",
        "residency:",
        "residency: ~",
        "residency: []",
        "residency: 3",
        "residency:\n  allow: null\n",
        "residency:\n  allow: [EU]\n",
        "residency:\n  allow:\n    jurisdictions: {EU: 1}\n",
        "residency:\n  endpoints: {host: a}\n",
        "residency:\n  endpoints:\n    - ~\n",
        "residency:\n  endpoints:\n    - [host, a]\n",
        "residency:\n  exceptions:\n    - host: a\n      expires: [2027]\n",
        "residency:\n  exceptions:\n    - host: a\n      expires: 2027-02-30\n",
        "residency:\n  allow:\n    jurisdictions: [EU]\nmasking:\n  keys: [k1]\n",
        "residency:\n  allow:\n    jurisdictions: [EU]\nmasking:\n  keys:\n    current: ~\n",
        "residency:\n  allow:\n    jurisdictions: [EU]\nmasking:\n  keys:\n    k1: c2VjcmV0LWtleS1tYXRlcmlhbC0xMjM0NTY3OA==\n",
        "residency:\n  allow:\n    jurisdictions: [EU]\nmasking:\n  custom:\n    - {type: X, regex: '(a+)+$'}\n",
        "residency:\n  allow:\n    jurisdictions: [EU]\nmasking:\n  custom:\n    - {type: X, regex: '['}\n",
        "residency:\n  <<: {allow: {jurisdictions: [EU]}}\n",
        "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x/\"]]]]",
        "{\"residency\": {\"allow\": {\"jurisdictions\": [\"EU\"]}}, \"residency\": {}}",
        "{\"residency\": {\"allow\": {\"jurisdictions\": [\"EU\"]}}} trailing",
        "\ufeffresidency:\n  allow:\n    jurisdictions: [EU]\n",
        "residency:\n  allow:\n    jurisdictions: [\"\\u0000EU\"]\n",
        deepFlow,
        deepBlock,
        laughs);
  }

  private static String buildDeepBlock(int depth) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      b.append(" ".repeat(2 * i + 4)).append("k").append(i).append(":\n");
    }
    return b.toString();
  }

  @ParameterizedTest
  @MethodSource("hostilePolicies")
  void hostilePoliciesFailCleanlyAndQuickly(String text) {
    long start = System.nanoTime();

    Throwable thrown = catchThrowable(() -> ResidencyPolicy.parse(text, "mutated.yaml"));

    assertThatFailureIsClean(text.length() > 300 ? text.substring(0, 300) + "..." : text, thrown);
    assertThat((System.nanoTime() - start) / 1_000_000).as("millis, a bound against hangs").isLessThan(10_000);
  }
}
