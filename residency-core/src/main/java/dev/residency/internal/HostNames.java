package dev.residency.internal;

import dev.residency.InvalidEndpointException;
import java.net.IDN;
import java.util.Locale;

/**
 * Host normalization and whole-label domain matching. Internal, may change without notice.
 *
 * <p>Rules, in order: reject control characters, whitespace and URL delimiters (a host with
 * {@code %}, {@code \}, {@code @}, {@code /} is a trick, not a host); IPv6 literals (bracketed or
 * bare) to RFC 5952 text, IPv4-mapped IPv6 to IPv4; names through IDNA (U+3002 and friends are dots)
 * to lower-case ASCII without the trailing dot; a name that ends in a numeric label is an IPv4
 * address: decimal forms of 1-4 parts ({@code 2130706433}, {@code 127.1}) become a dotted quad;
 * hex and octal forms are refused, because {@code inet_aton} and {@code java.net.InetAddress}
 * read them as different addresses ({@code 0177.0.0.1} is 127.0.0.1 to one, 177.0.0.1 to the
 * other); anything else numeric is refused too.
 */
public final class HostNames {
  private HostNames() {}

  /**
   * Normalizes a host.
   *
   * @throws InvalidEndpointException when the host is empty, too long, malformed or a known trick
   */
  public static String normalize(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new InvalidEndpointException("empty host");
    }
    if (raw.length() > 1024) {
      throw new InvalidEndpointException("host longer than 1024 characters");
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x21 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
        throw new InvalidEndpointException("host contains a control or space character");
      }
      switch (c) {
        case '%':
          throw new InvalidEndpointException("host contains percent-encoding");
        case '\\':
          throw new InvalidEndpointException("host contains a backslash");
        case '@':
          throw new InvalidEndpointException("host contains '@' (userinfo trick)");
        case '/':
        case '?':
        case '#':
        case '<':
        case '>':
        case '^':
        case '|':
        case '"':
        case '\'':
        case '`':
        case '{':
        case '}':
        case ',':
        case ';':
        case '=':
        case '&':
        case '+':
        case '!':
        case '$':
        case '(':
        case ')':
        case '*':
        case '~':
          throw new InvalidEndpointException("host contains the delimiter '" + c + "'");
        case '\u00ad':
        case '\u200b':
        case '\u200c':
        case '\u200d':
        case '\u2060':
        case '\ufeff':
          // Invisible characters that IDNA would silently drop: "ama\u00adzonaws" must not become a match.
          throw new InvalidEndpointException("host contains an invisible character");
        default:
          break;
      }
    }
    if (raw.charAt(0) == '[') {
      if (raw.charAt(raw.length() - 1) != ']') {
        throw new InvalidEndpointException("unterminated IPv6 literal");
      }
      return IpAddresses.normalizeIpv6(raw.substring(1, raw.length() - 1));
    }
    if (raw.indexOf(':') >= 0) {
      return IpAddresses.normalizeIpv6(raw);
    }
    if (raw.indexOf('[') >= 0 || raw.indexOf(']') >= 0) {
      throw new InvalidEndpointException("host contains a bracket");
    }
    String ascii = toAscii(raw);
    if (IpAddresses.endsInNumber(ascii)) {
      return IpAddresses.normalizeIpv4(ascii);
    }
    return ascii;
  }

  private static String toAscii(String raw) {
    // Split on the four UTS #46 label separators ourselves and convert label by label: IDN.toASCII
    // applies NFKC, which turns U+2024 (one dot leader), U+2488 ("1.") or U+FE52 into a '.' inside a
    // label. Whole-string conversion would then yield a host with more labels than the caller wrote
    // ("s3.amazonaws\u2024com" -> "s3.amazonaws.com"), which UTS #46 clients refuse: no single answer.
    String dotted = raw.replace('\u3002', '.').replace('\uff0e', '.').replace('\uff61', '.');
    if (dotted.endsWith(".")) {
      dotted = dotted.substring(0, dotted.length() - 1);
    }
    if (dotted.isEmpty()) {
      throw new InvalidEndpointException("empty host");
    }
    StringBuilder ascii = new StringBuilder(dotted.length());
    int start = 0;
    while (true) {
      int dot = dotted.indexOf('.', start);
      int end = dot < 0 ? dotted.length() : dot;
      String label = dotted.substring(start, end);
      if (label.isEmpty()) {
        throw new InvalidEndpointException("host has an empty label");
      }
      String a = labelToAscii(label);
      checkLabel(a);
      if (ascii.length() > 0) {
        ascii.append('.');
      }
      ascii.append(a);
      if (dot < 0) {
        break;
      }
      start = dot + 1;
    }
    if (ascii.length() > 253) {
      throw new InvalidEndpointException("host longer than 253 characters");
    }
    return ascii.toString();
  }

  private static String labelToAscii(String label) {
    boolean ascii = true;
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (c >= 0x80) {
        ascii = false;
      }
      if (c == '\u00df' || c == '\u03c2') {
        // UTS #46 deviation characters: transitional processing (java.net.IDN, older browsers) maps
        // "fa\u00df.de" to "fass.de", nontransitional (WHATWG, OkHttp 5) to "xn--fa-hia.de". Two
        // different hosts for one input: refuse rather than guess which one the client reaches.
        throw new InvalidEndpointException("host contains an IDNA deviation character (sharp s or final sigma)");
      }
    }
    if (ascii) {
      return label.toLowerCase(Locale.ROOT);
    }
    String a;
    try {
      // IDNA 2003 folds width and case and maps compatibility characters (NFKC); checkLabel then
      // allows only letters, digits, '-' and '_' (OkHttp accepts '_', so rejecting it would mislead).
      a = IDN.toASCII(label);
    } catch (IllegalArgumentException e) {
      throw new InvalidEndpointException("host is not a valid internationalized domain name");
    }
    a = a.toLowerCase(Locale.ROOT);
    if (a.indexOf('.') >= 0) {
      throw new InvalidEndpointException("host has a character that IDNA maps to a dot");
    }
    return a;
  }

  private static void checkLabel(String label) {
    if (label.isEmpty()) {
      throw new InvalidEndpointException("host has an empty label");
    }
    if (label.length() > 63) {
      throw new InvalidEndpointException("host label longer than 63 characters");
    }
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        throw new InvalidEndpointException("host has a character outside letters, digits, '-' and '_'");
      }
    }
    if (label.startsWith("xn--")) {
      String unicode = IDN.toUnicode(label);
      // toUnicode returns its input unchanged when the punycode does not decode; round-trip to be sure.
      if (unicode.equals(label)) {
        throw new InvalidEndpointException("host has malformed punycode");
      }
      String back;
      try {
        back = IDN.toASCII(unicode).toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        throw new InvalidEndpointException("host has malformed punycode");
      }
      if (!back.equals(label)) {
        throw new InvalidEndpointException("host has non-canonical punycode");
      }
    }
  }

  /**
   * True when {@code host} is {@code domain} or a subdomain of it, on whole labels:
   * {@code a.amazonaws.com} matches {@code amazonaws.com}; {@code evilamazonaws.com} does not.
   * Both arguments must already be normalized.
   */
  public static boolean isSameOrSubdomain(String host, String domain) {
    if (host == null) {
      return false;
    }
    if (isIpLiteral(host)) {
      // "10.1.2.3" must not count as a "subdomain" of "1.2.3": addresses have no domain hierarchy.
      return host.equals(domain);
    }
    if (host.length() == domain.length()) {
      return host.equals(domain);
    }
    return host.length() > domain.length()
        && host.endsWith(domain)
        && host.charAt(host.length() - domain.length() - 1) == '.';
  }

  /**
   * Matches a policy host pattern: an exact host, or {@code *.suffix} for any proper subdomain
   * (at any depth) of {@code suffix}, never the suffix itself. A wildcard never matches an IP
   * literal.
   */
  public static boolean matchesPattern(String host, String pattern) {
    if (host == null) {
      return false;
    }
    if (pattern.startsWith("*.")) {
      String suffix = pattern.substring(2);
      return host.length() > suffix.length() && isSameOrSubdomain(host, suffix);
    }
    return host.equals(pattern);
  }

  /** True for IPv4 dotted quads and IPv6 literals as {@link #normalize} produces them. */
  public static boolean isIpLiteral(String normalizedHost) {
    return normalizedHost != null && IpAddresses.toBytes(normalizedHost) != null;
  }
}
