package dev.residency.internal;

import dev.residency.InvalidEndpointException;
import java.util.Arrays;

/** An IPv4 or IPv6 CIDR range. Internal, may change without notice. Immutable. */
public final class Cidr {
  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Parses {@code address/prefix}; host bits must be zero. The address is a strict dotted quad or
   * an IPv6 literal (no zone); an IPv4-mapped IPv6 range of prefix 96 or more becomes the IPv4
   * range, because hosts are normalized that way.
   *
   * @throws IllegalArgumentException when malformed
   */
  public static Cidr parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("CIDR must be address/prefix: '" + text + "'");
    }
    String addressText = t.substring(0, slash);
    String normalized;
    try {
      normalized = addressText.indexOf(':') >= 0 ? IpAddresses.formatIpv6(requireV6(addressText)) : addressText;
    } catch (InvalidEndpointException e) {
      throw new IllegalArgumentException("malformed CIDR address: '" + text + "'");
    }
    byte[] bytes = IpAddresses.toBytes(normalized);
    if (bytes == null) {
      throw new IllegalArgumentException("malformed CIDR address: '" + text + "'");
    }
    String prefixText = t.substring(slash + 1);
    // Integer.parseInt would take "+8" and full-width digits; a prefix is 1-3 ASCII digits.
    if (prefixText.isEmpty() || prefixText.length() > 3 || !prefixText.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("malformed CIDR prefix: '" + text + "'");
    }
    int prefix = Integer.parseInt(prefixText);
    if (prefix < 0 || prefix > bytes.length * 8) {
      throw new IllegalArgumentException("CIDR prefix out of range: '" + text + "'");
    }
    for (int bit = prefix; bit < bytes.length * 8; bit++) {
      if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
        throw new IllegalArgumentException("CIDR has host bits set: '" + text + "'");
      }
    }
    if (bytes.length == 16 && prefix >= 96 && isIpv4Mapped(bytes)) {
      // Hosts normalize ::ffff:a.b.c.d to a.b.c.d, so a mapped range must be an IPv4 range to match.
      byte[] v4 = Arrays.copyOfRange(bytes, 12, 16);
      int p4 = prefix - 96;
      String v4Text = (v4[0] & 0xff) + "." + (v4[1] & 0xff) + "." + (v4[2] & 0xff) + "." + (v4[3] & 0xff);
      return new Cidr(v4, p4, v4Text + "/" + p4);
    }
    return new Cidr(bytes, prefix, normalized + "/" + prefix);
  }

  private static boolean isIpv4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  private static byte[] requireV6(String s) {
    byte[] b = IpAddresses.parseIpv6(s);
    if (b == null) {
      throw new InvalidEndpointException("bad IPv6");
    }
    return b;
  }

  /** True when the address (4 or 16 bytes) is in this range; IPv4 never matches an IPv6 range. */
  public boolean contains(byte[] address) {
    if (address == null || address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (address[full] & mask) == (network[full] & mask);
  }

  /** The prefix length. */
  public int prefix() {
    return prefix;
  }

  @Override
  public String toString() {
    return text;
  }
}
