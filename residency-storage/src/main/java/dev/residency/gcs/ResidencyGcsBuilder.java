package dev.residency.gcs;

import dev.residency.ResidencyGuard;
import java.time.Duration;
import java.util.Objects;

/** Configures {@link ResidencyGcs}. Not thread-safe; {@link #build()} snapshots the settings. */
public final class ResidencyGcsBuilder {
  /** Default time a bucket's location stays cached: 15 minutes. */
  public static final Duration DEFAULT_BUCKET_LOCATION_TTL = Duration.ofMinutes(15);
  /** Default number of cached bucket locations. */
  public static final int DEFAULT_BUCKET_LOCATION_CACHE_SIZE = 10_000;
  /** Default connect and read timeout of one bucket-location lookup: 5 seconds. */
  public static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofSeconds(5);

  private final ResidencyGuard guard;
  Duration cacheTtl = DEFAULT_BUCKET_LOCATION_TTL;
  int cacheSize = DEFAULT_BUCKET_LOCATION_CACHE_SIZE;
  Duration lookupTimeout = DEFAULT_LOOKUP_TIMEOUT;
  boolean requireRegionalEndpoint;

  ResidencyGcsBuilder(ResidencyGuard guard) {
    this.guard = guard;
  }

  /**
   * Whether requests must go to a regional endpoint ({@code storage.REGION.rep.googleapis.com})
   * whose region the policy allows. Default {@code false}: the global endpoint {@code
   * storage.googleapis.com} is accepted and judged by the bucket's location, although Google may
   * process requests to it outside that location. Set it when processing, not only storage, must
   * stay in the region. With it set, the global endpoint is refused when wrapping and the host of
   * every request is decided by the guard.
   *
   * @param require whether to require regional endpoints
   * @return this builder
   */
  public ResidencyGcsBuilder setRequireRegionalEndpoint(boolean require) {
    this.requireRegionalEndpoint = require;
    return this;
  }

  /**
   * How long a bucket's location stays cached. Default 15 minutes.
   *
   * @param ttl positive duration
   * @return this builder
   * @throws IllegalArgumentException when not positive
   */
  public ResidencyGcsBuilder setBucketLocationCacheTtl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("bucket location TTL must be positive, got " + ttl);
    }
    this.cacheTtl = ttl;
    return this;
  }

  /**
   * How many bucket locations are cached. Default 10,000 buckets.
   *
   * @param buckets at least 1
   * @return this builder
   * @throws IllegalArgumentException when below 1
   */
  public ResidencyGcsBuilder setBucketLocationCacheSize(int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("bucket location cache size must be >= 1, got " + buckets);
    }
    this.cacheSize = buckets;
    return this;
  }

  /**
   * Connect and read timeout of one bucket-location lookup. Default 5 seconds. A lookup that fails
   * or times out refuses the request.
   *
   * @param timeout positive duration, at most {@code Integer.MAX_VALUE} milliseconds
   * @return this builder
   * @throws IllegalArgumentException when not positive
   */
  public ResidencyGcsBuilder setBucketLocationLookupTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("lookup timeout must be positive, got " + timeout);
    }
    this.lookupTimeout = timeout;
    return this;
  }

  /**
   * Builds the instance.
   *
   * @return a new, immutable {@link ResidencyGcs}
   */
  public ResidencyGcs build() {
    return new ResidencyGcs(guard, this);
  }
}
