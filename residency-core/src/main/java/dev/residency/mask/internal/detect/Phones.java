package dev.residency.mask.internal.detect;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Phone number validation through libphonenumber (the reference metadata: a number must be valid
 * for its country, not just look like one). Internal, may change without notice. Thread-safe.
 */
public final class Phones {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /** Regions tried, in order, for a national number that starts with a trunk prefix 0. */
  private static final List<String> TRUNK_ZERO_REGIONS =
      List.of("DE", "GB", "FR", "IT", "NL", "SE", "AT", "BE", "CH", "IE", "PT", "FI", "DK", "NO");

  /**
   * Verdicts by region and candidate text. libphonenumber costs microseconds per number and the
   * same numbers recur (signatures, logs); bounded by clearing, never by eviction bookkeeping.
   */
  private static final ConcurrentHashMap<String, Boolean> CACHE = new ConcurrentHashMap<>();

  private static final int CACHE_LIMIT = 8192;

  /** Cache key prefixes: a region code and '|', or one of these two. */
  private static final String INTERNATIONAL = "ZZ|";

  private static final String TRUNK_ZERO = "EU0|";

  private Phones() {}

  private static boolean cached(String keyPrefix, String region, String written) {
    String candidate = spaced(written);
    // String.concat, not '+': the invokedynamic concatenation put over a kilobyte of method-handle
    // code into every compiled caller; the prefix ends with '|' so no two keys run together
    String key = keyPrefix.concat(candidate);
    Boolean v = CACHE.get(key);
    if (v == null) {
      v = compute(region, candidate);
      if (CACHE.size() >= CACHE_LIMIT) {
        CACHE.clear();
      }
      CACHE.put(key, v);
    }
    return v;
  }

  private static boolean compute(String region, String candidate) {
    switch (region) {
      case "ZZ":
        return computeInternational(candidate);
      case "EU0":
        return computeTrunkZero(candidate);
      default:
        return computeFor(candidate, region);
    }
  }

  /**
   * The candidate with narrow no-break, thin and figure spaces read as plain spaces. The scanner
   * takes them as separators (French typography writes {@code 06 12 34 56 78} with U+202F), but
   * libphonenumber's punctuation set lacks them and would call such a number "not a number".
   */
  static String spaced(String candidate) {
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (c == '\u202F' || c == '\u2009' || c == '\u2007') {
        return candidate.replace('\u202F', ' ').replace('\u2009', ' ').replace('\u2007', ' ');
      }
    }
    return candidate;
  }

  /** Whether {@code candidate} (starting with '+') is a valid international number. */
  public static boolean validInternational(String candidate) {
    return cached(INTERNATIONAL, "ZZ", candidate);
  }

  /** Whether {@code candidate} is a valid national number of {@code region}. */
  public static boolean validFor(String candidate, String region) {
    return cached(region.concat("|"), region, candidate);
  }

  /** Whether {@code candidate}, written with a trunk 0, is valid in one of the European regions tried. */
  public static boolean validNationalTrunkZero(String candidate) {
    return cached(TRUNK_ZERO, "EU0", candidate);
  }

  private static boolean computeInternational(String candidate) {
    int verdict = PhoneRules.international(candidate);
    if (verdict != PhoneRules.UNDECIDED) {
      return verdict == PhoneRules.VALID;
    }
    return parseInternational(candidate);
  }

  /** libphonenumber's own verdict (the reference the fast path is tested against). */
  static boolean parseInternational(String candidate) {
    try {
      PhoneNumber p = UTIL.parse(candidate, "ZZ");
      return UTIL.isValidNumber(p);
    } catch (NumberParseException e) {
      return false;
    }
  }

  private static boolean computeFor(String candidate, String region) {
    String digits = PhoneRules.digits(candidate, false);
    int verdict = digits == null ? PhoneRules.UNDECIDED : PhoneRules.nationalDigits(digits, region);
    if (verdict != PhoneRules.UNDECIDED) {
      return verdict == PhoneRules.VALID;
    }
    return parseFor(candidate, region);
  }

  /** libphonenumber's own verdict (the reference the fast path is tested against). */
  static boolean parseFor(String candidate, String region) {
    try {
      PhoneNumber p = UTIL.parse(candidate, region);
      return UTIL.isValidNumberForRegion(p, region);
    } catch (NumberParseException e) {
      return false;
    }
  }

  private static boolean computeTrunkZero(String candidate) {
    String digits = PhoneRules.digits(candidate, false);
    for (String r : TRUNK_ZERO_REGIONS) {
      int verdict = digits == null ? PhoneRules.UNDECIDED : PhoneRules.nationalDigits(digits, r);
      if (verdict == PhoneRules.UNDECIDED ? parseFor(candidate, r) : verdict == PhoneRules.VALID) {
        return true;
      }
    }
    return false;
  }
}
