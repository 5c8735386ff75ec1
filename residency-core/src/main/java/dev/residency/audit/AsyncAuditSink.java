package dev.residency.audit;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to a delegate on one daemon thread through a bounded queue, so a slow or stuck sink
 * (a full disk, a remote collector) never stalls the data path. When the queue is full the event
 * is dropped and counted; {@link #dropped()} and {@link #failed()} report losses. Use it only where
 * losing the newest events under overload is acceptable; with {@code audit.required} prefer a
 * synchronous sink, whose failures can deny.
 */
public final class AsyncAuditSink implements AuditSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncAuditSink.class);
  private static final AuditEvent STOP = AuditEvent.masking(java.time.Instant.EPOCH, "stop", java.util.Map.of());

  private final AuditSink delegate;
  private final BlockingQueue<AuditEvent> queue;
  private final Thread worker;
  private final LongAdder dropped = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private volatile boolean closed;

  AsyncAuditSink(AuditSink delegate, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.delegate = delegate;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.worker = new Thread(this::drain, "residency-audit");
    this.worker.setDaemon(true);
    this.worker.start();
  }

  @Override
  public void accept(AuditEvent event) {
    if (closed || !queue.offer(event)) {
      dropped.increment();
    }
  }

  private void drain() {
    while (true) {
      AuditEvent e;
      try {
        e = queue.take();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      }
      if (e == STOP) {
        return;
      }
      try {
        delegate.accept(e);
      } catch (RuntimeException ex) {
        failed.increment();
        if (failed.sum() == 1) {
          LOG.warn("audit sink failed (further failures are only counted): {}", ex.toString());
        }
      }
    }
  }

  /** Events dropped because the queue was full or the sink closed. */
  public long dropped() {
    return dropped.sum();
  }

  /** Events the delegate threw on. */
  public long failed() {
    return failed.sum();
  }

  /** Events waiting. */
  public int pending() {
    return queue.size();
  }

  /** Stops accepting, writes what is queued (waiting up to 5 s), then closes the delegate if closeable. */
  @Override
  public void close() {
    closed = true;
    try {
      queue.put(STOP);
      worker.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (delegate instanceof AutoCloseable) {
      try {
        ((AutoCloseable) delegate).close();
      } catch (Exception e) {
        LOG.warn("closing audit sink failed: {}", e.toString());
      }
    }
  }
}
