package dev.residency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.audit.AuditSink;
import dev.residency.internal.DecisionCache;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: 1,000,000 distinct hosts through a guard with the default cache bound. The cache never
 * holds more than its bound, and the heap left after a full GC does not grow with the number of
 * hosts seen (measured after 200,000 and after 1,000,000; the bound is generous, since keeping even
 * a tenth of the 800,000 extra decisions would cost far more than it allows).
 */
class GuardMemoryTest {
  private static final int HOSTS = 1_000_000;
  private static final long MAX_GROWTH_BYTES = 32L << 20;

  @Test
  void decisionCacheStaysWithinItsBoundAndHeapStaysFlatOverAMillionHosts() {
    ResidencyPolicy policy = ResidencyPolicy.builder()
        .allowJurisdictions("EU")
        .declareHost("*.eu.example", "aws:eu-central-1")
        .build();
    ResidencyGuard guard = ResidencyGuard.builder(policy).setAuditSink(AuditSink.NOOP).build();
    int maxCacheSize = 0;
    long heapAt200k = 0;

    for (int i = 0; i < HOSTS; i++) {
      Decision d = guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "https://h" + i + ".eu.example/"));
      assertThat(d.isAllowed()).isTrue();
      if ((i & 1023) == 0) {
        maxCacheSize = Math.max(maxCacheSize, cacheSize(guard));
      }
      if (i == 200_000) {
        heapAt200k = usedHeapAfterGc();
      }
    }
    long heapAt1M = usedHeapAfterGc();

    assertThat(maxCacheSize).isLessThanOrEqualTo(ResidencyGuard.DEFAULT_CACHE_SIZE);
    assertThat(cacheSize(guard)).isLessThanOrEqualTo(ResidencyGuard.DEFAULT_CACHE_SIZE);
    assertThat(heapAt1M - heapAt200k).isLessThan(MAX_GROWTH_BYTES);
  }

  /** Used heap after a full GC: the smallest of a few tries, since a GC may still be settling. */
  static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long min = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      min = Math.min(min, rt.totalMemory() - rt.freeMemory());
    }
    return min;
  }

  private static int cacheSize(ResidencyGuard guard) {
    try {
      Field f = ResidencyGuard.class.getDeclaredField("state");
      f.setAccessible(true);
      Object state = ((AtomicReference<?>) f.get(guard)).get();
      Field c = state.getClass().getDeclaredField("cache");
      c.setAccessible(true);
      return ((DecisionCache) c.get(state)).size();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
