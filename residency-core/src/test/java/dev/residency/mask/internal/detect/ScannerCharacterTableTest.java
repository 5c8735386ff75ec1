package dev.residency.mask.internal.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The scanner's character table answers as {@link Character} does, for every {@code char}. */
class ScannerCharacterTableTest {

  @Test
  void tableAgreesWithCharacterForEveryChar() {
    int mismatches = 0;
    StringBuilder first = new StringBuilder();
    for (int i = 0; i <= Character.MAX_VALUE; i++) {
      char c = (char) i;
      int type = Character.getType(c);
      boolean mark = (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
          || type == Character.ENCLOSING_MARK) && !emojiModifier(c);
      byte flags = Scanner.Bmp.FLAGS[c];
      boolean ok = Character.isLetter(c) == ((flags & Scanner.Bmp.LETTER) != 0)
          && Character.isDigit(c) == ((flags & Scanner.Bmp.DIGIT) != 0)
          && Character.isLetterOrDigit(c) == ((flags & Scanner.Bmp.LETTER_OR_DIGIT) != 0)
          && mark == ((flags & Scanner.Bmp.MARK) != 0);
      if (!ok) {
        if (mismatches++ < 5) {
          first.append(String.format(" U+%04X", i));
        }
      }
    }
    assertEquals(0, mismatches, "chars whose table entry differs from Character:" + first);
  }

  @Test
  void lowerCaseFromTheTableAgreesWithCharacterForEveryChar() {
    int mismatches = 0;
    StringBuilder first = new StringBuilder();
    for (int i = 0; i <= Character.MAX_VALUE; i++) {
      char c = (char) i;
      if (Scanner.lower(c) != Character.toLowerCase(c) && mismatches++ < 5) {
        first.append(String.format(" U+%04X", i));
      }
    }
    assertEquals(0, mismatches, "chars lowered otherwise than by Character:" + first);
  }

  @Test
  void wordCharsAreLettersDigitsMarksAndUnderscore() {
    for (int i = 0; i <= Character.MAX_VALUE; i++) {
      char c = (char) i;
      int type = Character.getType(c);
      boolean mark = (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
          || type == Character.ENCLOSING_MARK) && !emojiModifier(c);
      boolean expected = c < 128 ? Character.isLetterOrDigit(c) || c == '_' : Character.isLetterOrDigit(c) || mark;
      assertEquals(expected, Scanner.isWordChar(c), () -> String.format("U+%04X", (int) c));
    }
  }

  @Test
  void foldableCharsAreTheFullWidthFormsIdeographicSpaceAndUnicodeHyphensEachToItsAsciiForm() {
    int foldable = 0;
    for (int i = 0; i <= Character.MAX_VALUE; i++) {
      char c = (char) i;
      boolean flagged = (Scanner.Bmp.FLAGS[c] & Scanner.Bmp.FOLD) != 0;
      assertEquals(flagged, Scanner.fold(c) != c, () -> String.format("U+%04X", (int) c));
      if (flagged) {
        foldable++;
        // the fold is compatibility decomposition's answer (NFKC), or '-' for the hyphens
        String nfkc = java.text.Normalizer.normalize(String.valueOf(c), java.text.Normalizer.Form.NFKC);
        assertEquals(c >= 0x2010 && c <= 0x2012 ? "-" : nfkc, String.valueOf(Scanner.fold(c)),
            String.format("U+%04X", (int) c));
      }
    }
    assertEquals(94 + 1 + 3, foldable);
  }

  @Test
  void noSpaceCharactersAreTheLettersAndMarksOfHanKanaThaiLaoKhmerMyanmarAndHangul() {
    java.util.Set<Character.UnicodeScript> scripts = java.util.EnumSet.of(Character.UnicodeScript.HAN,
        Character.UnicodeScript.HIRAGANA, Character.UnicodeScript.KATAKANA, Character.UnicodeScript.THAI,
        Character.UnicodeScript.LAO, Character.UnicodeScript.KHMER, Character.UnicodeScript.MYANMAR,
        Character.UnicodeScript.HANGUL);
    for (int i = 0; i <= Character.MAX_VALUE; i++) {
      char c = (char) i;
      boolean expected = letterOrMark(c) && scripts.contains(Character.UnicodeScript.of(c));
      assertEquals(expected, Scanner.noSpace(c), () -> String.format("U+%04X", (int) c));
    }
  }

  @Test
  void otherScriptCharactersAreTheLettersAndMarksOfEveryScriptButLatin() {
    java.util.Set<Character.UnicodeScript> notOther = java.util.EnumSet.of(Character.UnicodeScript.LATIN,
        Character.UnicodeScript.COMMON, Character.UnicodeScript.INHERITED);
    for (int i = 0; i <= Character.MAX_VALUE; i++) {
      char c = (char) i;
      // below Greek only Latin letters, IPA and spacing modifiers are letters or marks
      boolean expected = i >= 0x0370 && letterOrMark(c) && !emojiModifier(c)
          && !notOther.contains(Character.UnicodeScript.of(c));
      assertEquals(expected, Scanner.otherScript(c), () -> String.format("U+%04X", (int) c));
    }
  }

  private static boolean letterOrMark(char c) {
    int t = Character.getType(c);
    return Character.isLetter(c) || t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK
        || t == Character.ENCLOSING_MARK;
  }

  /** Variation selectors and the keycap mark: marks of the emoji before them, never of a word. */
  private static boolean emojiModifier(char c) {
    return (c >= 0xFE00 && c <= 0xFE0F) || c == 0x20E3;
  }
}
