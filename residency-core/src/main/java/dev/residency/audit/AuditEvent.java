package dev.residency.audit;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.Location;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One entry of the audit trail: a residency decision, or a masking action. Holds host, port,
 * outcome, rule and location; never credentials, paths, query strings or data values (masking
 * events hold counts per type and strategy only).
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditEvent {
  /** What the event records. */
  public enum Type {
    /** A residency decision. */
    DECISION,
    /** A masking action: counts of masked values per type and strategy. */
    MASKING
  }

  private final Type type;
  private final Instant time;
  private final Decision decision;
  private final String context;
  private final Map<String, Integer> maskCounts;

  private AuditEvent(Type type, Instant time, Decision decision, String context, Map<String, Integer> maskCounts) {
    this.type = type;
    this.time = time;
    this.decision = decision;
    this.context = context;
    this.maskCounts = maskCounts;
  }

  /** An event for a decision. */
  public static AuditEvent decision(Instant time, Decision decision) {
    return new AuditEvent(
        Type.DECISION, Objects.requireNonNull(time, "time"), Objects.requireNonNull(decision, "decision"), null, Map.of());
  }

  /**
   * An event for a masking action.
   *
   * @param context where it happened, e.g. {@code llm.prompt}, {@code jdbc.resultset}, {@code http.body}
   * @param counts masked values per {@code TYPE:strategy}, e.g. {@code EMAIL:token -> 2}
   */
  public static AuditEvent masking(Instant time, String context, Map<String, Integer> counts) {
    return new AuditEvent(
        Type.MASKING,
        Objects.requireNonNull(time, "time"),
        null,
        Objects.requireNonNull(context, "context"),
        Map.copyOf(new TreeMap<>(counts)));
  }

  /** DECISION or MASKING. */
  public Type type() {
    return type;
  }

  /** When it happened. */
  public Instant time() {
    return time;
  }

  /** The decision, for DECISION events; {@code null} otherwise. */
  public Decision decision() {
    return decision;
  }

  /** Where a masking action happened; {@code null} for decisions. */
  public String context() {
    return context;
  }

  /** Masked values per {@code TYPE:strategy}; empty for decisions. */
  public Map<String, Integer> maskCounts() {
    return maskCounts;
  }

  /**
   * The event as an ordered map of JSON-friendly values (strings, numbers, lists, maps), the form
   * every built-in sink writes.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("time", time.toString());
    m.put("type", type.name().toLowerCase(java.util.Locale.ROOT));
    if (type == Type.MASKING) {
      m.put("context", context);
      m.put("counts", new TreeMap<>(maskCounts));
      return m;
    }
    Endpoint e = decision.endpoint();
    Location l = decision.location();
    m.put("kind", e == null ? null : e.kind().name());
    m.put("host", e == null ? null : e.host());
    m.put("port", e == null || e.port() < 0 ? null : e.port());
    m.put("resource", e == null ? null : e.resource());
    m.put("outcome", decision.outcome().name());
    m.put("reason", decision.reasonCode().name());
    m.put("rule", decision.ruleId());
    m.put("provider", l.provider());
    m.put("region", l.region() == null ? null : l.region().id());
    m.put("scope", l.scope().wireName());
    m.put("countries", List.copyOf(new TreeSet<>(l.countries())));
    m.put("mode", decision.mode().wireName());
    m.put("blocked", decision.isBlocking());
    m.put("policyVersion", decision.policyVersion());
    m.put("explanation", decision.explanation());
    return m;
  }

  @Override
  public String toString() {
    return toMap().toString();
  }
}
