package dev.residency.mask;

/**
 * Restores reversible tokens to the values they stand for, in whole texts and in streams of chunks
 * where a token may be split across chunk boundaries. Tokens that do not authenticate under any
 * known key are left as they are. Thread-safe; {@link StreamingUnmasker}s are not.
 *
 * <p>TEMPORARY BODY while the masking issue is in progress.
 */
public final class Unmasker {
  Unmasker() {}

  /** Restores every token in {@code text}. */
  public String unmask(CharSequence text) {
    return text.toString();
  }

  /** A stateful unmasker for one stream (an SSE answer, say). */
  public StreamingUnmasker streaming() {
    return new StreamingUnmasker(this);
  }
}
