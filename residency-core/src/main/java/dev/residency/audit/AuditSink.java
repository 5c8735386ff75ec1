package dev.residency.audit;

/**
 * Receives the audit trail: exactly one event per decision and per masking action.
 *
 * <p>Implementations must be thread-safe, must not block for long and should not throw; a guard
 * catches and counts what they throw, and only denies because of it when the policy requires
 * an audit trail ({@code audit.required: true}).
 */
@FunctionalInterface
public interface AuditSink {
  /** A sink that drops every event. */
  AuditSink NOOP = event -> {};

  /** Records one event. */
  void accept(AuditEvent event);
}
