package dev.residency.s3.internal;

import dev.residency.Decision;
import dev.residency.s3.ResidencyS3Exception;
import dev.residency.storage.internal.TtlCache;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketLocationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLocationResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Finds and caches the region of S3 buckets: {@code HeadBucket}'s {@code x-amz-bucket-region}
 * first, then {@code GetBucketLocation}, both through the very client that makes the call (same
 * endpoint, credentials, HTTP client) with a bounded timeout. Internal, may change without notice.
 * Thread-safe.
 */
public final class BucketRegions {
  /**
   * Marks the adapter's own lookups, so the interceptor neither recurses nor audits them; it still
   * checks their final host, so that no lookup goes to a denied host.
   */
  public static final ExecutionAttribute<Boolean> LOOKUP = new ExecutionAttribute<>("residency.s3.bucketRegionLookup");

  private static final String REGION_HEADER = "x-amz-bucket-region";

  private final TtlCache<String, String> cache;
  private final Duration timeout;

  public BucketRegions(Duration ttl, int maxSize, Duration timeout) {
    this.cache = new TtlCache<>(ttl.toNanos(), maxSize, System::nanoTime);
    this.timeout = timeout;
  }

  /** Why a bucket's region could not be found; the call must then be refused. */
  public static final class LookupFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Decision refusal;

    LookupFailedException(String message, Throwable cause) {
      super(message, cause, false, false);
      this.refusal = null;
    }

    LookupFailedException(ResidencyS3Exception refused) {
      super("the lookup was refused: " + refused.getMessage(), refused, false, false);
      this.refusal = refused.decision();
    }

    /**
     * The decision that refused the lookup itself (its final host is outside the policy), which
     * is then the calling request's refusal too; {@code null} when the lookup failed otherwise.
     */
    public Decision refusal() {
      return refusal;
    }
  }

  /**
   * The bucket's region code (e.g. {@code eu-west-1}), from the cache or looked up now.
   *
   * @throws LookupFailedException when neither lookup gives a region (no such bucket, access
   *     denied without a region header, timeout...)
   */
  public String regionOf(SdkClient client, String bucket) throws LookupFailedException {
    String key = scope(client) + '|' + bucket;
    String region = cache.get(key);
    if (region == null) {
      region = lookUp(client, bucket);
      cache.put(key, region);
    }
    return region;
  }

  /** Number of cached buckets (for tests). */
  public int cachedBuckets() {
    return cache.size();
  }

  private static String scope(SdkClient client) {
    // Bucket names are unique per partition on AWS, but per server for S3-compatible stores.
    if (client instanceof S3Client) {
      return ((S3Client) client).serviceClientConfiguration().endpointOverride().map(Object::toString).orElse("aws");
    }
    if (client instanceof S3AsyncClient) {
      return ((S3AsyncClient) client).serviceClientConfiguration().endpointOverride().map(Object::toString).orElse("aws");
    }
    return "client@" + System.identityHashCode(client);
  }

  private String lookUp(SdkClient client, String bucket) throws LookupFailedException {
    HeadBucketRequest head = HeadBucketRequest.builder()
        .bucket(bucket)
        .overrideConfiguration(o -> o.apiCallTimeout(timeout).putExecutionAttribute(LOOKUP, Boolean.TRUE))
        .build();
    String region;
    try {
      HeadBucketResponse r = call(client, head);
      region = r.bucketRegion() != null
          ? r.bucketRegion()
          : r.sdkHttpResponse().firstMatchingHeader(REGION_HEADER).orElse(null);
    } catch (ResidencyS3Exception e) {
      throw new LookupFailedException(e);
    } catch (S3Exception e) {
      // S3 answers a HeadBucket it refuses (403, or 301 from the wrong region) with the header too.
      Optional<String> header = e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null
          ? Optional.empty()
          : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader(REGION_HEADER);
      if (header.isEmpty() && e.statusCode() == 404) {
        throw new LookupFailedException("HeadBucket: no such bucket (404)", e);
      }
      region = header.orElse(null);
    } catch (SdkException e) {
      throw new LookupFailedException("HeadBucket failed: " + e.getClass().getSimpleName(), e);
    }
    if (region == null || region.isBlank()) {
      region = location(client, bucket);
    }
    return region.trim().toLowerCase(Locale.ROOT);
  }

  private String location(SdkClient client, String bucket) throws LookupFailedException {
    GetBucketLocationRequest get = GetBucketLocationRequest.builder()
        .bucket(bucket)
        .overrideConfiguration(o -> o.apiCallTimeout(timeout).putExecutionAttribute(LOOKUP, Boolean.TRUE))
        .build();
    try {
      GetBucketLocationResponse r = client instanceof S3Client
          ? ((S3Client) client).getBucketLocation(get)
          : await(((S3AsyncClient) client).getBucketLocation(get));
      String constraint = r.locationConstraintAsString();
      // Documented legacy values: empty means us-east-1, "EU" means eu-west-1.
      if (constraint == null || constraint.isEmpty()) {
        return "us-east-1";
      }
      return "EU".equals(constraint) ? "eu-west-1" : constraint;
    } catch (ResidencyS3Exception e) {
      throw new LookupFailedException(e);
    } catch (SdkException e) {
      throw new LookupFailedException("no x-amz-bucket-region header and GetBucketLocation failed: "
          + e.getClass().getSimpleName(), e);
    }
  }

  private HeadBucketResponse call(SdkClient client, HeadBucketRequest head) throws LookupFailedException {
    if (client instanceof S3Client) {
      return ((S3Client) client).headBucket(head);
    }
    if (client instanceof S3AsyncClient) {
      return await(((S3AsyncClient) client).headBucket(head));
    }
    throw new LookupFailedException("the calling client is neither an S3Client nor an S3AsyncClient: "
        + (client == null ? "none" : client.getClass().getName()), null);
  }

  private <T> T await(java.util.concurrent.CompletableFuture<T> future) throws LookupFailedException {
    try {
      // apiCallTimeout bounds the call; the extra second only guards against a lost completion.
      return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LookupFailedException("interrupted", e);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new LookupFailedException("timed out after " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof SdkException) {
        throw (SdkException) c;
      }
      throw new LookupFailedException("failed: " + (c == null ? e : c).getClass().getSimpleName(), c);
    }
  }
}
