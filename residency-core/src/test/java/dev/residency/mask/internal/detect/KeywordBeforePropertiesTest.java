package dev.residency.mask.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The in-place keyword search answers exactly as a plain copy-lowercase-and-lastIndexOf version
 * (kept here as the reference: some word occurs as a label with no digit after it), including
 * non-ASCII letters that lower-case to ASCII (the Kelvin sign, dotted capital I), labels at the
 * window's edge and numbers after the label.
 */
class KeywordBeforePropertiesTest {
  private static final String[] WORDS = {"ssn", "social security", "tel", "phone", "nhs", "pesel", "ss#", "k"};

  @Property(tries = 20000)
  void matchesTheReference(@ForAll("texts") String text, @ForAll @IntRange(min = 0, max = 60) int window,
      @ForAll @IntRange(min = 0, max = 100) int atPercent) {
    char[] s = text.toCharArray();
    int at = s.length * atPercent / 100;
    for (int w = 0; w < WORDS.length; w++) {
      String[] words = {WORDS[w], WORDS[(w + 3) % WORDS.length]};
      assertThat(Scanner.keywordBefore(s, at, words, window)).as("%s at %d window %d %s", text, at, window, List.of(words))
          .isEqualTo(reference(s, at, words, window));
    }
  }

  /**
   * Longer lists, in any order, with words sharing first letters and non-ASCII first characters:
   * the order of the list never matters.
   */
  @Property(tries = 20000)
  void longListsInAnyOrderMatchTheReference(@ForAll("texts") String text, @ForAll("lists") List<String> list,
      @ForAll @IntRange(min = 0, max = 60) int window, @ForAll @IntRange(min = 0, max = 100) int atPercent) {
    char[] s = text.toCharArray();
    int at = s.length * atPercent / 100;
    String[] words = list.toArray(new String[0]);

    assertThat(Scanner.keywordBefore(s, at, words, window)).as("%s at %d window %d %s", text, at, window, list)
        .isEqualTo(reference(s, at, words, window));
  }

  @Provide
  Arbitrary<List<String>> lists() {
    return Arbitraries.of("ssn", "ss#", "social security", "tel", "tel.", "telephone", "phone", "k", "nhs", "pesel",
            "\u260e", "\uD83D\uDCDE", "\u00e9t", "s")
        .list().uniqueElements().ofMinSize(1).ofMaxSize(10);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.of("SSN", "ssn", "Social Security", "tel", "Tel.", "PHONE", "Nhs", "telNo", "xSsn", "nhs", "Pesel", "ss#", " ", ": ", "-",
            "12", "7", "x", "ab", "\u212A", "\u0130", "é", "K", "k", "telephone", "(", "\u00A0", "\u260e", "\uD83D\uDCDE",
            "\u00c9T", "s", "S")
        .list().ofMinSize(0).ofMaxSize(14).map(l -> String.join("", l));
  }

  /** Straightforward: any occurrence of any word, as a label, with no digit after it up to {@code at}. */
  private static boolean reference(char[] s, int at, String[] words, int window) {
    int from = Math.max(0, at - window);
    char[] w = new char[at - from];
    for (int k = from; k < at; k++) {
      char c = s[k];
      w[k - from] = lower(c);
    }
    String low = new String(w);
    for (String word : words) {
      int wl = word.length();
      int k = low.lastIndexOf(word);
      while (k >= 0) {
        int ws = from + k;
        boolean startOk = k == 0 ? from == 0 || !isAlnum(lower(s[from - 1])) || camel(s[from - 1], s[from])
            : !isAlnum(low.charAt(k - 1)) || camel(s[ws - 1], s[ws]);
        boolean endOk = k + wl >= low.length() || !isAlnum(low.charAt(k + wl)) || wl > 4
            || camel(s[ws + wl - 1], s[ws + wl]) || acronymBeforeWord(s, ws + wl);
        boolean digitAfter = false;
        for (int j = k + wl; j < low.length(); j++) {
          digitAfter |= low.charAt(j) >= '0' && low.charAt(j) <= '9';
        }
        if (startOk && endOk && !digitAfter) {
          return true;
        }
        k = k == 0 ? -1 : low.lastIndexOf(word, k - 1);
      }
    }
    return false;
  }

  /** An upper-case acronym ending before a capitalised word at {@code we}: NHSNumber. */
  private static boolean acronymBeforeWord(char[] s, int we) {
    return s[we - 1] >= 'A' && s[we - 1] <= 'Z' && s[we] >= 'A' && s[we] <= 'Z' && we + 1 < s.length
        && s[we + 1] >= 'a' && s[we + 1] <= 'z';
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c < 128 ? c : Character.toLowerCase(c);
  }

  /** A camelCase word boundary between {@code a} and {@code b}: nhs|Number. */
  private static boolean camel(char a, char b) {
    return a >= 'a' && a <= 'z' && b >= 'A' && b <= 'Z';
  }

  private static boolean isAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
