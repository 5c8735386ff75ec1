package dev.residency.mask;

import dev.residency.mask.internal.KeyRing;
import dev.residency.mask.internal.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Restores reversible tokens ({@code [[EMAIL:k2:<base32>]]}) to the values they stand for, in
 * whole texts and in streams of chunks where a token may be split across chunk boundaries. A token
 * is restored when it authenticates under the key its key id names (the current key or an older
 * one, so rotation keeps old tokens readable); tokens that do not authenticate (tampered, another
 * key, another type) are left as they are. Thread-safe; {@link StreamingUnmasker}s are not.
 */
public final class Unmasker {
  private final KeyRing keys;

  Unmasker(KeyRing keys) {
    this.keys = keys;
  }

  /** Restores every token in {@code text}. */
  public String unmask(CharSequence text) {
    Objects.requireNonNull(text, "text");
    String s = text.toString();
    int j = Tokens.indexOfOpening(s, 0);
    if (j < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (j >= 0) {
      int end = Tokens.scan(s, j, true, Integer.MAX_VALUE);
      if (end > 0) {
        out.append(s, i, j);
        appendRestored(s, j, end, out);
        i = end;
        j = Tokens.indexOfOpening(s, end);
      } else {
        j = Tokens.indexOfOpening(s, j + 1);
      }
    }
    return out.append(s, i, s.length()).toString();
  }

  /** Appends the value of the syntactically valid token at {@code [start, end)}, or the token itself. */
  void appendRestored(CharSequence s, int start, int end, StringBuilder out) {
    String value = restore(s, start, end);
    if (value == null) {
      out.append(s, start, end);
    } else {
      out.append(value);
    }
  }

  private String restore(CharSequence s, int start, int end) {
    KeyRing.Key k = keys.get(Tokens.keyId(s, start, end));
    if (k == null) {
      return null;
    }
    byte[] sealed = Tokens.payload(s, start, end);
    if (sealed == null) {
      return null;
    }
    String type = Tokens.type(s, start, end).toUpperCase(Locale.ROOT);
    byte[] plain = k.siv().decrypt(sealed, Tokens.associatedData(type, k.id()));
    return plain == null ? null : new String(plain, StandardCharsets.UTF_8);
  }

  /** A stateful unmasker for one stream (an SSE answer, say). */
  public StreamingUnmasker streaming() {
    return new StreamingUnmasker(this);
  }
}
