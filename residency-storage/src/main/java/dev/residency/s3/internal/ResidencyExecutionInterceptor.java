package dev.residency.s3.internal;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.Outcome;
import dev.residency.ReasonCode;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditEvent;
import dev.residency.mask.MaskResult;
import dev.residency.mask.MaskingPipeline;
import dev.residency.s3.ResidencyS3Exception;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.interceptor.SdkInternalExecutionAttribute;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/**
 * The S3 execution interceptor. Internal, may change without notice. Thread-safe and stateless
 * per call: everything a call needs travels in its {@link ExecutionAttributes}.
 *
 * <p>Lifecycle: {@code beforeExecution} (caller's thread, once) captures the request; the modify
 * stage (once per execution, after the SDK's own endpoint interceptors have set the final host,
 * before signing and before the retry loop) decides, in the first of this interceptor's
 * {@code modifyAsyncHttpContent}, {@code modifyHttpContent} and {@code modifyHttpRequest}, which
 * share one context; {@code afterExecution} and
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

  /** Calls whose body carries object data into the bucket: under ALLOW_MASKED they must be masked. */
  private static final Set<String> SENDS_OBJECT_DATA = Set.of("PutObject", "UploadPart", "CopyObject", "UploadPartCopy");

  /** Largest text body masked in memory; a larger one under ALLOW_MASKED is refused. */
  static final int MAX_MASKED_BYTES = 8 * 1024 * 1024;

  /** What one logical call carries between hooks; mutable, confined to the call. */
  private static final class CallState {
    SdkRequest request;
    boolean decided;
    boolean maskingRequired;
    byte[] maskedBody;
    SdkHttpRequest finalRequest;
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
  public Optional<AsyncRequestBody> modifyAsyncHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    decideOnce(context, attributes);
    return context.asyncRequestBody();
  }

  @Override
  public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    CallState state = decideOnce(context, attributes);
    if (state == null || state.maskedBody == null) {
      return context.requestBody();
    }
    String type = context.httpRequest().firstMatchingHeader("Content-Type").orElse("text/plain");
    return Optional.of(RequestBody.fromContentProvider(
        ContentStreamProvider.fromByteArrayUnsafe(state.maskedBody), state.maskedBody.length, type));
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    CallState state = decideOnce(context, attributes);
    return state == null || state.finalRequest == null ? context.httpRequest() : state.finalRequest;
  }

  /**
   * Decides once per execution. The SDK hands this interceptor's three modify hooks the same
   * context (final host, region, body), calling the content hooks before {@code modifyHttpRequest};
   * whichever runs first decides, so that a masked body and its headers agree.
   */
  private CallState decideOnce(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    CallState state = attributes.getAttribute(CALL);
    if (state == null) {
      // Our own bucket-region lookups: the call that triggered them has just checked this host.
      return null;
    }
    if (!state.decided) {
      state.decided = true;
      state.finalRequest = decide(state, context, attributes);
    }
    return state;
  }

  private SdkHttpRequest decide(CallState state, Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    SdkHttpRequest http = context.httpRequest();
    SdkRequest request = state.request;
    String bucket = request.getValueForField("Bucket", String.class).orElse(null);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    // Every check of this call is decided here and recorded once: one audit event per logical call.
    List<Decision> decisions = new ArrayList<>(4);

    // 1. The final host: endpoint override, accelerate, dualstack, FIPS, access points, MRAP.
    decisions.add(guard.decide(Endpoint.builder(EndpointKind.S3)
        .host(http.host())
        .port(http.port())
        .path(http.encodedPath())
        .resource(bucket)
        .build()));

    // 2. The client's signing region.
    Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
    if (checkSigningRegion && region != null && !region.isGlobalRegion()) {
      decisions.add(guard.decide(Endpoint.builder(EndpointKind.S3)
          .host(http.host())
          .port(http.port())
          .resource("signing region of " + http.host())
          .resourceLocation("aws:" + region.id())
          .build()));
    }
    // A denied host or region is refused before any bucket lookup goes out.
    if (anyBlocking(decisions)) {
      check(state, guard.record(decisions));
    }

    // 3. Where the bucket is, or is to be created.
    SdkClient client = attributes.getAttribute(SdkInternalExecutionAttribute.SDK_CLIENT);
    if (request instanceof CreateBucketRequest) {
      decisions.add(guard.decide(bucketEndpoint(http, bucket, locationConstraint((CreateBucketRequest) request))));
    } else if (bucket != null && !isArn(bucket) && !NO_BUCKET_REGION.contains(operation)) {
      decisions.add(bucketDecision(client, http, bucket));
    }

    // 4. The source of CopyObject / UploadPartCopy: copying out of a denied region moves its data.
    String source = sourceBucket(request);
    if (source != null && !isArn(source) && !anyBlocking(decisions)) {
      decisions.add(bucketDecision(client, http, source));
    }
    check(state, guard.record(decisions));
    if (state.maskingRequired && SENDS_OBJECT_DATA.contains(operation)) {
      return mask(state, context, http, operation, bucket);
    }
    return http;
  }

  private static boolean anyBlocking(List<Decision> decisions) {
    for (Decision d : decisions) {
      if (d.isBlocking()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The location allows data only once masked: mask a text {@code PutObject} body (text/*,
   * application/json) with the policy's masking pipeline, or refuse what cannot be masked (binary
   * or oversized bodies, async bodies, multipart parts, server-side copies).
   */
  private SdkHttpRequest mask(
      CallState state, Context.ModifyHttpRequest context, SdkHttpRequest http, String operation, String bucket) {
    String type = http.firstMatchingHeader("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    boolean json = type.startsWith("application/json");
    boolean text = json || type.startsWith("text/");
    Optional<RequestBody> body = context.requestBody();
    String why = null;
    if (!"PutObject".equals(operation)) {
      why = operation + " cannot be masked";
    } else if (!text) {
      why = "only text/* and application/json objects can be masked, not '" + type + "'";
    } else if (body.isEmpty()) {
      why = "the request body is not readable here (async clients cannot mask)";
    } else if (body.get().optionalContentLength().orElse(Long.MAX_VALUE) > MAX_MASKED_BYTES) {
      why = "objects over " + MAX_MASKED_BYTES + " bytes are not masked";
    }
    if (why != null) {
      // Throws in enforce mode; in report-only mode the denial is audited and the body goes as is.
      refuseUnmaskable(http, bucket, why);
      return http;
    }
    String original;
    try (java.io.InputStream in = body.get().contentStreamProvider().newStream()) {
      original = new String(in.readNBytes(MAX_MASKED_BYTES), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      refuseUnmaskable(http, bucket, "reading the body failed (" + e.getClass().getSimpleName() + ")");
      return http;
    }
    MaskingPipeline pipeline = guard.masking();
    String strategy = pipeline.settings().defaultStrategy();
    MaskResult result = json ? pipeline.maskJson(original, strategy) : pipeline.mask(original, strategy);
    state.maskedBody = result.text().getBytes(StandardCharsets.UTF_8);
    guard.audit(AuditEvent.masking(Instant.now(), "s3.putObject", result.counts()));
    // The body changed: its length and any digest the caller computed no longer hold.
    if (http instanceof SdkHttpFullRequest) {
      // The marshalled request carries the body too, and the SDK may send that one.
      return ((SdkHttpFullRequest) http).toBuilder()
          .contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(state.maskedBody))
          .putHeader("Content-Length", Integer.toString(state.maskedBody.length))
          .removeHeader("Content-MD5")
          .build();
    }
    return http.toBuilder()
        .putHeader("Content-Length", Integer.toString(state.maskedBody.length))
        .removeHeader("Content-MD5")
        .build();
  }

  private void refuseUnmaskable(SdkHttpRequest http, String bucket, String why) {
    Endpoint e = Endpoint.builder(EndpointKind.S3).host(http.host()).port(http.port()).resource(bucket).build();
    Decision d = Decision.builder(Outcome.DENY, ReasonCode.DENIED_LOCATION)
        .ruleId("s3.masking")
        .endpoint(e)
        .mode(guard.mode())
        .policyVersion(guard.policyVersion())
        .explanation("DENIED_LOCATION: " + e + ": the location allows data only once masked, and " + why)
        .build();
    guard.audit(AuditEvent.decision(Instant.now(), d));
    if (d.isBlocking()) {
      throw ResidencyS3Exception.of(new ResidencyViolationException(d));
    }
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
      state.maskedBody = null;
      state.finalRequest = null;
    }
  }

  /** The bucket's decision, or a fail-closed one when its region cannot be found. */
  private Decision bucketDecision(SdkClient client, SdkHttpRequest http, String bucket) {
    String region;
    try {
      region = regions.regionOf(client, bucket);
    } catch (BucketRegions.LookupFailedException e) {
      Endpoint e2 = Endpoint.builder(EndpointKind.S3).host(http.host()).port(http.port()).resource(bucket).build();
      // The lookup failing is a resolver error, not an unknown place: refused whatever "unknown" says.
      return guard.failClosed(e2, "s3.bucketRegion", "the bucket's region could not be found (" + e.getMessage() + ")");
    }
    return guard.decide(bucketEndpoint(http, bucket, region));
  }

  private static Endpoint bucketEndpoint(SdkHttpRequest http, String bucket, String region) {
    return Endpoint.builder(EndpointKind.S3)
        .host(http.host())
        .port(http.port())
        .resource(bucket)
        .resourceLocation("aws:" + region)
        .build();
  }

  private static void check(CallState state, Decision d) {
    if (d.isBlocking()) {
      throw ResidencyS3Exception.of(new ResidencyViolationException(d));
    }
    if (d.requiresMasking()) {
      state.maskingRequired = true;
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
