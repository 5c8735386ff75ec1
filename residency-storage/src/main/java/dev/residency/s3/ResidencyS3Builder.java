package dev.residency.s3;

import dev.residency.ResidencyGuard;
import java.time.Duration;
import java.util.Objects;

/** Configures {@link ResidencyS3}. Not thread-safe; {@link #build()} snapshots the settings. */
public final class ResidencyS3Builder {
  /** Default time a bucket's region stays cached: 15 minutes. */
  public static final Duration DEFAULT_BUCKET_REGION_TTL = Duration.ofMinutes(15);
  /** Default number of cached bucket regions. */
  public static final int DEFAULT_BUCKET_REGION_CACHE_SIZE = 10_000;
  /** Default bound on one bucket-region lookup: 5 seconds. */
  public static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofSeconds(5);

  private final ResidencyGuard guard;
  Duration cacheTtl = DEFAULT_BUCKET_REGION_TTL;
  int cacheSize = DEFAULT_BUCKET_REGION_CACHE_SIZE;
  Duration lookupTimeout = DEFAULT_LOOKUP_TIMEOUT;
  boolean checkSigningRegion = true;

  ResidencyS3Builder(ResidencyGuard guard) {
    this.guard = guard;
  }

  /**
   * How long a bucket's region stays cached. Default 15 minutes. A bucket deleted and re-created
   * elsewhere under the same name is seen after at most this long.
   *
   * @param ttl positive duration
   * @return this builder
   * @throws IllegalArgumentException when not positive
   */
  public ResidencyS3Builder setBucketRegionCacheTtl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("bucket region TTL must be positive, got " + ttl);
    }
    this.cacheTtl = ttl;
    return this;
  }

  /**
   * How many bucket regions are cached. Default 10,000 buckets.
   *
   * @param buckets at least 1
   * @return this builder
   * @throws IllegalArgumentException when below 1
   */
  public ResidencyS3Builder setBucketRegionCacheSize(int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("bucket region cache size must be >= 1, got " + buckets);
    }
    this.cacheSize = buckets;
    return this;
  }

  /**
   * The bound on one bucket-region lookup ({@code HeadBucket}, then {@code GetBucketLocation}),
   * each set as its API call timeout. Default 5 seconds. A lookup that times out refuses the call.
   *
   * @param timeout positive duration
   * @return this builder
   * @throws IllegalArgumentException when not positive
   */
  public ResidencyS3Builder setBucketRegionLookupTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("lookup timeout must be positive, got " + timeout);
    }
    this.lookupTimeout = timeout;
    return this;
  }

  /**
   * Whether the client's signing region must itself be allowed. Default {@code true}. Turn it off
   * only for S3-compatible stores reached by endpoint override whose region name is not where they
   * run (MinIO answers to {@code us-east-1} anywhere); the host and bucket checks still apply.
   *
   * @param check whether to check the signing region
   * @return this builder
   */
  public ResidencyS3Builder setCheckSigningRegion(boolean check) {
    this.checkSigningRegion = check;
    return this;
  }

  /**
   * Builds the instance.
   *
   * @return a new, immutable {@link ResidencyS3}
   */
  public ResidencyS3 build() {
    return new ResidencyS3(guard, this);
  }
}
