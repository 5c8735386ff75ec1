package dev.residency.mask.internal.detect;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;

/**
 * Phone number validation through libphonenumber (the reference metadata: a number must be valid
 * for its country, not just look like one). Internal, may change without notice. Thread-safe.
 */
public final class Phones {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /** Regions tried, in order, for a national number that starts with a trunk prefix 0. */
  private static final List<String> TRUNK_ZERO_REGIONS =
      List.of("DE", "GB", "FR", "IT", "NL", "SE", "AT", "BE", "CH", "IE", "PT", "FI", "DK", "NO");

  private Phones() {}

  /** Whether {@code candidate} (starting with '+') is a valid international number. */
  public static boolean validInternational(String candidate) {
    try {
      PhoneNumber p = UTIL.parse(candidate, "ZZ");
      return UTIL.isValidNumber(p);
    } catch (NumberParseException e) {
      return false;
    }
  }

  /** Whether {@code candidate} is a valid national number of {@code region}. */
  public static boolean validFor(String candidate, String region) {
    try {
      PhoneNumber p = UTIL.parse(candidate, region);
      return UTIL.isValidNumberForRegion(p, region);
    } catch (NumberParseException e) {
      return false;
    }
  }

  /** Whether {@code candidate}, written with a trunk 0, is valid in one of the European regions tried. */
  public static boolean validNationalTrunkZero(String candidate) {
    for (String r : TRUNK_ZERO_REGIONS) {
      if (validFor(candidate, r)) {
        return true;
      }
    }
    return false;
  }
}
