package dev.residency.mask;

import dev.residency.mask.internal.Tokens;
import java.util.Objects;

/**
 * Unmasks one stream of chunks: {@link #push} returns what can safely be emitted so far, holding
 * back only a possible token prefix at the end of the chunk (a lone trailing {@code [}, say);
 * {@link #finish} flushes the rest. Text that cannot start a token is emitted at once.
 *
 * <p>Buffering is bounded: at most one token's length ({@link Tokens#MAX_STREAM_TOKEN} characters,
 * about 8 KB); a token longer than that is not restored when it arrives split. Not thread-safe:
 * one per stream.
 */
public final class StreamingUnmasker {
  private final Unmasker unmasker;
  private String held = "";

  StreamingUnmasker(Unmasker unmasker) {
    this.unmasker = unmasker;
  }

  /** Adds a chunk; returns the unmasked text that is safe to emit now (possibly empty). */
  public String push(CharSequence chunk) {
    Objects.requireNonNull(chunk, "chunk");
    String s = held.isEmpty() ? chunk.toString() : held + chunk;
    held = "";
    int j = s.indexOf('[');
    if (j < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (j >= 0) {
      int end = Tokens.scan(s, j, false, Tokens.MAX_STREAM_PAYLOAD);
      if (end == Tokens.PREFIX) {
        held = s.substring(j);
        out.append(s, i, j);
        return out.toString();
      }
      if (end > 0) {
        out.append(s, i, j);
        unmasker.appendRestored(s, j, end, out);
        i = end;
        j = s.indexOf('[', end);
      } else {
        j = s.indexOf('[', j + 1);
      }
    }
    return out.append(s, i, s.length()).toString();
  }

  /** Ends the stream; returns whatever was held back, unmasked. */
  public String finish() {
    String rest = unmasker.unmask(held);
    held = "";
    return rest;
  }
}
