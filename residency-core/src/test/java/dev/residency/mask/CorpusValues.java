package dev.residency.mask;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Generates valid values (check digits computed) and checksum-failing look-alikes for the corpus. */
final class CorpusValues {
  private final Random r;

  CorpusValues(Random r) {
    this.r = r;
  }

  String digits(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) ('0' + r.nextInt(10)));
    }
    return b.toString();
  }

  String upper(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) ('A' + r.nextInt(26)));
    }
    return b.toString();
  }

  String alnum(int n) {
    String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(a.charAt(r.nextInt(a.length())));
    }
    // random-looking values always mix letters and digits
    b.setCharAt(r.nextInt(n), (char) ('0' + r.nextInt(10)));
    b.setCharAt(r.nextInt(n), (char) ('a' + r.nextInt(26)));
    return b.toString();
  }

  String hex(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append("0123456789abcdef".charAt(r.nextInt(16)));
    }
    return b.toString();
  }

  <T> T pick(List<T> xs) {
    return xs.get(r.nextInt(xs.size()));
  }

  @SafeVarargs
  final <T> T pick(T... xs) {
    return xs[r.nextInt(xs.length)];
  }

  // ------------------------------------------------------------------ cards

  static int luhnCheck(String body) {
    int sum = 0;
    boolean dbl = true;
    for (int i = body.length() - 1; i >= 0; i--) {
      int v = body.charAt(i) - '0';
      if (dbl) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
      dbl = !dbl;
    }
    return (10 - sum % 10) % 10;
  }

  String cardDigits() {
    String prefix;
    int len;
    switch (r.nextInt(6)) {
      case 0: prefix = "4"; len = 16; break;
      case 1: prefix = String.valueOf(51 + r.nextInt(5)); len = 16; break;
      case 2: prefix = pick("34", "37"); len = 15; break;
      case 3: prefix = "6011"; len = 16; break;
      case 4: prefix = String.valueOf(2221 + r.nextInt(500)); len = 16; break;
      default: prefix = String.valueOf(3528 + r.nextInt(60)); len = 16; break;
    }
    String body = prefix + digits(len - 1 - prefix.length());
    return body + luhnCheck(body);
  }

  String formatCard(String d) {
    int f = r.nextInt(6);
    if (f == 0 || f == 1) {
      return d;
    }
    String sep = f == 2 ? " " : f == 3 ? "-" : f == 4 ? "\u00A0" : "\u202F";
    if (d.length() == 15) {
      return d.substring(0, 4) + sep + d.substring(4, 10) + sep + d.substring(10);
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < d.length(); i += 4) {
      if (i > 0) {
        b.append(sep);
      }
      b.append(d, i, Math.min(d.length(), i + 4));
    }
    return b.toString();
  }

  /** A card number with a wrong Luhn digit. */
  String badCard() {
    String d = cardDigits();
    int last = d.charAt(d.length() - 1) - '0';
    return d.substring(0, d.length() - 1) + (char) ('0' + (last + 1 + r.nextInt(9)) % 10);
  }

  // ------------------------------------------------------------------ IBAN

  static String ibanWithCheck(String country, String bban) {
    String re = bban + country + "00";
    StringBuilder num = new StringBuilder();
    for (char c : re.toCharArray()) {
      if (Character.isDigit(c)) {
        num.append(c);
      } else {
        num.append(c - 'A' + 10);
      }
    }
    int mod = new BigInteger(num.toString()).mod(BigInteger.valueOf(97)).intValue();
    int check = 98 - mod;
    return country + (check < 10 ? "0" : "") + check + bban;
  }

  String iban() {
    switch (r.nextInt(10)) {
      case 0: return ibanWithCheck("DE", digits(18));
      case 1: return ibanWithCheck("GB", upper(4) + digits(14));
      case 2: return ibanWithCheck("FR", digits(10) + upper(1) + digits(10) + digits(2));
      case 3: return ibanWithCheck("ES", digits(20));
      case 4: return ibanWithCheck("IT", upper(1) + digits(10) + digits(12));
      case 5: return ibanWithCheck("NL", upper(4) + digits(10));
      case 6: return ibanWithCheck("PL", digits(24));
      case 7: return ibanWithCheck("SE", digits(20));
      case 8: return ibanWithCheck("BE", digits(12));
      default: return ibanWithCheck("AT", digits(16));
    }
  }

  String formatIban(String iban) {
    if (r.nextBoolean()) {
      return iban;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < iban.length(); i += 4) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(iban, i, Math.min(iban.length(), i + 4));
    }
    return b.toString();
  }

  String badIban() {
    String ok = iban();
    int c = Integer.parseInt(ok.substring(2, 4));
    int bad = (c + 1 + r.nextInt(90)) % 97;
    if (bad < 2) {
      bad += 2;
    }
    return ok.substring(0, 2) + (bad < 10 ? "0" : "") + bad + ok.substring(4);
  }

  // ------------------------------------------------------------------ national ids

  String ssn() {
    int area;
    do {
      area = 1 + r.nextInt(899);
    } while (area == 666);
    return String.format("%03d-%02d-%04d", area, 1 + r.nextInt(99), 1 + r.nextInt(9999));
  }

  String badSsn() {
    int kind = r.nextInt(5);
    int area = kind == 0 ? 0 : kind == 1 ? 666 : kind == 2 ? 900 + r.nextInt(100) : 1 + r.nextInt(600);
    int group = kind == 3 ? 0 : 1 + r.nextInt(99);
    int serial = kind == 4 ? 0 : 1 + r.nextInt(9999);
    return String.format("%03d-%02d-%04d", area, group, serial);
  }

  static int nhsCheck(String nine) {
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += (nine.charAt(i) - '0') * (10 - i);
    }
    int c = 11 - sum % 11;
    return c == 11 ? 0 : c;
  }

  String nhs(boolean valid) {
    while (true) {
      String nine = (1 + r.nextInt(9)) + digits(8);
      int c = nhsCheck(nine);
      if (c == 10) {
        continue;
      }
      int d = valid ? c : (c + 1 + r.nextInt(9)) % 10;
      String v = nine + d;
      if (!valid && d == c) {
        continue;
      }
      return r.nextBoolean() ? v.substring(0, 3) + " " + v.substring(3, 6) + " " + v.substring(6) : v;
    }
  }

  static int steuerCheck(String ten) {
    int product = 10;
    for (int i = 0; i < 10; i++) {
      int sum = (ten.charAt(i) - '0' + product) % 10;
      if (sum == 0) {
        sum = 10;
      }
      product = (sum * 2) % 11;
    }
    int c = 11 - product;
    return c == 10 ? 0 : c;
  }

  String steuerId(boolean valid) {
    while (true) {
      List<Integer> ds = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
      Collections.shuffle(ds, r);
      ds.remove(0); // one digit missing
      ds.add(ds.get(r.nextInt(9))); // one digit twice
      Collections.shuffle(ds, r);
      if (ds.get(0) == 0) {
        continue;
      }
      StringBuilder b = new StringBuilder();
      ds.forEach(b::append);
      int c = steuerCheck(b.toString());
      String v = b.toString() + (valid ? c : (c + 1 + r.nextInt(9)) % 10);
      return r.nextBoolean() ? v : v.substring(0, 2) + " " + v.substring(2, 5) + " " + v.substring(5, 8) + " "
          + v.substring(8);
    }
  }

  static final String DNI = "TRWAGMYFPDXBNJZSQVHLCKE";

  String dni(boolean valid) {
    int n = r.nextInt(100_000_000);
    char l = DNI.charAt(n % 23);
    if (!valid) {
      l = DNI.charAt((n % 23 + 1 + r.nextInt(22)) % 23);
    }
    return String.format("%08d", n) + (r.nextInt(4) == 0 ? "-" : "") + l;
  }

  String nie(boolean valid) {
    int p = r.nextInt(3);
    int n = r.nextInt(10_000_000);
    int full = p * 10_000_000 + n;
    char l = DNI.charAt(full % 23);
    if (!valid) {
      l = DNI.charAt((full % 23 + 1 + r.nextInt(22)) % 23);
    }
    return "XYZ".charAt(p) + String.format("%07d", n) + l;
  }

  String nir(boolean valid) {
    int sex = 1 + r.nextInt(2);
    String yy = String.format("%02d", r.nextInt(100));
    String mm = String.format("%02d", 1 + r.nextInt(12));
    String dep;
    int dk = r.nextInt(10);
    if (dk == 0) {
      dep = "2A";
    } else if (dk == 1) {
      dep = "2B";
    } else {
      int d = 1 + r.nextInt(95);
      if (d == 20) {
        d = 21;
      }
      dep = String.format("%02d", d);
    }
    String commune = String.format("%03d", 1 + r.nextInt(990));
    String order = String.format("%03d", 1 + r.nextInt(999));
    String body = sex + yy + mm + dep + commune + order;
    String numeric = body.replace("2A", "19").replace("2B", "18");
    long n = Long.parseLong(numeric);
    int key = 97 - (int) (n % 97);
    if (!valid) {
      key = key % 97 + 1;
    }
    String k = String.format("%02d", key);
    if (r.nextBoolean()) {
      return body + k;
    }
    return sex + " " + yy + " " + mm + " " + dep + " " + commune + " " + order + " " + k;
  }

  private static final int[] CF_ODD = {
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23
  };

  String codiceFiscale(boolean valid) {
    String body = upper(6) + digits(2) + "ABCDEHLMPRST".charAt(r.nextInt(12))
        + String.format("%02d", 1 + r.nextInt(28) + (r.nextBoolean() ? 40 : 0)) + upper(1) + digits(3);
    int sum = 0;
    for (int i = 0; i < 15; i++) {
      char c = body.charAt(i);
      int v = Character.isDigit(c) ? c - '0' : c - 'A';
      sum += i % 2 == 0 ? CF_ODD[v] : v;
    }
    int check = sum % 26;
    if (!valid) {
      check = (check + 1 + r.nextInt(25)) % 26;
    }
    return body + (char) ('A' + check);
  }

  String bsn(boolean valid) {
    while (true) {
      String eight = (1 + r.nextInt(9)) + digits(7);
      int sum = 0;
      for (int i = 0; i < 8; i++) {
        sum += (eight.charAt(i) - '0') * (9 - i);
      }
      int last = sum % 11;
      if (last == 10) {
        continue;
      }
      if (!valid) {
        last = (last + 1 + r.nextInt(9)) % 10;
        if ((sum - last) % 11 == 0) {
          continue;
        }
      }
      return eight + last;
    }
  }

  String pesel(boolean valid) {
    int year = 1930 + r.nextInt(90);
    int month = 1 + r.nextInt(12);
    int day = 1 + r.nextInt(28);
    int mm = year >= 2000 ? month + 20 : month;
    String body = String.format("%02d%02d%02d", year % 100, mm, day) + digits(4);
    int[] w = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
    int sum = 0;
    for (int i = 0; i < 10; i++) {
      sum += (body.charAt(i) - '0') * w[i];
    }
    int c = (10 - sum % 10) % 10;
    if (!valid) {
      c = (c + 1 + r.nextInt(9)) % 10;
    }
    return body + c;
  }

  String personnummer(boolean valid) {
    int year = 1940 + r.nextInt(80);
    String date = String.format("%02d%02d%02d", year % 100, 1 + r.nextInt(12), 1 + r.nextInt(28));
    String nine = date + digits(3);
    int c = luhnCheck(nine);
    if (!valid) {
      c = (c + 1 + r.nextInt(9)) % 10;
    }
    String ten = nine + c;
    return r.nextBoolean() ? ten.substring(0, 6) + "-" + ten.substring(6)
        : year + ten.substring(2, 6) + "-" + ten.substring(6);
  }

  // ------------------------------------------------------------------ contact, network

  private static final List<String> FIRST = List.of("anna", "jose", "maría", "jürgen", "zoë", "françois", "lars",
      "piotr", "giulia", "sanne", "john", "emma", "łukasz", "søren", "chloé", "mehmet", "aoife", "björn");
  private static final List<String> LAST = List.of("müller", "garcia", "rossi", "dupont", "nowak", "jansen",
      "andersson", "smith", "o.neill", "schmidt", "fernández", "bianchi", "lefèvre", "kowalski", "de.vries");
  private static final List<String> DOMAINS = List.of("example.com", "example.org", "mail.example.de",
      "correo.es", "bücher.de", "exemple.fr", "posta.it", "voorbeeld.nl", "poczta.pl", "exempel.se",
      "company.co.uk", "acme-corp.io", "xn--bcher-kva.example", "例子.广告");

  String email() {
    String f = pick(FIRST);
    String l = pick(LAST);
    String local;
    switch (r.nextInt(5)) {
      case 0: local = f + "." + l; break;
      case 1: local = f.charAt(0) + l + r.nextInt(100); break;
      case 2: local = f + "+" + pick("news", "shop", "tag") ; break;
      case 3: local = f + "_" + l; break;
      default: local = ascii(f) + "." + ascii(l); break;
    }
    String d = pick(DOMAINS);
    if (r.nextInt(4) == 0) {
      local = local.substring(0, 1).toUpperCase() + local.substring(1);
    }
    return local + "@" + d;
  }

  static String ascii(String s) {
    return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
        .replace("ł", "l").replace("ø", "o");
  }

  String name() {
    String f = pick(FIRST);
    String l = pick(LAST).replace(".", " ");
    return Character.toUpperCase(f.charAt(0)) + f.substring(1) + " " + Character.toUpperCase(l.charAt(0))
        + l.substring(1);
  }

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final List<String> PHONE_REGIONS = List.of("DE", "GB", "FR", "ES", "IT", "NL", "PL", "SE", "US",
      "IE", "AT", "BE");

  /** A valid phone number: [text, region, format]. */
  String phone() {
    while (true) {
      String region = pick(PHONE_REGIONS);
      PhoneNumberType type = r.nextBoolean() ? PhoneNumberType.MOBILE : PhoneNumberType.FIXED_LINE;
      PhoneNumber ex = PHONES.getExampleNumberForType(region, type);
      if (ex == null) {
        continue;
      }
      String nsn = PHONES.getNationalSignificantNumber(ex);
      int keep = Math.max(2, nsn.length() - 4);
      String candidate = nsn.substring(0, keep) + digits(nsn.length() - keep);
      PhoneNumber p = new PhoneNumber().setCountryCode(ex.getCountryCode())
          .setNationalNumber(Long.parseLong(candidate));
      if (!PHONES.isValidNumber(p)) {
        continue;
      }
      int f = r.nextInt(10);
      boolean trunkZeroOrUs = region.equals("US") || !(region.equals("ES") || region.equals("PL"));
      if (f < 6 || !trunkZeroOrUs) {
        String s = PHONES.format(p, PhoneNumberFormat.INTERNATIONAL);
        if (f == 1 && (region.equals("DE") || region.equals("GB") || region.equals("AT"))) {
          // "+49 (0)30 1234567": the trunk prefix in parentheses, common in European signatures
          int sp = s.indexOf(' ');
          return s.substring(0, sp + 1) + "(0)" + s.substring(sp + 1);
        }
        if (f == 2) {
          return "00" + s.substring(1);
        }
        return f == 0 ? PHONES.format(p, PhoneNumberFormat.E164) : s;
      }
      return PHONES.format(p, PhoneNumberFormat.NATIONAL);
    }
  }

  String ipv4() {
    int a = pick(10, 172, 192, 81, 85, 91, 62, 203, 198, 34, 52, 18);
    return a + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
  }

  String ipv6() {
    if (r.nextBoolean()) {
      return "2001:db8:" + Integer.toHexString(r.nextInt(65536)) + "::" + Integer.toHexString(1 + r.nextInt(65535));
    }
    StringBuilder b = new StringBuilder("2a02");
    for (int i = 0; i < 7; i++) {
      b.append(':').append(Integer.toHexString(r.nextInt(65536)));
    }
    return b.toString();
  }

  // ------------------------------------------------------------------ secrets

  String awsKeyId() {
    String b32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder b = new StringBuilder(pick("AKIA", "ASIA"));
    for (int i = 0; i < 16; i++) {
      b.append(b32.charAt(r.nextInt(32)));
    }
    return b.toString();
  }

  String awsSecret() {
    String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+";
    while (true) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        b.append(a.charAt(r.nextInt(a.length())));
      }
      String s = b.toString();
      if (s.matches(".*[a-z].*") && s.matches(".*[A-Z].*") && s.matches(".*[0-9/+].*")) {
        return s;
      }
    }
  }

  static String b64url(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  String jwt() {
    String header = b64url(pick("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"alg\":\"RS256\",\"kid\":\"" + hex(8)
        + "\",\"typ\":\"JWT\"}", "{\"typ\":\"JWT\",\"alg\":\"ES256\"}"));
    String payload = b64url("{\"sub\":\"" + r.nextInt(1_000_000) + "\",\"iat\":" + (1_700_000_000 + r.nextInt(
        50_000_000)) + ",\"scope\":\"" + pick("read", "write admin", "openid email") + "\"}");
    byte[] sig = new byte[32];
    r.nextBytes(sig);
    return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
  }

  String knownApiKey() {
    switch (r.nextInt(9)) {
      case 0: return "sk-" + alnum(48);
      case 1: return "sk-proj-" + alnum(40) + "_" + alnum(20);
      case 2: return "sk-ant-api03-" + alnum(40) + "-" + alnum(20) + "AA";
      case 3: return "ghp_" + alnum(36);
      case 4: return "github_pat_11" + alnum(20) + "_" + alnum(59);
      case 5: return "glpat-" + alnum(20);
      case 6: return "xoxb-" + digits(12) + "-" + digits(12) + "-" + alnum(24);
      case 7: return pick("sk_live_", "rk_live_") + alnum(24);
      default: return "AIza" + alnum(35);
    }
  }

  String opaque() {
    return r.nextBoolean() ? alnum(24 + r.nextInt(16)) : hex(32);
  }

  String password() {
    return pick("hunter2", "Sommer2024!", "P@ssw0rd-" + r.nextInt(1000), alnum(12), "correct-Horse-" + r.nextInt(99));
  }
}
