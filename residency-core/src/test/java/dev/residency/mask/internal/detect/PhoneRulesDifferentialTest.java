package dev.residency.mask.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The fast phone verdicts ({@link PhoneRules}) against libphonenumber's own parse-then-validate,
 * which stays the reference: wherever the fast path decides, it must decide as libphonenumber does.
 * Inputs: every region's and non-geographic entity's example number of every type, written in
 * international and national format, their one-digit mutations, and random digit runs in the
 * shapes the scanner produces. The fast path must also decide most of them, or the speed it exists
 * for is silently lost.
 */
class PhoneRulesDifferentialTest {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /** Regions the scanner asks about by name, then every other region. */
  private static final List<String> SCANNER_REGIONS =
      List.of("US", "IT", "DE", "GB", "FR", "NL", "SE", "AT", "BE", "CH", "IE", "PT", "FI", "DK", "NO");

  @Test
  void agreesWithLibphonenumberOnEveryExampleNumberAndItsMutations() {
    List<String> international = new ArrayList<>();
    List<String[]> national = new ArrayList<>();
    for (String region : UTIL.getSupportedRegions()) {
      for (PhoneNumberType type : UTIL.getSupportedTypesForRegion(region)) {
        PhoneNumber example = UTIL.getExampleNumberForType(region, type);
        if (example == null) {
          continue;
        }
        String intl = UTIL.format(example, PhoneNumberFormat.INTERNATIONAL);
        String nat = UTIL.format(example, PhoneNumberFormat.NATIONAL);
        for (String v : variants(intl)) {
          international.add(v);
        }
        // written from abroad inside a national number: with an international dialling prefix,
        // or with the calling code alone
        String e164 = UTIL.format(example, PhoneNumberFormat.E164).substring(1);
        for (String written : List.of("00" + e164, "011 " + e164, e164, "00 " + intl.substring(1))) {
          for (String v : variants(written)) {
            national.add(new String[] {v, region});
            for (String r : SCANNER_REGIONS) {
              national.add(new String[] {v, r});
            }
          }
        }
        for (String v : variants(nat)) {
          national.add(new String[] {v, region});
          // the scanner's regions read national numbers of any country too
          for (String r : SCANNER_REGIONS) {
            national.add(new String[] {v, r});
          }
        }
      }
    }
    for (int code : UTIL.getSupportedGlobalNetworkCallingCodes()) {
      PhoneNumber example = UTIL.getExampleNumberForNonGeoEntity(code);
      if (example != null) {
        international.addAll(variants(UTIL.format(example, PhoneNumberFormat.INTERNATIONAL)));
      }
    }

    int decided = 0;
    int validSeen = 0;
    for (String c : international) {
      int fast = PhoneRules.international(c);
      if (fast != PhoneRules.UNDECIDED) {
        decided++;
        boolean reference = Phones.parseInternational(c);
        assertThat(fast == PhoneRules.VALID).as("international %s", c).isEqualTo(reference);
        validSeen += reference ? 1 : 0;
      }
    }
    assertThat(international.size()).isGreaterThan(5_000);
    assertThat(decided).as("international candidates decided without parse").isGreaterThan(international.size() * 9 / 10);
    assertThat(validSeen).isGreaterThan(1_000);

    int nationalDecided = 0;
    int nationalValid = 0;
    for (String[] c : national) {
      int fast = PhoneRules.national(c[0], c[1]);
      if (fast != PhoneRules.UNDECIDED) {
        nationalDecided++;
        boolean reference = Phones.parseFor(c[0], c[1]);
        assertThat(fast == PhoneRules.VALID).as("%s in %s", c[0], c[1]).isEqualTo(reference);
        nationalValid += reference ? 1 : 0;
      }
    }
    assertThat(nationalValid).isGreaterThan(5_000);
    assertThat(nationalDecided).as("national candidates decided without parse").isGreaterThan(national.size() * 3 / 4);
  }

  @Property(tries = 3000)
  void agreesOnRandomInternationalRuns(@ForAll("internationalRuns") String candidate) {
    int fast = PhoneRules.international(candidate);
    if (fast != PhoneRules.UNDECIDED) {
      assertThat(fast == PhoneRules.VALID).as(candidate).isEqualTo(Phones.parseInternational(candidate));
    }
  }

  @Property(tries = 3000)
  void agreesOnRandomNationalRuns(@ForAll("nationalRuns") String candidate, @ForAll("scannerRegions") String region) {
    int fast = PhoneRules.national(candidate, region);
    if (fast != PhoneRules.UNDECIDED) {
      assertThat(fast == PhoneRules.VALID).as("%s in %s", candidate, region).isEqualTo(Phones.parseFor(candidate, region));
    }
  }

  @Test
  void theTrunkZeroAndCachedEntryPointsKeepLibphonenumbersVerdicts() {
    Random r = new Random(20261124);
    for (int i = 0; i < 5_000; i++) {
      String c = "0" + digits(r, 7 + r.nextInt(6));
      String spaced = c.substring(0, 3) + " " + c.substring(3);
      boolean reference = false;
      for (String region : List.of("DE", "GB", "FR", "IT", "NL", "SE", "AT", "BE", "CH", "IE", "PT", "FI", "DK", "NO")) {
        reference |= Phones.parseFor(spaced, region);
      }
      assertThat(Phones.validNationalTrunkZero(spaced)).as(spaced).isEqualTo(reference);
    }
  }

  @Provide
  Arbitrary<String> internationalRuns() {
    Arbitrary<Integer> code = Arbitraries.of(new ArrayList<>(UTIL.getSupportedCallingCodes()));
    return Combinators.combine(code, nationalRuns(), Arbitraries.of(" ", "-", "", "\u00A0"))
        .as((c, rest, sep) -> "+" + c + sep + rest);
  }

  @Provide
  Arbitrary<String> nationalRuns() {
    Arbitrary<String> group = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(5);
    Arbitrary<String> sep = Arbitraries.of(" ", "-", ".", "/", "", "\u00A0", ") ", " (0) ");
    Arbitrary<String> prefix = Arbitraries.of("", "0", "00", "(0", "(", "1", "011", "39", "49", "3");
    return Combinators.combine(prefix, group.list().ofMinSize(2).ofMaxSize(5), sep.list().ofSize(4))
        .as((p, groups, seps) -> {
          StringBuilder sb = new StringBuilder(p);
          for (int i = 0; i < groups.size(); i++) {
            if (i > 0) {
              sb.append(seps.get(i - 1));
            }
            sb.append(groups.get(i));
          }
          return sb.toString();
        });
  }

  @Provide
  Arbitrary<String> scannerRegions() {
    return Arbitraries.of(SCANNER_REGIONS);
  }

  /** The number itself, and one-digit changes: last digit changed, one dropped, one added, a 0 in front. */
  private static List<String> variants(String formatted) {
    List<String> out = new ArrayList<>();
    out.add(formatted);
    int last = lastDigit(formatted);
    if (last >= 0) {
      char d = formatted.charAt(last);
      out.add(formatted.substring(0, last) + (char) ('0' + (d - '0' + 1) % 10) + formatted.substring(last + 1));
      out.add(formatted.substring(0, last) + formatted.substring(last + 1));
      out.add(formatted.substring(0, last + 1) + "7" + formatted.substring(last + 1));
    }
    out.add(formatted.startsWith("+") ? formatted : "0" + formatted);
    return out;
  }

  private static int lastDigit(String s) {
    for (int i = s.length() - 1; i >= 0; i--) {
      if (s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        return i;
      }
    }
    return -1;
  }

  private static String digits(Random r, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + r.nextInt(10)));
    }
    return sb.toString();
  }
}
