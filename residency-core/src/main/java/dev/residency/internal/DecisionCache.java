package dev.residency.internal;

import dev.residency.Decision;
import dev.residency.Endpoint;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded, lock-free-on-read cache of decisions: two generations of at most {@code maxSize / 2}
 * entries each. When the young generation fills it becomes the old one and the previous old one is
 * dropped; a hit in the old generation is promoted. So the cache never holds more than {@code
 * maxSize} entries and recently used entries survive. Internal, may change without notice.
 */
public final class DecisionCache {
  private final int generationSize;
  private volatile ConcurrentHashMap<Endpoint, Decision> young;
  private volatile ConcurrentHashMap<Endpoint, Decision> old;
  private final AtomicInteger youngCount = new AtomicInteger();

  public DecisionCache(int maxSize) {
    if (maxSize < 2) {
      throw new IllegalArgumentException("cache size must be >= 2, got " + maxSize);
    }
    this.generationSize = maxSize / 2;
    this.young = new ConcurrentHashMap<>();
    this.old = new ConcurrentHashMap<>();
  }

  /** The cached decision or {@code null}. */
  public Decision get(Endpoint e) {
    Decision d = young.get(e);
    if (d != null) {
      return d;
    }
    d = old.get(e);
    if (d != null) {
      put(e, d);
    }
    return d;
  }

  /** Caches a decision. */
  public void put(Endpoint e, Decision d) {
    if (youngCount.get() >= generationSize) {
      synchronized (this) {
        if (youngCount.get() >= generationSize) {
          old = young;
          young = new ConcurrentHashMap<>();
          youngCount.set(0);
        }
      }
    }
    if (young.put(e, d) == null) {
      youngCount.incrementAndGet();
    }
  }

  /** Entries currently held (both generations; an entry may be counted twice while promoted). */
  public int size() {
    return young.size() + old.size();
  }
}
