package dev.residency.mask.internal.detect;

import dev.residency.mask.MaskingSettings.CustomDetector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * User-configured detectors: regexes run as given (java.util.regex) with an optional check-digit
 * validator, and dictionaries of terms matched case-insensitively on word boundaries by hashing
 * each word-start substring of every term length. Internal, may change without notice. Immutable
 * and thread-safe.
 */
public final class CustomDetectors {
  static final int PRIO_CUSTOM = 3;

  private final List<String> regexNames = new ArrayList<>();
  private final List<Pattern> regexes = new ArrayList<>();
  private final List<String> validators = new ArrayList<>();
  private final Map<String, String> terms = new HashMap<>();
  private final int[] termLengths;

  /** Compiles the custom detectors. */
  public CustomDetectors(List<CustomDetector> detectors) {
    Set<Integer> lengths = new TreeSet<>();
    for (CustomDetector d : detectors) {
      if (d.regex() != null) {
        regexNames.add(d.name());
        regexes.add(Pattern.compile(d.regex()));
        validators.add(d.validator());
      } else {
        for (String t : d.terms()) {
          String key = t.trim().toLowerCase(Locale.ROOT);
          if (!key.isEmpty()) {
            terms.putIfAbsent(key, d.name());
            lengths.add(key.length());
          }
        }
      }
    }
    termLengths = lengths.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Whether any custom detector is configured. */
  public boolean isEmpty() {
    return regexes.isEmpty() && terms.isEmpty();
  }

  /** Adds the custom detectors' matches to {@code out}. */
  public void scan(String s, Candidates out) {
    for (int r = 0; r < regexes.size(); r++) {
      Matcher m = regexes.get(r).matcher(s);
      String validator = validators.get(r);
      while (m.find()) {
        if (m.end() > m.start() && validate(s.substring(m.start(), m.end()), validator)) {
          out.add(m.start(), m.end(), regexNames.get(r), PRIO_CUSTOM);
        }
      }
    }
    if (!terms.isEmpty()) {
      scanTerms(s, out);
    }
  }

  private void scanTerms(String s, Candidates out) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (!Scanner.isWordChar(s.charAt(i)) || (i > 0 && Scanner.isWordChar(s.charAt(i - 1)))) {
        continue;
      }
      for (int li = termLengths.length - 1; li >= 0; li--) {
        int e = i + termLengths[li];
        if (e > n) {
          continue;
        }
        if (e < n && Scanner.isWordChar(s.charAt(e))) {
          continue;
        }
        String name = terms.get(s.substring(i, e).toLowerCase(Locale.ROOT));
        if (name != null) {
          out.add(i, e, name, PRIO_CUSTOM);
          break;
        }
      }
    }
  }

  static boolean validate(String value, String validator) {
    switch (validator) {
      case "luhn":
        return Checks.luhn(digitsOf(value));
      case "mod97":
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
          char c = value.charAt(i);
          if (Character.isLetterOrDigit(c) && c < 128) {
            b.append(Character.toUpperCase(c));
          }
        }
        return b.length() >= 5 && Checks.mod97(b, 4, b.length()) == 1;
      case "mod11":
        String d = digitsOf(value);
        if (d.length() < 2) {
          return false;
        }
        int sum = 0;
        for (int i = 0; i < d.length(); i++) {
          sum += (d.charAt(i) - '0') * (d.length() - i);
        }
        return sum % 11 == 0;
      default:
        return true;
    }
  }

  private static String digitsOf(String v) {
    StringBuilder b = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c >= '0' && c <= '9') {
        b.append(c);
      }
    }
    return b.toString();
  }
}
