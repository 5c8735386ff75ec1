package dev.residency.mask.internal.detect;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libphonenumber's parse-then-validate verdict, computed without {@code PhoneNumberUtil.parse}.
 * Internal, may change without notice. Thread-safe.
 *
 * <p>Why: {@code parse} costs 5-10 us per candidate (extension, viability and punctuation regexes
 * that the scanner's candidates never need), the trunk-zero check parses up to 14 times, and
 * libphonenumber's regex cache holds 100 patterns, so text with numbers from many countries
 * recompiles patterns. Real text has few repeated numbers, so a verdict cache does not help.
 *
 * <p>How: the same steps as {@code PhoneNumberUtil.parseHelper} for the only inputs the scanner
 * produces (ASCII digits with space, no-break space, {@code - . / ( )}, optionally one leading
 * {@code +}), with the same metadata, then the same validity rule as {@code isValidNumber} /
 * {@code isValidNumberForRegion} (general description, then any number type), with patterns
 * compiled once per region and possible lengths checked before any pattern. Anything off that
 * path (other characters, fewer than 7 digits, a region whose national-prefix transform rule
 * applies) returns {@link #UNDECIDED} and the caller asks libphonenumber itself. {@code PhoneRulesDifferentialTest} checks the verdicts
 * against libphonenumber over every region's example numbers and random candidates.
 */
final class PhoneRules {
  /** The verdict could not be computed here; ask libphonenumber. */
  static final int UNDECIDED = -1;

  static final int INVALID = 0;
  static final int VALID = 1;

  private static final int MIN_LENGTH_FOR_NSN = 2;
  private static final int MAX_LENGTH_FOR_NSN = 17;
  private static final String NON_GEO = "001";

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final MetadataSource METADATA =
      DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();

  /** Calling code to its regions, main region first, as libphonenumber lists them; null if unknown. */
  private static final List<String>[] REGIONS_BY_CODE = regionsByCode();

  private static final ConcurrentHashMap<String, Region> BY_REGION = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<Integer, Region> NON_GEO_BY_CODE = new ConcurrentHashMap<>();

  private PhoneRules() {}

  @SuppressWarnings("unchecked")
  private static List<String>[] regionsByCode() {
    List<String>[] r = new List[1000];
    for (int code : UTIL.getSupportedCallingCodes()) {
      if (code > 0 && code < 1000) {
        r[code] = List.copyOf(UTIL.getRegionCodesForCountryCode(code));
      }
    }
    return r;
  }

  /**
   * The verdict of {@code isValidNumber(parse(candidate, "ZZ"))} for a candidate starting with
   * {@code +}: {@link #VALID}, {@link #INVALID} or {@link #UNDECIDED}.
   */
  static int international(String candidate) {
    String digits = digits(candidate, true);
    return digits == null ? UNDECIDED : internationalDigits(digits);
  }

  /** {@link #international(String)} of the digits after the {@code +}. */
  static int internationalDigits(String digits) {
    Parsed p = afterInternationalPrefix(digits);
    if (p.nsn() == null) {
      return p.verdict();
    }
    int code = p.code();
    String nsn = p.nsn();
    List<String> regions = REGIONS_BY_CODE[code];
    // isValidNumber: the region the number belongs to (getRegionCodeForNumber), then its rules
    if (regions.size() == 1) {
      return region(code, regions.get(0)).valid(nsn) ? VALID : INVALID;
    }
    for (String r : regions) {
      Region m = region(code, r);
      if (m == null) {
        return UNDECIDED;
      }
      if (m.leadingDigits != null) {
        if (m.leadingDigits.matcher(nsn).lookingAt()) {
          return m.valid(nsn) ? VALID : INVALID;
        }
      } else if (m.valid(nsn)) {
        return VALID;
      }
    }
    return INVALID;
  }

  /**
   * The verdict of {@code isValidNumberForRegion(parse(candidate, region), region)} for a national
   * candidate (no {@code +}): {@link #VALID}, {@link #INVALID} or {@link #UNDECIDED}.
   */
  static int national(String candidate, String regionCode) {
    String digits = digits(candidate, false);
    return digits == null ? UNDECIDED : nationalDigits(digits, regionCode);
  }

  /** {@link #national(String, String)} of the candidate's digits. */
  static int nationalDigits(String digits, String regionCode) {
    // a region seen before is one map look-up; libphonenumber's own look-up of the calling code
    // runs once per region (inlined, it was over half of the compiled phone path)
    Region region = BY_REGION.get(regionCode);
    if (region == null) {
      region = geographicRegion(regionCode);
      if (region == null) {
        return UNDECIDED;
      }
    }
    int code = region.code;
    // maybeExtractCountryCode without '+': an international dialling prefix (00, 011) makes the
    // rest an international number, unless a 0 follows it (calling codes never start with 0)
    Matcher idd = region.idd.matcher(digits);
    if (idd.lookingAt() && !(idd.end() < digits.length() && digits.charAt(idd.end()) == '0')) {
      return afterIdd(digits.substring(idd.end()), code, region);
    }
    String national = digits;
    Region stripWith = region;
    // a number that starts with the region's own calling code is read without it when that makes
    // it fit the region's pattern, or when it is too long with it
    if (digits.startsWith(region.codeString)) {
      String potential = maybeStripNationalPrefix(digits.substring(region.codeString.length()), region);
      if (potential == null) {
        return UNDECIDED;
      }
      if ((!region.generalMatches(digits) && region.generalMatches(potential)) || region.tooLong(digits.length())) {
        national = potential;
        // parse goes on with the metadata of the calling code's main region
        stripWith = region(code, REGIONS_BY_CODE[code].get(0));
        if (stripWith == null) {
          return UNDECIDED;
        }
      }
    }
    if (national.length() < MIN_LENGTH_FOR_NSN) {
      return INVALID;
    }
    String nsn = stripNationalPrefix(national, stripWith);
    if (nsn == null) {
      return UNDECIDED;
    }
    if (nsn.length() < MIN_LENGTH_FOR_NSN || nsn.length() > MAX_LENGTH_FOR_NSN) {
      return INVALID;
    }
    return region.valid(nsn) ? VALID : INVALID;
  }

  /**
   * A national candidate that began with the region's international dialling prefix: read as
   * international, and valid for the region only with the region's own calling code.
   */
  private static int afterIdd(String rest, int regionCallingCode, Region region) {
    Parsed p = afterInternationalPrefix(rest);
    if (p.nsn() == null) {
      return p.verdict();
    }
    // isValidNumberForRegion: another country's number is not valid for this region
    return p.code() == regionCallingCode && region.valid(p.nsn()) ? VALID : INVALID;
  }

  /** A calling code and national significant number, or (nsn null) the verdict already reached. */
  private record Parsed(int code, String nsn, int verdict) {
    static Parsed verdict(int verdict) {
      return new Parsed(0, null, verdict);
    }
  }

  /**
   * parse's steps after a {@code +} or an international dialling prefix: at least 3 digits, the
   * known calling code they start with, then the national prefix stripped with the metadata of
   * that code's main region.
   */
  private static Parsed afterInternationalPrefix(String digits) {
    if (digits.length() <= MIN_LENGTH_FOR_NSN) {
      return Parsed.verdict(INVALID);
    }
    int codeLength = callingCodeLength(digits);
    if (codeLength == 0) {
      return Parsed.verdict(INVALID);
    }
    int code = Integer.parseInt(digits, 0, codeLength, 10);
    String national = digits.substring(codeLength);
    if (national.length() < MIN_LENGTH_FOR_NSN) {
      return Parsed.verdict(INVALID);
    }
    Region main = region(code, REGIONS_BY_CODE[code].get(0));
    if (main == null) {
      return Parsed.verdict(UNDECIDED);
    }
    String nsn = stripNationalPrefix(national, main);
    if (nsn == null) {
      return Parsed.verdict(UNDECIDED);
    }
    if (nsn.length() < MIN_LENGTH_FOR_NSN || nsn.length() > MAX_LENGTH_FOR_NSN) {
      return Parsed.verdict(INVALID);
    }
    return new Parsed(code, nsn, VALID);
  }

  /** extractCountryCode: the length of the known calling code {@code digits} starts with, or 0. */
  private static int callingCodeLength(String digits) {
    if (digits.isEmpty() || digits.charAt(0) == '0') {
      return 0;
    }
    for (int i = 1; i <= 3 && i <= digits.length(); i++) {
      if (REGIONS_BY_CODE[Integer.parseInt(digits, 0, i, 10)] != null) {
        return i;
      }
    }
    return 0;
  }

  /**
   * The ASCII digits of {@code candidate}, or null when it holds anything the scanner never
   * produces (then libphonenumber's own reading applies).
   */
  static String digits(String candidate, boolean plus) {
    int n = candidate.length();
    int i = 0;
    if (plus) {
      if (n == 0 || candidate.charAt(0) != '+') {
        return null;
      }
      i = 1;
    }
    char[] out = new char[n];
    int k = 0;
    for (; i < n; i++) {
      char c = candidate.charAt(i);
      if (c >= '0' && c <= '9') {
        out[k++] = c;
      } else if (c != ' ' && c != '\u00A0' && c != '-' && c != '.' && c != '/' && c != '(' && c != ')') {
        return null;
      }
    }
    // the scanner never asks about fewer than 7 digits; libphonenumber's viability rules for very
    // short inputs are not repeated here
    return k < 7 ? null : new String(out, 0, k);
  }

  /**
   * parseHelper's national-prefix step: strip the prefix when the rest is still long enough for
   * the region; null when the region's transform rule applies (left to libphonenumber).
   */
  private static String stripNationalPrefix(String number, Region m) {
    String stripped = maybeStripNationalPrefix(number, m);
    if (stripped == null) {
      return null;
    }
    return m.tooShort(stripped.length()) ? number : stripped;
  }

  /**
   * maybeStripNationalPrefixAndCarrierCode: the number without its national prefix, unless that
   * would make a number that fits the region's pattern stop fitting it; null when the region's
   * transform rule applies.
   */
  private static String maybeStripNationalPrefix(String number, Region m) {
    if (m.nationalPrefix == null || number.isEmpty()) {
      return number;
    }
    Matcher prefix = m.nationalPrefix.matcher(number);
    if (!prefix.lookingAt()) {
      return number;
    }
    if (m.hasTransformRule && prefix.group(prefix.groupCount()) != null) {
      return null;
    }
    String stripped = number.substring(prefix.end());
    if (m.generalMatches(number) && !m.generalMatches(stripped)) {
      return number;
    }
    return stripped;
  }

  private static Region geographicRegion(String regionCode) {
    int code = UTIL.getCountryCodeForRegion(regionCode);
    return code == 0 ? null : region(code, regionCode);
  }

  private static Region region(int code, String regionCode) {
    if (NON_GEO.equals(regionCode)) {
      Region r = NON_GEO_BY_CODE.get(code);
      if (r == null) {
        PhoneMetadata md = METADATA.getMetadataForNonGeographicalRegion(code);
        if (md == null) {
          return null;
        }
        r = NON_GEO_BY_CODE.computeIfAbsent(code, c -> new Region(md));
      }
      return r;
    }
    Region r = BY_REGION.get(regionCode);
    if (r == null) {
      PhoneMetadata md = METADATA.getMetadataForRegion(regionCode);
      if (md == null || md.getCountryCode() != code) {
        return null;
      }
      r = BY_REGION.computeIfAbsent(regionCode, c -> new Region(md));
    }
    return r;
  }

  /** One region's metadata with its patterns compiled once. */
  private static final class Region {
    final int code;
    final String codeString;
    final Pattern idd;
    final Pattern nationalPrefix;
    final boolean hasTransformRule;
    final Pattern leadingDigits;
    final Pattern general;
    final long generalLengths;
    final List<Integer> generalLengthList;
    final List<Integer> localOnlyLengths;
    /** Number types in the order their patterns are tried; validity needs any one of them. */
    final Desc[] types;

    Region(PhoneMetadata md) {
      code = md.getCountryCode();
      codeString = Integer.toString(code);
      // as libphonenumber does: an absent prefix is the empty pattern, which matches everywhere
      // (and so sends every national number of such a region back to libphonenumber)
      idd = Pattern.compile(md.getInternationalPrefix());
      String np = md.getNationalPrefixForParsing();
      nationalPrefix = np == null || np.isEmpty() ? null : Pattern.compile(np);
      String rule = md.getNationalPrefixTransformRule();
      hasTransformRule = rule != null && !rule.isEmpty();
      leadingDigits = md.hasLeadingDigits() ? Pattern.compile(md.getLeadingDigits()) : null;
      PhoneNumberDesc g = md.getGeneralDesc();
      general = pattern(g);
      generalLengths = lengths(g);
      generalLengthList = List.copyOf(g.getPossibleLengthList());
      localOnlyLengths = List.copyOf(g.getPossibleLengthLocalOnlyList());
      // fixed line and mobile first: the common valid answers end the search soonest; the order
      // does not change validity, which is "any type"
      java.util.ArrayList<Desc> t = new java.util.ArrayList<>();
      add(t, md.getFixedLine());
      if (!md.getSameMobileAndFixedLinePattern()) {
        add(t, md.getMobile());
      }
      add(t, md.getTollFree());
      add(t, md.getPremiumRate());
      add(t, md.getSharedCost());
      add(t, md.getVoip());
      add(t, md.getPersonalNumber());
      add(t, md.getPager());
      add(t, md.getUan());
      add(t, md.getVoicemail());
      types = t.toArray(new Desc[0]);
    }

    private static void add(List<Desc> out, PhoneNumberDesc d) {
      Pattern p = pattern(d);
      if (p != null) {
        out.add(new Desc(p, lengths(d)));
      }
    }

    /** The desc's pattern, or null when it matches nothing (empty pattern). */
    private static Pattern pattern(PhoneNumberDesc d) {
      String p = d.getNationalNumberPattern();
      return p == null || p.isEmpty() ? null : Pattern.compile(p);
    }

    /** Possible lengths as a bit set; all bits when the desc lists none (then any length may match). */
    private static long lengths(PhoneNumberDesc d) {
      List<Integer> l = d.getPossibleLengthList();
      if (l.isEmpty()) {
        return -1L;
      }
      long bits = 0;
      for (int len : l) {
        if (len >= 0 && len < 64) {
          bits |= 1L << len;
        }
      }
      return bits;
    }

    /** getNumberTypeHelper(nsn) != UNKNOWN. */
    boolean valid(String nsn) {
      int len = nsn.length();
      if ((generalLengths & (1L << len)) == 0 || general == null || !general.matcher(nsn).matches()) {
        return false;
      }
      for (Desc d : types) {
        if ((d.lengths & (1L << len)) != 0 && d.pattern.matcher(nsn).matches()) {
          return true;
        }
      }
      return false;
    }

    boolean generalMatches(String number) {
      return general != null && general.matcher(number).matches();
    }

    /** testNumberLength(number, metadata) == TOO_LONG. */
    boolean tooLong(int len) {
      if (generalLengthList.isEmpty() || generalLengthList.get(0) == -1 || localOnlyLengths.contains(len)) {
        return false;
      }
      return generalLengthList.get(0) < len && generalLengthList.get(generalLengthList.size() - 1) < len;
    }

    /** testNumberLength(number, metadata) == TOO_SHORT. */
    boolean tooShort(int len) {
      if (generalLengthList.isEmpty() || generalLengthList.get(0) == -1 || localOnlyLengths.contains(len)) {
        return false;
      }
      return generalLengthList.get(0) > len;
    }
  }

  private static final class Desc {
    final Pattern pattern;
    final long lengths;

    Desc(Pattern pattern, long lengths) {
      this.pattern = pattern;
      this.lengths = lengths;
    }
  }
}
