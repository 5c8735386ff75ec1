package dev.residency.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Transforms blocks of bytes on worker threads and writes the results in submission order. At most
 * {@code 2 * workers} blocks are in flight: {@link #submit} writes the oldest result first when
 * the window is full, so memory is bounded by the window, not by the input. With one worker the
 * blocks are transformed on the caller's thread.
 */
final class OrderedBlocks implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final UnaryOperator<byte[]> transform;
  private final OutputStream out;
  private final ExecutorService pool;
  private final int window;
  private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
  /** A block failed: nothing after it may be written. */
  private boolean failed;

  OrderedBlocks(int workers, UnaryOperator<byte[]> transform, OutputStream out) {
    this.transform = transform;
    this.out = out;
    this.window = 2 * workers;
    if (workers > 1) {
      int pool = POOLS.incrementAndGet();
      AtomicInteger threads = new AtomicInteger();
      this.pool = Executors.newFixedThreadPool(workers, r -> {
        Thread t = new Thread(r, "residency-mask-" + pool + "-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    } else {
      this.pool = null;
    }
  }

  /** Queues {@code block}; writes finished results in order while the window is full. */
  void submit(byte[] block) throws IOException {
    if (pool == null) {
      out.write(transform.apply(block));
      return;
    }
    if (inFlight.size() >= window) {
      writeOldest();
    }
    inFlight.add(pool.submit(() -> transform.apply(block)));
  }

  private void writeOldest() throws IOException {
    Future<byte[]> f = inFlight.poll();
    try {
      byte[] result = f.get();
      try {
        out.write(result);
      } catch (IOException e) {
        failed = true;
        throw e;
      }
    } catch (InterruptedException e) {
      failed = true;
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while masking");
    } catch (ExecutionException e) {
      failed = true;
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IOException(cause);
    }
  }

  /** Writes what is still in flight, in order (nothing after a failed block), and stops the workers. */
  @Override
  public void close() throws IOException {
    try {
      while (!failed && !inFlight.isEmpty()) {
        writeOldest();
      }
    } finally {
      if (pool != null) {
        for (Future<byte[]> f : inFlight) {
          f.cancel(true);
        }
        pool.shutdownNow();
      }
    }
  }
}
