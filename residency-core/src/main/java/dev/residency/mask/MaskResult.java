package dev.residency.mask;

import dev.residency.audit.AuditEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The output of a masking call: the masked text and how many values of each type were masked
 * with which strategy ({@code EMAIL:token -> 2}); never the values themselves.
 *
 * <p>Immutable and thread-safe.
 */
public final class MaskResult {
  private final String text;
  private final Map<String, Integer> counts;

  private MaskResult(String text, Map<String, Integer> counts) {
    this.text = text;
    this.counts = counts;
  }

  /** Creates a result. */
  public static MaskResult of(String text, Map<String, Integer> counts) {
    Objects.requireNonNull(text, "text");
    return new MaskResult(text, counts.isEmpty() ? Map.of() : Map.copyOf(counts));
  }

  /** The masked text. */
  public String text() {
    return text;
  }

  /** Masked values per {@code TYPE:strategy}. */
  public Map<String, Integer> counts() {
    return counts;
  }

  /** Total masked values. */
  public int total() {
    int n = 0;
    for (int c : counts.values()) {
      n += c;
    }
    return n;
  }

  /** True when anything was masked. */
  public boolean changed() {
    return !counts.isEmpty();
  }

  /**
   * The audit event for this masking action: counts per type and strategy only, never values.
   *
   * @param context where it happened, e.g. {@code llm.prompt}, {@code http.body}, {@code jdbc.resultset}
   */
  public AuditEvent toAuditEvent(Instant time, String context) {
    return AuditEvent.masking(time, context, counts);
  }

  @Override
  public String toString() {
    // never the text: it may still hold values a partial strategy kept
    return "MaskResult{counts=" + counts + "}";
  }
}
