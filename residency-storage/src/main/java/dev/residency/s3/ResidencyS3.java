package dev.residency.s3;

import dev.residency.ResidencyGuard;
import dev.residency.s3.internal.BucketRegions;
import dev.residency.s3.internal.ResidencyExecutionInterceptor;
import dev.residency.s3.internal.ResidencyS3Presigner;
import java.util.Objects;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Residency checks for Amazon S3 through the AWS SDK for Java v2: every call of an {@code S3Client}
 * or {@code S3AsyncClient} is checked against the guard before anything is sent.
 *
 * <p>Per logical call, in order, the first refusal stopping the call: the client's endpoint and
 * signing region; the bucket's own region (looked up through the same client, cached) or, for
 * {@code CreateBucket}, its {@code LocationConstraint}; the source bucket of {@code CopyObject}
 * and {@code UploadPartCopy}; then, in {@code beforeTransmission}, the final host the request is
 * sent to (after the SDK's endpoint rules: bucket in the host, Transfer Acceleration, dualstack,
 * FIPS, access points, Multi-Region Access Points), against which the earlier checks are decided
 * again. Each call is audited once, with its final host (a call refused before the SDK chose it
 * names the client's endpoint); SDK retries add no decisions and no audit events. A refusal throws {@link ResidencyS3Exception} before anything is sent. Where the
 * policy allows a location only for masked data ({@code ALLOW_MASKED}), a synchronous text
 * {@code PutObject} body ({@code text/*}, {@code application/json}, up to 8 MiB) is masked with the
 * guard's masking pipeline, and object data that cannot be masked is refused.
 *
 * <p>Immutable and thread-safe; build one per guard and share it. The bucket-region cache is
 * shared by every interceptor and presigner this instance creates.
 */
public final class ResidencyS3 {
  private final ResidencyGuard guard;
  private final BucketRegions regions;
  private final boolean checkSigningRegion;

  ResidencyS3(ResidencyGuard guard, ResidencyS3Builder b) {
    this.guard = guard;
    this.regions = new BucketRegions(b.cacheTtl, b.cacheSize, b.lookupTimeout);
    this.checkSigningRegion = b.checkSigningRegion;
  }

  /**
   * An instance with default settings (see {@link ResidencyS3Builder}).
   *
   * @param guard the guard that decides, never {@code null}
   * @return the instance
   */
  public static ResidencyS3 create(ResidencyGuard guard) {
    return builder(guard).build();
  }

  /**
   * Starts configuring an instance.
   *
   * @param guard the guard that decides, never {@code null}
   * @return a new builder
   */
  public static ResidencyS3Builder builder(ResidencyGuard guard) {
    return new ResidencyS3Builder(Objects.requireNonNull(guard, "guard"));
  }

  /**
   * An interceptor to register on any S3 client builder with {@code
   * overrideConfiguration(c -> c.addExecutionInterceptor(...))}. Register it last, so that the body
   * it masks is the one sent. It decides the bucket checks in the modify hooks (once per call,
   * before signing and the retry loop) and the final host in {@code beforeTransmission} (after the
   * SDK's endpoint rules and signing, before each attempt is handed to the HTTP client; audited
   * once per call).
   *
   * @return a new interceptor; thread-safe, may be shared by several clients
   */
  public ExecutionInterceptor createExecutionInterceptor() {
    return new ResidencyExecutionInterceptor(guard, regions, checkSigningRegion);
  }

  /**
   * Adds {@link #createExecutionInterceptor()} to an {@code S3Client} or {@code S3AsyncClient}
   * builder, keeping the interceptors already registered.
   *
   * @param builder the client builder, never {@code null}
   * @param <B> the builder type
   * @return the same builder, for chaining
   */
  public <B extends S3BaseClientBuilder<B, ?>> B configure(B builder) {
    Objects.requireNonNull(builder, "builder");
    ExecutionInterceptor interceptor = createExecutionInterceptor();
    return builder.overrideConfiguration(c -> c.addExecutionInterceptor(interceptor));
  }

  /**
   * Wraps a presigner so that every URL it makes is checked before it is returned: the URL's host,
   * the region it is signed for and the bucket's region. {@code S3Presigner} runs no client
   * interceptors, hence the wrapper.
   *
   * @param presigner the presigner, never {@code null}; closing the wrapper closes it
   * @param bucketRegionClient a client that reaches the same buckets, used for bucket-region
   *     lookups; a client configured with {@link #configure} is fine
   * @return the checked presigner; a refusal throws {@link ResidencyS3Exception}
   */
  public S3Presigner wrap(S3Presigner presigner, S3Client bucketRegionClient) {
    return new ResidencyS3Presigner(
        Objects.requireNonNull(presigner, "presigner"),
        Objects.requireNonNull(bucketRegionClient, "bucketRegionClient"),
        guard,
        regions,
        checkSigningRegion);
  }
}
