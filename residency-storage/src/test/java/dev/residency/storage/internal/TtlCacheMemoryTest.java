package dev.residency.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.gcs.ResidencyGcsBuilder;
import dev.residency.s3.ResidencyS3Builder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: the bounded TTL cache behind the S3 bucket-region and GCS bucket-location lookups, at
 * their default bound, over 1,000,000 distinct buckets that never expire during the run. It stays
 * within its bound, and the heap left after a full GC does not grow with the number of buckets.
 */
class TtlCacheMemoryTest {
  private static final int BUCKETS = 1_000_000;
  private static final long MAX_GROWTH_BYTES = 32L << 20;

  @Test
  void bucketRegionCacheStaysWithinItsDefaultBoundOverAMillionBuckets() {
    int bound = ResidencyS3Builder.DEFAULT_BUCKET_REGION_CACHE_SIZE;
    TtlCache<String, String> cache = new TtlCache<>(Duration.ofHours(1).toNanos(), bound, System::nanoTime);
    int max = 0;
    long heapAt200k = 0;

    for (int i = 0; i < BUCKETS; i++) {
      String key = "scope|bucket-" + i;
      if (cache.get(key) == null) {
        cache.put(key, "eu-central-1");
      }
      max = Math.max(max, cache.size());
      if (i == 200_000) {
        heapAt200k = usedHeapAfterGc();
      }
    }
    long heapAt1M = usedHeapAfterGc();

    assertThat(max).isLessThanOrEqualTo(bound);
    assertThat(heapAt1M - heapAt200k).isLessThan(MAX_GROWTH_BYTES);
  }

  @Test
  void bucketLocationCacheStaysWithinItsDefaultBoundOverAMillionBuckets() {
    int bound = ResidencyGcsBuilder.DEFAULT_BUCKET_LOCATION_CACHE_SIZE;
    TtlCache<String, String> cache = new TtlCache<>(Duration.ofHours(1).toNanos(), bound, System::nanoTime);
    int max = 0;

    for (int i = 0; i < BUCKETS; i++) {
      cache.put("bucket-" + i, "EUROPE-WEST3");
      max = Math.max(max, cache.size());
    }

    assertThat(max).isLessThanOrEqualTo(bound);
  }

  private static long usedHeapAfterGc() {
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
}
