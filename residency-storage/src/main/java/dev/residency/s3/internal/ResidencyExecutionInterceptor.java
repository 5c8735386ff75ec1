package dev.residency.s3.internal;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.Outcome;
import dev.residency.ReasonCode;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditEvent;
import dev.residency.s3.ResidencyS3Exception;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.interceptor.SdkInternalExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/**
 * The S3 execution interceptor. Internal, may change without notice. Thread-safe and stateless
 * per call: everything a call needs travels in its {@link ExecutionAttributes}.
 *
 * <p>Lifecycle: {@code beforeExecution} (caller's thread, once) captures the request;
 * {@code modifyHttpRequest} (once per execution, after the SDK's own endpoint interceptors have set
 * the final host, before signing and before the retry loop) decides; {@code afterExecution} and
 * {@code onExecutionFailure} clear the state. Nothing happens in {@code beforeTransmission}, which
 * repeats on every retry, so a retried call is decided and audited exactly once.
 */
public final class ResidencyExecutionInterceptor implements ExecutionInterceptor {
  private static final ExecutionAttribute<CallState> CALL = new ExecutionAttribute<>("residency.s3.call");

  /** Calls that move no object data and need no bucket region (CreateBucket has its own check). */
  private static final Set<String> NO_BUCKET_REGION = Set.of(
      "CreateBucket", "HeadBucket", "GetBucketLocation", "ListBuckets", "ListDirectoryBuckets");

  private final ResidencyGuard guard;
  private final BucketRegions regions;
  private final boolean checkSigningRegion;

  public ResidencyExecutionInterceptor(ResidencyGuard guard, BucketRegions regions, boolean checkSigningRegion) {
    this.guard = guard;
    this.regions = regions;
    this.checkSigningRegion = checkSigningRegion;
  }

  /** What one logical call carries between hooks; mutable, confined to the call. */
  private static final class CallState {
    SdkRequest request;
    boolean decided;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (Boolean.TRUE.equals(attributes.getAttribute(BucketRegions.LOOKUP))) {
      return;
    }
    CallState state = new CallState();
    state.request = context.request();
    attributes.putAttribute(CALL, state);
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    CallState state = attributes.getAttribute(CALL);
    if (state == null || state.decided) {
      // Our own bucket-region lookups: the call that triggered them has just checked this host.
      return context.httpRequest();
    }
    state.decided = true;
    SdkHttpRequest http = context.httpRequest();
    SdkRequest request = state.request;
    String bucket = request.getValueForField("Bucket", String.class).orElse(null);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);

    // 1. The final host: endpoint override, accelerate, dualstack, FIPS, access points, MRAP.
    Endpoint host = Endpoint.builder(EndpointKind.S3)
        .host(http.host())
        .port(http.port())
        .path(http.encodedPath())
        .resource(bucket)
        .build();
    check(guard.evaluate(host));

    // 2. The client's signing region.
    Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
    if (checkSigningRegion && region != null && !region.isGlobalRegion()) {
      check(guard.evaluate(Endpoint.builder(EndpointKind.S3)
          .host(http.host())
          .port(http.port())
          .resource("signing region of " + http.host())
          .resourceLocation("aws:" + region.id())
          .build()));
    }

    // 3. Where the bucket is, or is to be created.
    SdkClient client = attributes.getAttribute(SdkInternalExecutionAttribute.SDK_CLIENT);
    if (request instanceof CreateBucketRequest) {
      check(guard.evaluate(bucketEndpoint(http, bucket, locationConstraint((CreateBucketRequest) request))));
    } else if (bucket != null && !isArn(bucket) && !NO_BUCKET_REGION.contains(operation)) {
      checkBucket(client, http, bucket);
    }

    // 4. The source of CopyObject / UploadPartCopy: copying out of a denied region moves its data.
    String source = sourceBucket(request);
    if (source != null && !isArn(source)) {
      checkBucket(client, http, source);
    }
    return http;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    clear(attributes);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    clear(attributes);
  }

  private static void clear(ExecutionAttributes attributes) {
    CallState state = attributes.getAttribute(CALL);
    if (state != null) {
      state.request = null;
    }
  }

  private void checkBucket(SdkClient client, SdkHttpRequest http, String bucket) {
    String region;
    try {
      region = regions.regionOf(client, bucket);
    } catch (BucketRegions.LookupFailedException e) {
      check(lookupFailed(http, bucket, e.getMessage()));
      return;
    }
    check(guard.evaluate(bucketEndpoint(http, bucket, region)));
  }

  private static Endpoint bucketEndpoint(SdkHttpRequest http, String bucket, String region) {
    return Endpoint.builder(EndpointKind.S3)
        .host(http.host())
        .port(http.port())
        .resource(bucket)
        .resourceLocation("aws:" + region)
        .build();
  }

  /**
   * A bucket whose region cannot be found is refused, whatever the policy says about unknown
   * locations: the lookup failing is a resolver error, not an unknown place.
   */
  private Decision lookupFailed(SdkHttpRequest http, String bucket, String why) {
    Endpoint e = Endpoint.builder(EndpointKind.S3).host(http.host()).port(http.port()).resource(bucket).build();
    Decision d = Decision.builder(Outcome.DENY, ReasonCode.DENIED_RESOLVER_ERROR)
        .ruleId("s3.bucketRegion")
        .endpoint(e)
        .mode(guard.mode())
        .policyVersion(guard.policyVersion())
        .explanation("DENIED_RESOLVER_ERROR: " + e + ": the bucket's region could not be found (" + why
            + "); failing closed")
        .build();
    guard.audit(AuditEvent.decision(Instant.now(), d));
    return d;
  }

  private static void check(Decision d) {
    if (d.isBlocking()) {
      throw ResidencyS3Exception.of(new ResidencyViolationException(d));
    }
  }

  /** CreateBucket's LocationConstraint; a missing one means us-east-1, the legacy "EU" eu-west-1. */
  static String locationConstraint(CreateBucketRequest request) {
    String c = request.createBucketConfiguration() == null
        ? null
        : request.createBucketConfiguration().locationConstraintAsString();
    if (c == null || c.isEmpty()) {
      return "us-east-1";
    }
    return "EU".equals(c) ? "eu-west-1" : c.toLowerCase(Locale.ROOT);
  }

  static String sourceBucket(SdkRequest request) {
    String source = request.getValueForField("SourceBucket", String.class).orElse(null);
    if (source != null) {
      return source;
    }
    // The deprecated CopySource form: "bucket/key" (URL-encoded), optionally with a leading slash.
    String copySource = request.getValueForField("CopySource", String.class).orElse(null);
    if (copySource == null) {
      return null;
    }
    String s = URLDecoder.decode(copySource, StandardCharsets.UTF_8);
    s = s.startsWith("/") ? s.substring(1) : s;
    int slash = s.indexOf('/');
    return slash < 0 ? s : s.substring(0, slash);
  }

  /**
   * Access point and Multi-Region Access Point ARNs are placed by their host (the SDK turns them
   * into {@code *.s3-accesspoint.REGION.amazonaws.com} or {@code *.accesspoint.s3-global...}).
   */
  private static boolean isArn(String bucket) {
    return bucket.startsWith("arn:");
  }
}
