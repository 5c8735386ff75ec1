package dev.residency.mask.internal.detect;

import java.util.HashMap;
import java.util.Map;

/**
 * Check-digit and structure validators for the built-in detectors. Internal, may change without
 * notice. All methods are pure and thread-safe; digit arguments are arrays of values 0-9.
 */
public final class Checks {
  private Checks() {}

  /** Luhn (mod 10) over {@code d[from, to)}. */
  public static boolean luhn(int[] d, int from, int to) {
    int sum = 0;
    boolean dbl = false;
    for (int i = to - 1; i >= from; i--) {
      int v = d[i];
      if (dbl) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  /** Luhn over a digit string (non-digits rejected). */
  public static boolean luhn(CharSequence s) {
    int[] d = digits(s);
    return d != null && d.length > 1 && luhn(d, 0, d.length);
  }

  /** Digits of {@code s} as values, or {@code null} when {@code s} holds anything but ASCII digits. */
  public static int[] digits(CharSequence s) {
    int[] d = new int[s.length()];
    for (int i = 0; i < d.length; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      d[i] = c - '0';
    }
    return d;
  }

  private static int num(int[] d, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      v = v * 10 + d[i];
    }
    return v;
  }

  /**
   * A payment card number: 13-19 digits, a known issuer prefix with a length that issuer uses,
   * and a valid Luhn check digit.
   */
  public static boolean card(int[] d, int n) {
    if (n < 13 || n > 19 || !luhn(d, 0, n)) {
      return false;
    }
    int p1 = d[0];
    int p2 = num(d, 0, 2);
    int p3 = num(d, 0, 3);
    int p4 = num(d, 0, 4);
    int p6 = num(d, 0, 6);
    if (p1 == 4) { // Visa (13-digit numbers are no longer issued and collide with EAN-13 codes)
      return n == 16 || n == 19;
    }
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) { // Mastercard
      return n == 16;
    }
    if (p2 == 34 || p2 == 37) { // Amex
      return n == 15;
    }
    if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) { // Discover
      return n >= 16;
    }
    if (p2 == 62) { // UnionPay
      return n >= 16;
    }
    if (p4 >= 3528 && p4 <= 3589) { // JCB
      return n >= 16;
    }
    if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39 || p3 == 309) { // Diners
      return n >= 14;
    }
    if (p4 >= 2200 && p4 <= 2204) { // Mir
      return n >= 16;
    }
    if (p2 == 50 || (p2 >= 56 && p2 <= 69)) { // Maestro (16-19 in practice; shorter ones collide with EAN-13)
      return n >= 16;
    }
    return false;
  }

  /**
   * A 13-digit Visa number (Luhn-valid, leading 4): still valid on old cards and in test suites, but
   * as many EAN-13 barcodes start with 4 (400–440 is Germany), only with a card label.
   */
  public static boolean shortVisa(int[] d, int n) {
    return n == 13 && d[0] == 4 && luhn(d, 0, n);
  }

  private static final Map<String, Integer> IBAN_LENGTHS = new HashMap<>();

  static {
    String table =
        "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28"
            + " EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26"
            + " IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30"
            + " NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27"
            + " SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
    for (String e : table.split(" ")) {
      IBAN_LENGTHS.put(e.substring(0, 2), Integer.parseInt(e.substring(2)));
    }
  }

  /** The IBAN length for a country code, or 0 when the country has no IBAN. */
  public static int ibanLength(String country) {
    Integer n = IBAN_LENGTHS.get(country);
    return n == null ? 0 : n;
  }

  /** An IBAN without spaces, upper case: country length and ISO 7064 mod 97-10. */
  public static boolean iban(CharSequence s) {
    int n = s.length();
    if (n < 15 || n > 34 || ibanLength(s.subSequence(0, 2).toString()) != n) {
      return false;
    }
    if (!isDigit(s.charAt(2)) || !isDigit(s.charAt(3))) {
      return false;
    }
    return mod97(s, 4, n) == 1;
  }

  /** Mod 97 of the rearranged string: chars [rotate, n) then [0, rotate), letters as 10-35. */
  public static int mod97(CharSequence s, int rotate, int n) {
    long r = 0;
    for (int k = 0; k < n; k++) {
      char c = s.charAt((k + rotate) % n);
      if (isDigit(c)) {
        r = (r * 10 + (c - '0')) % 97;
      } else if (c >= 'A' && c <= 'Z') {
        r = (r * 100 + (c - 'A' + 10)) % 97;
      } else if (c >= 'a' && c <= 'z') {
        r = (r * 100 + (c - 'a' + 10)) % 97;
      } else {
        return -1;
      }
    }
    return (int) r;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** US SSN ranges: area not 000, 666 or 9xx; group not 00; serial not 0000. */
  public static boolean ssn(int[] d) {
    int area = num(d, 0, 3);
    int group = num(d, 3, 2);
    int serial = num(d, 5, 4);
    return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
  }

  /** NHS number: 10 digits, mod 11 check digit (a remainder giving 10 is invalid). */
  public static boolean nhs(int[] d) {
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += d[i] * (10 - i);
    }
    int check = 11 - (sum % 11);
    if (check == 11) {
      check = 0;
    }
    return check != 10 && check == d[9];
  }

  /**
   * German Steuerliche Identifikationsnummer: 11 digits, first not 0; among the first ten, exactly
   * one digit occurs twice or three times (three times never adjacent), some digit is missing;
   * check digit ISO 7064 MOD 11,10.
   */
  public static boolean steuerId(int[] d) {
    if (d[0] == 0) {
      return false;
    }
    int[] counts = new int[10];
    for (int i = 0; i < 10; i++) {
      counts[d[i]]++;
    }
    int repeated = 0;
    int times = 0;
    for (int c : counts) {
      if (c > 1) {
        repeated++;
        times = c;
      }
    }
    if (repeated != 1 || times > 3) {
      return false;
    }
    if (times == 3) {
      for (int i = 2; i < 10; i++) {
        if (d[i] == d[i - 1] && d[i] == d[i - 2]) {
          return false;
        }
      }
    }
    int product = 10;
    for (int i = 0; i < 10; i++) {
      int sum = (d[i] + product) % 10;
      if (sum == 0) {
        sum = 10;
      }
      product = (sum * 2) % 11;
    }
    int check = 11 - product;
    if (check == 10) {
      check = 0;
    }
    return check == d[10];
  }

  private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

  /** The Spanish DNI / NIE control letter for a number. */
  public static char dniLetter(int number) {
    return DNI_LETTERS.charAt(number % 23);
  }

  /** Dutch BSN: 9 digits, 11-proof (weights 9..2 and -1), not all zero. */
  public static boolean bsn(int[] d) {
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      sum += d[i] * (9 - i);
    }
    sum -= d[8];
    return sum != 0 && sum % 11 == 0;
  }

  /** Polish PESEL: 11 digits, weights 1,3,7,9 and a valid birth date (century in the month). */
  public static boolean pesel(int[] d) {
    int[] w = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
    int sum = 0;
    for (int i = 0; i < 10; i++) {
      sum += d[i] * w[i];
    }
    if ((10 - sum % 10) % 10 != d[10]) {
      return false;
    }
    int yy = num(d, 0, 2);
    int mm = num(d, 2, 2);
    int dd = num(d, 4, 2);
    int century;
    if (mm >= 81 && mm <= 92) {
      century = 1800;
      mm -= 80;
    } else if (mm >= 1 && mm <= 12) {
      century = 1900;
    } else if (mm >= 21 && mm <= 32) {
      century = 2000;
      mm -= 20;
    } else if (mm >= 41 && mm <= 52) {
      century = 2100;
      mm -= 40;
    } else if (mm >= 61 && mm <= 72) {
      century = 2200;
      mm -= 60;
    } else {
      return false;
    }
    return validDate(century + yy, mm, dd);
  }

  /**
   * Swedish personnummer, the ten digits YYMMDDNNNC: a valid date (day + 60 for a
   * samordningsnummer) and a Luhn check digit.
   */
  public static boolean personnummer(int[] d, int from) {
    int yy = num(d, from, 2);
    int mm = num(d, from + 2, 2);
    int dd = num(d, from + 4, 2);
    if (dd > 60) {
      dd -= 60;
    }
    // The century is not in the 10-digit form: accept a date valid in a leap year.
    if (!validDate(2000 + yy, mm, dd) && !validDate(1900 + yy, mm, dd)) {
      return false;
    }
    return luhn(d, from, from + 10);
  }

  /** Whether year-month-day is a calendar date. */
  public static boolean validDate(int y, int m, int d) {
    if (m < 1 || m > 12 || d < 1) {
      return false;
    }
    int[] days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int max = days[m - 1];
    if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) {
      max = 29;
    }
    return d <= max;
  }

  /**
   * French NIR (numéro de sécurité sociale), 15 characters without separators: sex, year,
   * month, department (digits or 2A / 2B for Corsica), commune, order, 97-key.
   */
  public static boolean nir(CharSequence s) {
    if (s.length() != 15) {
      return false;
    }
    char sex = s.charAt(0);
    if (sex != '1' && sex != '2' && sex != '7' && sex != '8') {
      return false;
    }
    long n = 0;
    for (int i = 0; i < 13; i++) {
      char c = s.charAt(i);
      int v;
      if (i == 6 && (c == 'A' || c == 'B') && s.charAt(5) == '2') {
        v = 0; // placeholder, corrected below
      } else if (isDigit(c)) {
        v = c - '0';
      } else {
        return false;
      }
      n = n * 10 + v;
    }
    char dep2 = s.charAt(6);
    if (dep2 == 'A') {
      n -= 1_000_000L; // 2A -> 19: 20 - 1 at the department position (10^6 scale after the 0 placeholder)
    } else if (dep2 == 'B') {
      n -= 2_000_000L; // 2B -> 18
    }
    // department digits sit at positions 5-6 (10^7, 10^6); 2A read as "20", corrected to 19 / 18.
    int month = (s.charAt(3) - '0') * 10 + (s.charAt(4) - '0');
    if (!isDigit(s.charAt(3)) || !isDigit(s.charAt(4))
        || !((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || (month >= 50 && month <= 99))) {
      return false;
    }
    if (!isDigit(s.charAt(13)) || !isDigit(s.charAt(14))) {
      return false;
    }
    int key = (s.charAt(13) - '0') * 10 + (s.charAt(14) - '0');
    return key >= 1 && key <= 97 && key == 97 - (int) (n % 97);
  }

  private static final int[] CF_ODD = {
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23
  };
  private static final String CF_MONTHS = "ABCDEHLMPRST";
  private static final String CF_OMOCODIA = "LMNPQRSTUV";

  /** Italian codice fiscale (16 chars, upper case): structure, month letter, day and check char. */
  public static boolean codiceFiscale(CharSequence s) {
    if (s.length() != 16) {
      return false;
    }
    for (int i = 0; i < 16; i++) {
      char c = s.charAt(i);
      boolean letterPos = i < 6 || i == 8 || i == 11 || i == 15;
      if (letterPos) {
        if (c < 'A' || c > 'Z') {
          return false;
        }
      } else if (!isDigit(c) && CF_OMOCODIA.indexOf(c) < 0) {
        return false;
      }
    }
    if (CF_MONTHS.indexOf(s.charAt(8)) < 0) {
      return false;
    }
    int day = cfDigit(s.charAt(9)) * 10 + cfDigit(s.charAt(10));
    if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 15; i++) {
      char c = s.charAt(i);
      int v = isDigit(c) ? c - '0' : c - 'A';
      sum += (i % 2 == 0) ? CF_ODD[v] : v;
    }
    return s.charAt(15) == (char) ('A' + sum % 26);
  }

  private static int cfDigit(char c) {
    return isDigit(c) ? c - '0' : CF_OMOCODIA.indexOf(c);
  }
}
