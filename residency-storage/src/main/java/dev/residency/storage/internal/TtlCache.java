package dev.residency.storage.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A bounded cache whose entries expire a fixed time after they were stored. Internal, may change
 * without notice. Thread-safe; lookups take no lock.
 *
 * <p>When full, expired entries are dropped first, then arbitrary ones down to three quarters of the
 * bound: a bucket's region that falls out is simply looked up again, so precision of eviction does
 * not matter here, and making room for a quarter at a time keeps the scan off every later put.
 */
public final class TtlCache<K, V> {
  private record Entry<V>(V value, long expiresAtNanos) {}

  private final Map<K, Entry<V>> map = new ConcurrentHashMap<>();
  private final long ttlNanos;
  private final int maxSize;
  private final LongSupplier nanoTime;

  public TtlCache(long ttlNanos, int maxSize, LongSupplier nanoTime) {
    if (ttlNanos <= 0 || maxSize < 1) {
      throw new IllegalArgumentException("ttl and size must be positive");
    }
    this.ttlNanos = ttlNanos;
    this.maxSize = maxSize;
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** The live value, or {@code null}. */
  public V get(K key) {
    Entry<V> e = map.get(key);
    if (e == null) {
      return null;
    }
    if (nanoTime.getAsLong() - e.expiresAtNanos >= 0) {
      map.remove(key, e);
      return null;
    }
    return e.value;
  }

  /** Stores a value for the cache's time to live. */
  public void put(K key, V value) {
    if (map.size() >= maxSize) {
      evict();
    }
    map.put(key, new Entry<>(value, nanoTime.getAsLong() + ttlNanos));
  }

  /** Number of entries, expired ones included. */
  public int size() {
    return map.size();
  }

  private void evict() {
    long now = nanoTime.getAsLong();
    map.values().removeIf(e -> now - e.expiresAtNanos >= 0);
    // Evicting just one would put a full scan on every later put once the cache is full.
    int target = maxSize - Math.max(1, maxSize / 4);
    Iterator<K> it = map.keySet().iterator();
    while (map.size() > target && it.hasNext()) {
      it.next();
      it.remove();
    }
  }
}
