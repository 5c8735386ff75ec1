package dev.residency.mask.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Skipping lower-case runs eight bytes at a time changes nothing: the run end is the one a loop
 * over characters finds, and a scan with the Latin-1 copy finds exactly the spans of a scan
 * without it, over text mixing lower- and upper-case words, digits, separators, Latin-1 letters,
 * characters whose low byte is a lower-case letter (š is U+0161, 한 U+D55C), full-width forms the
 * scan folds in place, and values of every type.
 */
class LowerRunSkipPropertiesTest {
  private static final Scanner SCANNER = new Scanner(List.of("EMAIL", "PHONE", "CREDIT_CARD", "IBAN",
      "IP_ADDRESS", "US_SSN", "UK_NHS", "DE_TAX_ID", "ES_DNI", "ES_NIE", "FR_NIR", "IT_FISCAL_CODE", "NL_BSN",
      "PL_PESEL", "SE_PERSONNUMMER", "AWS_ACCESS_KEY", "AWS_SECRET_KEY", "JWT", "API_KEY"));

  @Property(tries = 20000)
  void theRunEndIsTheFirstByteThatIsNoLowerCaseLetter(@ForAll("texts") String text,
      @ForAll @IntRange(min = 0, max = 100) int fromPercent) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    int from = b.length * fromPercent / 100;
    int naive = from;
    while (naive < b.length && b[naive] >= 'a' && b[naive] <= 'z') {
      naive++;
    }
    int fast = Scanner.lowerRunEnd(b, from);
    // eight at a time until fewer than eight bytes remain; the caller's character loop goes on from there
    assertThat(fast).as("%s from %d", text, from).isLessThanOrEqualTo(naive);
    assertThat(fast == naive || b.length - fast < 8).as("%s from %d: %d, not %d", text, from, fast, naive).isTrue();
    for (int j = from; j < fast; j++) {
      assertThat(b[j]).isBetween((byte) 'a', (byte) 'z');
    }
  }

  /** Through the engine, as callers use it: texts with emoji (surrogate pairs) among them. */
  @Property(tries = 3000)
  void detectionFindsWhatAScanWithoutTheCopyFinds(@ForAll("texts") String text, @ForAll boolean emoji) {
    String t = emoji ? text.replace(" ", " \uD83D\uDE4C ") : text;
    Candidates plain = new Candidates();
    SCANNER.scan(t.toCharArray(), plain);
    assertThat(dev.residency.mask.internal.DetectionEngine.create(dev.residency.mask.MaskingSettings.defaults()).detect(t))
        .as(t).isEqualTo(plain.resolve());
  }

  @Property(tries = 5000)
  void aScanWithTheLatin1CopyFindsWhatAScanWithoutItFinds(@ForAll("texts") String text) {
    Candidates plain = new Candidates();
    SCANNER.scan(text.toCharArray(), plain);
    Candidates hinted = new Candidates();
    SCANNER.scan(text.toCharArray(), text.getBytes(StandardCharsets.ISO_8859_1), hinted);
    assertThat(hinted.resolve()).as(text).isEqualTo(plain.resolve());
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> pieces = Arbitraries.oneOf(
        Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz").ofMinLength(1).ofMaxLength(19),
        Arbitraries.strings().withChars("ABCXYZabcxyz0123456789_").ofMinLength(1).ofMaxLength(12),
        Arbitraries.strings().withChars(" .,:;=@+-()[]{}`|~\"'\n\t").ofMinLength(1).ofMaxLength(3),
        Arbitraries.strings().withChars("éüßšťžŁ한ａｚ０９＠－\u00A0\u202F").ofMinLength(1).ofMaxLength(3),
        Arbitraries.of("anna.schmidt@example.de", "+49 30 901820", "DE89370400440532013000", "4111 1111 1111 1111",
            "192.168.1.20", "401-73-2245", "password=Xk9#mQ2vLp7Rt4Wz", "AKIAIOSFODNN7REALKEY", "token: abc123XYZ789",
            "tel 030 1234567", "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8", "12345678Z", "minsu.kim@naver.com입니다"));
    return pieces.list().ofMaxSize(24).map(l -> String.join("", l));
  }
}
