package dev.residency.mask.internal.detect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * The scan loop's two-character filter ({@link Scanner#pairMayTrigger}) lets through every word
 * {@link Scanner#secondLetterOk} accepts: a pair missing from the filter is a word never looked at.
 */
class ScannerTriggerPairTest {
  /** Word continuations after the first two characters that secondLetterOk looks at. */
  private static final List<String> TAILS = List.of("", "p", "pi", "_", "y-", "yx", "n", "ntras", "ntrasena",
      "cht", "chtwoord", "sen", "senord", "t de passe", "nha", "lasana", "ken", "kens", "sl", "slo", "sło", "x", "0", "-", "A", "ZZ");

  @Test
  void everyPairSecondLetterOkAcceptsPassesTheFilter() {
    List<String> missed = new ArrayList<>();
    for (char c = 'A'; c <= 'z'; c++) {
      if (!Character.isLetter(c)) {
        continue;
      }
      for (char c1 = 0; c1 < 0x250; c1++) {
        for (String tail : TAILS) {
          for (String t : List.of(tail, tail.toUpperCase(java.util.Locale.ROOT))) {
            char[] s = (c + String.valueOf(c1) + t + "  ").toCharArray();
            if (Scanner.secondLetterOk(s, 0) && !Scanner.pairMayTrigger(c, c1 < 128 ? c1 : '\u00F6')) {
              missed.add(new String(s).strip());
            }
          }
        }
      }
    }
    assertTrue(missed.isEmpty(), "accepted by secondLetterOk, filtered out before it: " + missed);
  }

  @Property(tries = 3000)
  void randomWordsSecondLetterOkAcceptsPassTheFilter(
      @ForAll @StringLength(min = 2, max = 8) @CharRange(from = 'a', to = 'z') @CharRange(from = 'A', to = 'Z')
          @CharRange(from = '0', to = '9') @Chars({'_', '-', 'ö', 'ł', 'ñ', ' '}) String word) {
    char[] s = (word + "  ").toCharArray();
    char c = s[0];
    if (Character.isLetter(c) && c < 128 && Scanner.secondLetterOk(s, 0)) {
      assertTrue(Scanner.pairMayTrigger(c, s[1] < 128 ? s[1] : '\u00F6'), word);
    }
  }
}
