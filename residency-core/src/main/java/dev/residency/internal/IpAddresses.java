package dev.residency.internal;

import dev.residency.InvalidEndpointException;

/**
 * IP literal parsing and formatting without any DNS lookup. Internal, may change without notice.
 */
public final class IpAddresses {
  private IpAddresses() {}

  /**
   * True when the last label of an ASCII host is a number in the sense of the WHATWG URL standard
   * (digits, or {@code 0x} followed by hex digits): such hosts are IPv4 addresses to resolvers
   * that use {@code inet_aton}, never names, so they are read (or refused) as addresses.
   */
  static boolean endsInNumber(String ascii) {
    int dot = ascii.lastIndexOf('.');
    String last = ascii.substring(dot + 1);
    if (last.isEmpty()) {
      return false;
    }
    if (last.startsWith("0x")) {
      for (int i = 2; i < last.length(); i++) {
        if (asciiDigit(last.charAt(i), 16) < 0) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < last.length(); i++) {
      char c = last.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads 1 to 4 decimal parts, the last part filling the remaining bytes, as both {@code
   * inet_aton} and {@code java.net.InetAddress} do ({@code 2130706433}, {@code 127.1}); returns the
   * dotted quad. Hex parts and leading-zero parts whose octal and decimal readings differ are
   * refused: {@code inet_aton} (browsers, curl) and the JDK read them as different addresses.
   *
   * @throws InvalidEndpointException when it is not an IPv4 address, or an ambiguous one
   */
  static String normalizeIpv4(String ascii) {
    String[] parts = ascii.split("\\.", -1);
    if (parts.length > 4) {
      throw new InvalidEndpointException("numeric host with more than four parts");
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = parsePart(parts[i]);
    }
    long address = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      if (values[i] > 255) {
        throw new InvalidEndpointException("IPv4 part out of range");
      }
      address = (address << 8) | values[i];
    }
    int remainingBytes = 4 - (parts.length - 1);
    long last = values[parts.length - 1];
    if (last >= (1L << (8 * remainingBytes))) {
      throw new InvalidEndpointException("IPv4 address out of range");
    }
    address = (address << (8 * remainingBytes)) | last;
    return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
  }

  private static long parsePart(String part) {
    if (part.isEmpty()) {
      throw new InvalidEndpointException("numeric host has an empty part");
    }
    if (part.startsWith("0x")) {
      // inet_aton and WHATWG read hex parts; java.net.InetAddress does not and asks DNS (where a
      // search domain may answer anything). No single answer, so refuse.
      checkDigits(part.substring(2), 16);
      throw new InvalidEndpointException("ambiguous IPv4 literal: hex parts are read differently by JVM and other clients");
    }
    if (part.length() > 12) {
      throw new InvalidEndpointException("IPv4 part out of range");
    }
    long decimal = checkDigits(part, 10);
    if (part.length() > 1 && part.charAt(0) == '0') {
      // inet_aton reads "0177" as octal 127, java.net.InetAddress as decimal 177: a JVM client
      // would connect elsewhere than a policy check reading it the inet_aton way. Only parts
      // where both readings agree ("01" to "07", "00") are accepted.
      long octal = 0;
      for (int i = 0; i < part.length(); i++) {
        int d = asciiDigit(part.charAt(i), 8);
        if (d < 0) {
          throw new InvalidEndpointException("ambiguous IPv4 literal: leading zeros are read as octal or decimal");
        }
        octal = octal * 8 + d;
      }
      if (octal != decimal) {
        throw new InvalidEndpointException("ambiguous IPv4 literal: leading zeros are read as octal or decimal");
      }
    }
    return decimal;
  }

  private static long checkDigits(String digits, int radix) {
    if (digits.length() > 12) {
      throw new InvalidEndpointException("IPv4 part out of range");
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = asciiDigit(digits.charAt(i), radix);
      if (d < 0) {
        throw new InvalidEndpointException("host mixes a name with a numeric last label");
      }
      value = value * radix + d;
    }
    return value;
  }

  /**
   * The value of an ASCII digit in the radix, or -1. {@link Character#digit} also accepts
   * full-width and other Unicode digits, which no client reads inside an IP literal.
   */
  static int asciiDigit(char c, int radix) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return -1;
    }
    return d < radix ? d : -1;
  }

  /**
   * Normalizes an IPv6 literal (no brackets, no zone id) to RFC 5952 text; an IPv4-mapped address
   * ({@code ::ffff:a.b.c.d}) becomes the IPv4 dotted quad, because that is where it connects.
   */
  static String normalizeIpv6(String text) {
    byte[] bytes = parseIpv6(text);
    if (bytes == null) {
      throw new InvalidEndpointException("malformed IPv6 literal");
    }
    boolean mapped = true;
    for (int i = 0; i < 10; i++) {
      mapped &= bytes[i] == 0;
    }
    mapped &= (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
    if (mapped) {
      return (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff);
    }
    return formatIpv6(bytes);
  }

  /** Parses an IPv6 literal into 16 bytes, or returns null. */
  static byte[] parseIpv6(String text) {
    if (text.isEmpty() || text.length() > 45) {
      return null;
    }
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      return null;
    }
    String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
    String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
    // A dotted quad may only end the address: in the head only when there is no "::" after it.
    int[] headGroups = groups(head, doubleColon < 0);
    int[] tailGroups = doubleColon >= 0 ? groups(tail, true) : new int[0];
    if (headGroups == null || tailGroups == null) {
      return null;
    }
    int total = headGroups.length + tailGroups.length;
    if (doubleColon < 0 ? total != 8 : total > 7) {
      return null;
    }
    int[] all = new int[8];
    System.arraycopy(headGroups, 0, all, 0, headGroups.length);
    System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[2 * i] = (byte) (all[i] >>> 8);
      bytes[2 * i + 1] = (byte) all[i];
    }
    return bytes;
  }

  /** Parses colon-separated hex groups; the last may be a dotted IPv4 when {@code last} is true. */
  private static int[] groups(String s, boolean last) {
    if (s.isEmpty()) {
      return new int[0];
    }
    String[] parts = s.split(":", -1);
    int extra = 0;
    String lastPart = parts[parts.length - 1];
    boolean dotted = lastPart.indexOf('.') >= 0;
    if (dotted && !last) {
      return null;
    }
    if (dotted) {
      extra = 1; // the dotted quad takes two groups
    }
    int[] out = new int[parts.length + extra];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (dotted && i == parts.length - 1) {
        int[] quad = strictDottedQuad(p);
        if (quad == null) {
          return null;
        }
        out[i] = (quad[0] << 8) | quad[1];
        out[i + 1] = (quad[2] << 8) | quad[3];
        continue;
      }
      if (p.isEmpty() || p.length() > 4) {
        return null;
      }
      int v = 0;
      for (int k = 0; k < p.length(); k++) {
        int d = asciiDigit(p.charAt(k), 16);
        if (d < 0) {
          return null;
        }
        v = (v << 4) | d;
      }
      out[i] = v;
    }
    return out;
  }

  private static int[] strictDottedQuad(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    int[] out = new int[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int v = 0;
      for (int k = 0; k < p.length(); k++) {
        char c = p.charAt(k);
        if (c < '0' || c > '9') {
          return null;
        }
        v = v * 10 + (c - '0');
      }
      if (v > 255) {
        return null;
      }
      out[i] = v;
    }
    return out;
  }

  /** RFC 5952: lower-case hex, leading zeros dropped, the longest run (>1) of zero groups as "::". */
  static String formatIpv6(byte[] bytes) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen && j - i > 1) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  /**
   * The address bytes of a normalized IP literal (4 or 16 bytes), or {@code null} when the host
   * is a name.
   */
  public static byte[] toBytes(String normalizedHost) {
    if (normalizedHost == null || normalizedHost.isEmpty()) {
      return null;
    }
    if (normalizedHost.indexOf(':') >= 0) {
      return parseIpv6(normalizedHost);
    }
    int[] quad = strictDottedQuad(normalizedHost);
    if (quad == null) {
      return null;
    }
    return new byte[] {(byte) quad[0], (byte) quad[1], (byte) quad[2], (byte) quad[3]};
  }
}
