package dev.residency.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AsyncAuditSinkTest {
  private static AuditEvent event() {
    return AuditEvent.masking(Instant.EPOCH, "test", Map.of("EMAIL:redact", 1));
  }

  @Test
  void stuckDelegateNeverBlocksCallersAndDropsAreCounted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AsyncAuditSink sink = AuditSinks.async(e -> {
      try {
        release.await();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }, 10);

    long start = System.nanoTime();
    for (int i = 0; i < 1_000; i++) {
      sink.accept(event());
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(elapsedMs).isLessThan(2_000);
    assertThat(sink.dropped()).isGreaterThanOrEqualTo(1_000 - 11);
    release.countDown();
    sink.close();
  }

  @Test
  void deliversInOrderAndCountsDelegateFailures() {
    InMemoryAuditSink memory = AuditSinks.inMemory();
    int[] calls = {0};
    AsyncAuditSink sink = AuditSinks.async(e -> {
      if (calls[0]++ == 1) {
        throw new IllegalStateException("disk full");
      }
      memory.accept(e);
    }, 100);

    for (int i = 0; i < 5; i++) {
      sink.accept(AuditEvent.masking(Instant.ofEpochSecond(i), "test", Map.of()));
    }
    sink.close();

    assertThat(memory.events()).extracting(e -> e.time().getEpochSecond()).containsExactly(0L, 2L, 3L, 4L);
    assertThat(sink.failed()).isEqualTo(1);
    assertThat(sink.dropped()).isZero();
  }
}
