package dev.residency.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Keeps events in memory, for tests and demos. Thread-safe; unbounded, so not for production. */
public final class InMemoryAuditSink implements AuditSink {
  private final ConcurrentLinkedQueue<AuditEvent> events = new ConcurrentLinkedQueue<>();

  InMemoryAuditSink() {}

  @Override
  public void accept(AuditEvent event) {
    events.add(event);
  }

  /** A snapshot of the events received so far, oldest first. */
  public List<AuditEvent> events() {
    return new ArrayList<>(events);
  }

  /** Forgets every event. */
  public void clear() {
    events.clear();
  }
}
