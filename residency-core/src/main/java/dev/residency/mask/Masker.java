package dev.residency.mask;

import java.util.List;

/**
 * The masking half of the design: finds personal data and secrets in one pass and replaces them
 * with a strategy. {@link MaskingPipeline} is the implementation; a guard's is {@code
 * guard.masking()}, and {@link MaskingPipeline#create(MaskingSettings)} builds one from settings
 * alone. Implementations are immutable and thread-safe.
 */
public interface Masker {
  /** Detected spans, sorted, non-overlapping, as UTF-16 indexes into {@code text}. */
  List<Span> detect(CharSequence text);

  /** Masks detected values with the default strategy. */
  MaskResult mask(String text);

  /**
   * Masks detected values with {@code strategy} (redact, partial, hash or token).
   *
   * @throws IllegalArgumentException for an unknown strategy
   */
  MaskResult mask(String text, String strategy);

  /** Restores the tokens this masker's keys made (current and older key ids). */
  Unmasker unmasker();
}
