package dev.residency.mask.internal.detect;

import java.util.Arrays;

/**
 * Reads the escapes of JSON-quoted text that change its length (u-escapes: a backslash, u and four
 * hex digits, 0040 for {@code @}; {@code \/} for {@code /}) as the characters they stand for,
 * keeping a map back to the original offsets. Internal, may change without notice. Same-length escapes ({@code \n}, {@code \"}) are
 * {@link Scanner#blankJsonEscapes blanked in place} first.
 */
public final class JsonEscapes {
  /** The decoded characters. */
  public final char[] chars;

  /**
   * For each decoded index, the original index of the escape or character it came from; one more
   * entry, the original length, so a span's end maps too.
   */
  public final int[] originalIndex;

  private JsonEscapes(char[] chars, int[] originalIndex) {
    this.chars = chars;
    this.originalIndex = originalIndex;
  }

  /**
   * The text with its u-escapes (backslash, u, four hex digits) and {@code \/} decoded, or null when it has none
   * (then {@code s} is scanned as it is). A decoded control character reads as a space, as the
   * blanked {@code \n} does.
   */
  public static JsonEscapes decode(char[] s) {
    int n = s.length;
    int first = -1;
    for (int j = 0; j + 1 < n; j++) {
      if (s[j] == '\\') {
        if (isLengthChanging(s, j)) {
          first = j;
          break;
        }
        if (s[j + 1] == '\\') {
          j++; // an escaped backslash: the character after it is not escaped by it
        }
      }
    }
    if (first < 0) {
      return null;
    }
    char[] out = new char[n];
    int[] map = new int[n + 1];
    int k = 0;
    for (int j = 0; j < first; j++) {
      out[k] = s[j];
      map[k++] = j;
    }
    int j = first;
    while (j < n) {
      char c = s[j];
      if (c == '\\' && j + 1 < n) {
        char e = s[j + 1];
        if (e == 'u' && isLengthChanging(s, j)) {
          char decoded = (char) ((hex(s[j + 2]) << 12) | (hex(s[j + 3]) << 8) | (hex(s[j + 4]) << 4) | hex(s[j + 5]));
          out[k] = decoded < ' ' ? ' ' : decoded;
          map[k++] = j;
          j += 6;
          continue;
        }
        if (e == '/') {
          out[k] = '/';
          map[k++] = j;
          j += 2;
          continue;
        }
        if (e == '\\') {
          out[k] = '\\';
          map[k++] = j;
          out[k] = '\\';
          map[k++] = j + 1;
          j += 2;
          continue;
        }
      }
      out[k] = c;
      map[k++] = j;
      j++;
    }
    map[k] = n;
    return new JsonEscapes(Arrays.copyOf(out, k), Arrays.copyOf(map, k + 1));
  }

  /** Whether the backslash at {@code j} starts {@code \/} or a u-escape (u and four hex digits). */
  private static boolean isLengthChanging(char[] s, int j) {
    char e = s[j + 1];
    if (e == '/') {
      return true;
    }
    if (e != 'u' || j + 5 >= s.length) {
      return false;
    }
    for (int k = j + 2; k < j + 6; k++) {
      if (hex(s[k]) < 0) {
        return false;
      }
    }
    return true;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
