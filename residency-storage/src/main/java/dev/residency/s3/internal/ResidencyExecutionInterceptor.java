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
 * <p>Lifecycle: {@code beforeExecution} (caller's thread, once) captures the request. The modify
 * stage (once per execution, before signing and before the retry loop) checks the client's own
 * endpoint, the signing region, the bucket's region (looking it up), a {@code CreateBucket}
 * location and copy sources, refuses early, and masks a body where the location asks for it; it
 * decides in the first of this interceptor's {@code modifyAsyncHttpContent}, {@code
 * modifyHttpContent} and {@code modifyHttpRequest}, which share one context. The host there is not
 * the final one: the S3 endpoint rules (bucket in the host, Transfer Acceleration, dualstack, FIPS,
 * access points, Multi-Region Access Points) run in the SDK's {@code EndpointResolutionStage},
 * after every interceptor's modify hooks (SDK 2.54, checked). {@code beforeTransmission} (every
 * attempt, after signing, before the HTTP client gets the request) is the first hook that sees the
 * host on the wire: it decides that host, re-decides the modify stage's checks against it and
 * records them, once per call (a retry to the same host adds nothing). The adapter's own
 * bucket-region lookups are checked there too, unaudited, so no lookup goes to a denied host.
 * {@code afterExecution} and {@code onExecutionFailure} clear the state.
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
    String operation;
    String bucket;
    boolean decided;
    boolean maskingRequired;
    byte[] maskedBody;
    SdkHttpRequest finalRequest;
    /** The modify stage's checks, decided again against the final host in beforeTransmission. */
    final List<Check> checks = new ArrayList<>(3);
    /** The final host and port decided and recorded, or null before the first attempt. */
    String recordedHost;
    int recordedPort;
  }

  /**
   * One check of a call, as an endpoint whose host and port are replaced by the final ones; a
   * failed bucket-region lookup carries why, and fails closed wherever it is decided.
   */
  private record Check(Endpoint endpoint, String lookupFailure) {
    Decision decide(ResidencyGuard guard, String host, int port) {
      Endpoint e = endpoint.toBuilder().host(host).port(port).build();
      return lookupFailure == null ? guard.decide(e) : guard.failClosed(e, "s3.bucketRegion", lookupFailure);
    }
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
    state.bucket = bucket;
    state.operation = operation;
    // Decided here to refuse early and to know whether to mask; recorded only on a refusal. The
    // rest is recorded in beforeTransmission, against the final host.
    List<Decision> decisions = new ArrayList<>(4);

    // 1. The client's endpoint (override or regional): not yet the final host (beforeTransmission
    //    checks that), but a client configured for a denied endpoint makes no lookup at all.
    decisions.add(guard.decide(hostEndpoint(http.host(), http.port(), http.encodedPath(), bucket)));

    // 2. The client's signing region.
    Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
    if (checkSigningRegion && region != null && !region.isGlobalRegion()) {
      decisions.add(keep(state, Endpoint.builder(EndpointKind.S3)
          .host(http.host())
          .port(http.port())
          .resource("signing region")
          .resourceLocation("aws:" + region.id())
          .build(), null));
    }
    // A denied host or region is refused before any bucket lookup goes out.
    if (anyBlocking(decisions)) {
      enforce(guard.record(decisions));
    }

    // 3. Where the bucket is, or is to be created.
    SdkClient client = attributes.getAttribute(SdkInternalExecutionAttribute.SDK_CLIENT);
    if (request instanceof CreateBucketRequest) {
      decisions.add(keep(state, bucketEndpoint(http, bucket, locationConstraint((CreateBucketRequest) request)), null));
    } else if (bucket != null && !isArn(bucket) && !NO_BUCKET_REGION.contains(operation)) {
      decisions.add(bucketDecision(state, client, http, bucket));
    }

    // 4. The source of CopyObject / UploadPartCopy: copying out of a denied region moves its data.
    String source = sourceBucket(request);
    if (source != null && !isArn(source) && !anyBlocking(decisions)) {
      decisions.add(bucketDecision(state, client, http, source));
    }
    if (anyBlocking(decisions)) {
      enforce(guard.record(decisions));
    }
    for (Decision d : decisions) {
      if (d.requiresMasking()) {
        state.maskingRequired = true;
      }
    }
    if (state.maskingRequired && SENDS_OBJECT_DATA.contains(operation)) {
      return mask(state, context, http, operation, bucket);
    }
    return http;
  }

  /** Decides a check against the client's endpoint and keeps it for the final host. */
  private Decision keep(CallState state, Endpoint endpoint, String lookupFailure) {
    Check c = new Check(endpoint, lookupFailure);
    state.checks.add(c);
    return c.decide(guard, endpoint.host(), endpoint.port());
  }

  private static Endpoint hostEndpoint(String host, int port, String path, String bucket) {
    return Endpoint.builder(EndpointKind.S3).host(host).port(port).path(path).resource(bucket).build();
  }

  /**
   * Checks the host the request goes to, on every attempt: this hook runs after the SDK's
   * endpoint rules and signing, right before the HTTP client gets the request, and may only throw.
   * The first attempt decides the final host and the modify stage's checks against it and records
   * them once; a retry to the same host adds no decision. The adapter's own bucket-region lookups
   * are checked here without an audit event (the call that made them records the outcome).
   */
  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    SdkHttpRequest http = context.httpRequest();
    CallState state = attributes.getAttribute(CALL);
    if (state == null) {
      // One of our bucket-region lookups (beforeExecution keeps no state for them): refused here,
      // it surfaces as the calling request's refusal, which records it.
      String bucket = context.request().getValueForField("Bucket", String.class).orElse(null);
      Decision d = guard.decide(hostEndpoint(http.host(), http.port(), http.encodedPath(), bucket));
      if (d.isBlocking()) {
        throw ResidencyS3Exception.of(new ResidencyViolationException(d));
      }
      return;
    }
    if (http.host().equals(state.recordedHost) && http.port() == state.recordedPort) {
      return;
    }
    List<Decision> decisions = new ArrayList<>(1 + state.checks.size());
    decisions.add(guard.decide(hostEndpoint(http.host(), http.port(), http.encodedPath(), state.bucket)));
    for (Check c : state.checks) {
      decisions.add(c.decide(guard, http.host(), http.port()));
    }
    state.recordedHost = http.host();
    state.recordedPort = http.port();
    if (!state.maskingRequired && SENDS_OBJECT_DATA.contains(state.operation)
        && decisions.stream().anyMatch(Decision::requiresMasking)) {
      // Only the final host asks for masking, and the body is final by now: refuse, never send unmasked.
      refuseUnmaskable(http, state.bucket, "only the final host asks for it, and the body was final by then");
      return;
    }
    enforce(guard.record(decisions));
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
    if (original.isBlank()) {
      return http; // no value, nothing to hide (and maskJson refuses blank input as not JSON)
    }
    MaskingPipeline pipeline = guard.masking();
    String strategy = pipeline.settings().defaultStrategy();
    MaskResult result;
    try {
      result = json ? pipeline.maskJson(original, strategy) : pipeline.mask(original, strategy);
    } catch (IllegalArgumentException e) {
      // Never store what could not be masked; the reason says why, never what.
      refuseUnmaskable(http, bucket, "the object is declared as JSON but is not valid JSON, so it cannot be masked");
      return http;
    }
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
      state.checks.clear();
    }
  }

  /**
   * The bucket's decision, or a fail-closed one when its region cannot be found, or the refusal of
   * the lookup itself (its final host is denied).
   */
  private Decision bucketDecision(CallState state, SdkClient client, SdkHttpRequest http, String bucket) {
    String region;
    try {
      region = regions.regionOf(client, bucket);
    } catch (BucketRegions.LookupFailedException e) {
      if (e.refusal() != null) {
        return e.refusal();
      }
      // The lookup failing is a resolver error, not an unknown place: refused whatever "unknown" says.
      Endpoint unplaced = Endpoint.builder(EndpointKind.S3).host(http.host()).port(http.port()).resource(bucket).build();
      return keep(state, unplaced, "the bucket's region could not be found (" + e.getMessage() + ")");
    }
    return keep(state, bucketEndpoint(http, bucket, region), null);
  }

  private static Endpoint bucketEndpoint(SdkHttpRequest http, String bucket, String region) {
    return Endpoint.builder(EndpointKind.S3)
        .host(http.host())
        .port(http.port())
        .resource(bucket)
        .resourceLocation("aws:" + region)
        .build();
  }

  private static void enforce(Decision d) {
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
