package dev.residency.mask.internal;

import java.nio.charset.StandardCharsets;

/**
 * The reversible token format {@code [[TYPE:keyId:payload]]}, where payload is the AES-SIV output
 * ({@code V || C}) in lower-case RFC 4648 base32 without padding, and TYPE and keyId are the
 * associated data. Internal, may change without notice. Stateless and thread-safe.
 *
 * <p>Grammar: {@code "[[" TYPE ":" KID ":" PAYLOAD "]]"} with TYPE {@code [A-Za-z][A-Za-z0-9_]{0,39}}
 * (upper-cased before authentication), KID {@code [A-Za-z0-9_-]{1,16}} and PAYLOAD {@code
 * [A-Za-z2-7]{28,}} (decoded case-insensitively).
 */
public final class Tokens {
  /** Longest payload the streaming scanner waits for (about 5 KB of plaintext). */
  public static final int MAX_STREAM_PAYLOAD = 8192;
  /** Longest token the streaming scanner waits for. */
  public static final int MAX_STREAM_TOKEN = 2 + 40 + 1 + 16 + 1 + MAX_STREAM_PAYLOAD + 2;

  private static final int MIN_PAYLOAD = 28; // 17 bytes: 16-byte SIV + at least one byte
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  /** {@link #scan} result: no token starts here. */
  public static final int NO = -1;
  /** {@link #scan} result: the input ends inside what may still become a token. */
  public static final int PREFIX = -2;

  private Tokens() {}

  /** Formats a token. */
  public static String format(String type, String keyId, byte[] sealed) {
    StringBuilder sb = new StringBuilder(type.length() + keyId.length() + 8 + (sealed.length * 8 + 4) / 5);
    sb.append("[[").append(type).append(':').append(keyId).append(':');
    encode(sealed, sb);
    return sb.append("]]").toString();
  }

  /**
   * Looks for a syntactically valid token starting at {@code start} (which must hold {@code '['}).
   *
   * @param endOfInput whether {@code s} ends the text; if not, running out of input inside a
   *     possible token yields {@link #PREFIX}
   * @param maxPayload payload length past which the token is not considered (use {@link
   *     Integer#MAX_VALUE} for whole texts)
   * @return the exclusive end index of the token, {@link #NO} or {@link #PREFIX}
   */
  /**
   * Index of the first {@code "[["} at or after {@code from} in {@code s}, else -1: a token's
   * possible start. Searched as single characters, which the JIT vectorizes; a two-character
   * {@code indexOf("[[")} was 5% of masking a megabyte of text without tokens.
   */
  public static int indexOfOpening(String s, int from) {
    int last = s.length() - 1;
    int j = s.indexOf('[', from);
    while (j >= 0 && j < last && s.charAt(j + 1) != '[') {
      j = s.indexOf('[', j + 2);
    }
    return j >= 0 && j < last ? j : -1;
  }

  public static int scan(CharSequence s, int start, boolean endOfInput, int maxPayload) {
    int n = s.length();
    int i = start;
    // "[["
    for (int k = 0; k < 2; k++, i++) {
      if (i >= n) {
        return endOfInput ? NO : PREFIX;
      }
      if (s.charAt(i) != '[') {
        return NO;
      }
    }
    // TYPE
    int t0 = i;
    while (true) {
      if (i >= n) {
        return endOfInput ? NO : PREFIX;
      }
      char c = s.charAt(i);
      if (c == ':' && i > t0) {
        i++;
        break;
      }
      boolean ok = i == t0 ? isLetter(c) : isLetter(c) || isDigit(c) || c == '_';
      if (!ok || i - t0 >= 40) {
        return NO;
      }
      i++;
    }
    // KID
    int k0 = i;
    while (true) {
      if (i >= n) {
        return endOfInput ? NO : PREFIX;
      }
      char c = s.charAt(i);
      if (c == ':' && i > k0) {
        i++;
        break;
      }
      if (!(isLetter(c) || isDigit(c) || c == '_' || c == '-') || i - k0 >= 16) {
        return NO;
      }
      i++;
    }
    // PAYLOAD
    int p0 = i;
    while (true) {
      if (i >= n) {
        return endOfInput ? NO : PREFIX;
      }
      char c = s.charAt(i);
      if (c == ']') {
        break;
      }
      if (!(isLetter(c) || (c >= '2' && c <= '7')) || i - p0 >= maxPayload) {
        return NO;
      }
      i++;
    }
    if (i - p0 < MIN_PAYLOAD) {
      return NO;
    }
    // "]]"
    if (i + 1 >= n) {
      return endOfInput ? NO : PREFIX;
    }
    return s.charAt(i + 1) == ']' ? i + 2 : NO;
  }

  /** The type of the token at {@code [start, end)} (as written, before upper-casing). */
  public static String type(CharSequence s, int start, int end) {
    int c1 = indexOf(s, ':', start + 2, end);
    return s.subSequence(start + 2, c1).toString();
  }

  /** The key id of the token at {@code [start, end)}. */
  public static String keyId(CharSequence s, int start, int end) {
    int c1 = indexOf(s, ':', start + 2, end);
    int c2 = indexOf(s, ':', c1 + 1, end);
    return s.subSequence(c1 + 1, c2).toString();
  }

  /** The decoded payload of the token at {@code [start, end)}, or {@code null} if not canonical. */
  public static byte[] payload(CharSequence s, int start, int end) {
    int c1 = indexOf(s, ':', start + 2, end);
    int c2 = indexOf(s, ':', c1 + 1, end);
    return decode(s, c2 + 1, end - 2);
  }

  /** The associated data binding a token to its type and key id. */
  public static byte[][] associatedData(String type, String keyId) {
    return new byte[][] {
      "residency-token-v1".getBytes(StandardCharsets.US_ASCII),
      type.getBytes(StandardCharsets.US_ASCII),
      keyId.getBytes(StandardCharsets.US_ASCII)
    };
  }

  private static int indexOf(CharSequence s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static void encode(byte[] data, StringBuilder sb) {
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(ALPHABET[(buffer << (5 - bits)) & 31]);
    }
  }

  /** Decodes base32 case-insensitively; {@code null} if a character is invalid or padding bits are set. */
  static byte[] decode(CharSequence s, int from, int to) {
    int len = to - from;
    byte[] out = new byte[len * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int o = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      int v;
      if (c >= 'a' && c <= 'z') {
        v = c - 'a';
      } else if (c >= 'A' && c <= 'Z') {
        v = c - 'A';
      } else if (c >= '2' && c <= '7') {
        v = c - '2' + 26;
      } else {
        return null;
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out[o++] = (byte) (buffer >>> (bits - 8));
        bits -= 8;
        buffer &= (1 << bits) - 1;
      }
    }
    if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
      return null; // not a length an encoder produces, or non-zero padding bits
    }
    return out;
  }
}
