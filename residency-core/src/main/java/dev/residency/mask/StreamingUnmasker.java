package dev.residency.mask;

/**
 * Unmasks one stream of chunks: {@link #push} returns what can safely be emitted so far, holding
 * back a possible partial token at the end; {@link #finish} flushes the rest. Not thread-safe: one
 * per stream.
 *
 * <p>TEMPORARY BODY while the masking issue is in progress.
 */
public final class StreamingUnmasker {
  private final Unmasker unmasker;

  StreamingUnmasker(Unmasker unmasker) {
    this.unmasker = unmasker;
  }

  /** Adds a chunk; returns the unmasked text that is safe to emit now (possibly empty). */
  public String push(CharSequence chunk) {
    return unmasker.unmask(chunk);
  }

  /** Ends the stream; returns whatever was held back, unmasked. */
  public String finish() {
    return "";
  }
}
