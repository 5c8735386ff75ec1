package dev.residency.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Factories for the built-in {@link AuditSink}s. */
public final class AuditSinks {
  /** Default rotation size of the JSON-lines sink: 64 MiB. */
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  private AuditSinks() {}

  /** Logs each event as JSON to SLF4J logger {@code dev.residency.audit} (denials at WARN). */
  public static AuditSink slf4j() {
    return new Slf4jAuditSink();
  }

  /** Appends JSON lines to {@code file}, rotating at {@link #DEFAULT_MAX_BYTES} and keeping 5 old files. */
  public static AuditSink jsonLines(Path file) {
    return jsonLines(file, DEFAULT_MAX_BYTES, 5);
  }

  /**
   * Appends JSON lines to {@code file}, rotating to {@code file.1..file.keep} when the next line
   * would take it past {@code maxBytes}.
   *
   * @param maxBytes rotation size in bytes, at least 1024
   * @param keep how many rotated files to keep, at least 1
   */
  public static AuditSink jsonLines(Path file, long maxBytes, int keep) {
    return new JsonLinesAuditSink(Objects.requireNonNull(file, "file"), maxBytes, keep);
  }

  /** Keeps events in memory, for tests and demos. */
  public static InMemoryAuditSink inMemory() {
    return new InMemoryAuditSink();
  }

  /**
   * Wraps a sink so events are written on a background thread through a bounded queue of {@code
   * capacity} events; when full, new events are dropped and counted rather than blocking callers.
   */
  public static AsyncAuditSink async(AuditSink delegate, int capacity) {
    return new AsyncAuditSink(Objects.requireNonNull(delegate, "delegate"), capacity);
  }

  /** Sends every event to each sink in order; a failing sink does not stop the others. */
  public static AuditSink fanOut(List<AuditSink> sinks) {
    List<AuditSink> copy = List.copyOf(sinks);
    return event -> {
      RuntimeException first = null;
      for (AuditSink sink : copy) {
        try {
          sink.accept(event);
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          }
        }
      }
      if (first != null) {
        throw first;
      }
    };
  }

  /**
   * Parses a sink spec as written in policy files: {@code slf4j}, {@code memory}, {@code none} or
   * {@code jsonl:PATH} (relative paths resolve against {@code baseDir}).
   *
   * @throws IllegalArgumentException for any other spec
   */
  public static AuditSink fromSpec(String spec, Path baseDir) {
    Objects.requireNonNull(spec, "spec");
    if (spec.equals("slf4j")) {
      return slf4j();
    }
    if (spec.equals("memory")) {
      return inMemory();
    }
    if (spec.equals("none")) {
      return AuditSink.NOOP;
    }
    if (spec.startsWith("jsonl:") && spec.length() > 6) {
      Path p = Path.of(spec.substring(6));
      return jsonLines(baseDir == null || p.isAbsolute() ? p : baseDir.resolve(p));
    }
    throw new IllegalArgumentException("unknown audit sink '" + spec + "' (expected slf4j, memory, none or jsonl:PATH)");
  }
}
