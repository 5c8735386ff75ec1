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
  /** Built on first call of {@link #counts()} from the tally when {@code null}. */
  private volatile Map<String, Integer> counts;
  private final String strategy;
  private final String[] types;
  private final int[] perType;
  private final int distinct;

  private MaskResult(String text, Map<String, Integer> counts) {
    this.text = text;
    this.counts = counts;
    this.strategy = null;
    this.types = null;
    this.perType = null;
    this.distinct = counts.size();
  }

  private MaskResult(String text, String strategy, String[] types, int[] perType, int distinct) {
    this.text = text;
    this.strategy = strategy;
    this.types = types;
    this.perType = perType;
    this.distinct = distinct;
  }

  /** Creates a result. */
  public static MaskResult of(String text, Map<String, Integer> counts) {
    Objects.requireNonNull(text, "text");
    return new MaskResult(text, counts.isEmpty() ? Map.of() : Map.copyOf(counts));
  }

  /**
   * A result whose counts map is made only when asked for: masking a line (the CLI, every tool
   * result) then costs no map building, and its JIT-compiled code stays small.
   */
  static MaskResult tallied(String text, String strategy, String[] types, int[] perType, int distinct) {
    return distinct == 0 ? new MaskResult(text, Map.of()) : new MaskResult(text, strategy, types, perType, distinct);
  }

  /** The masked text. */
  public String text() {
    return text;
  }

  /** Masked values per {@code TYPE:strategy}. */
  public Map<String, Integer> counts() {
    Map<String, Integer> c = counts;
    if (c == null) {
      Map<String, Integer> m = new java.util.HashMap<>();
      addTally(m, strategy, types, perType, distinct);
      c = Map.copyOf(m);
      counts = c;
    }
    return c;
  }

  /** The key of a count: {@code TYPE:strategy}. */
  static String countKey(String type, String strategy) {
    return type + ":" + strategy;
  }

  /** Adds a tally of masked values (the first {@code distinct} types and their counts) to {@code into}. */
  static void addTally(Map<String, Integer> into, String strategy, String[] types, int[] perType, int distinct) {
    for (int i = 0; i < distinct; i++) {
      into.merge(countKey(types[i], strategy), perType[i], Integer::sum);
    }
  }

  /** Total masked values. */
  public int total() {
    int n = 0;
    for (int c : counts().values()) {
      n += c;
    }
    return n;
  }

  /** True when anything was masked. */
  public boolean changed() {
    return distinct > 0;
  }

  /**
   * The audit event for this masking action: counts per type and strategy only, never values.
   *
   * @param context where it happened, e.g. {@code llm.prompt}, {@code http.body}, {@code jdbc.resultset}
   */
  public AuditEvent toAuditEvent(Instant time, String context) {
    return AuditEvent.masking(time, context, counts());
  }

  @Override
  public String toString() {
    // never the text: it may still hold values a partial strategy kept
    return "MaskResult{counts=" + counts() + "}";
  }
}
