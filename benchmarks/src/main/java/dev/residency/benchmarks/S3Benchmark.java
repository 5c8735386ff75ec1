package dev.residency.benchmarks;

import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditSink;
import dev.residency.s3.ResidencyS3;
import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.interceptor.SdkInternalExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;

/**
 * Issue 6 figure: PutObject + GetObject of 1 KB through an in-process s3proxy, guarded vs plain
 * client in the same run (target ratio &lt;= 1.05 once the bucket's region is cached). The guarded
 * client checks host, signing region and bucket region on every call and audits to a no-op sink,
 * so the figure is the adapter's and the guard's cost, not a sink's.
 *
 * <p>{@code plainPutGet} and {@code guardedPutGet} run one after the other; on a shared machine the
 * load drifts between them. The {@code paired} group runs a plain and a guarded thread at the same
 * time against the same server, so both see the same load: compare {@code paired:guarded} with
 * {@code paired:plain}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@State(Scope.Benchmark)
public class S3Benchmark {
  private static final String BUCKET = "bench";

  private S3Proxy proxy;
  private S3Client plain;
  private S3Client guarded;
  private byte[] payload;
  private ExecutionInterceptor interceptor;
  private PutObjectRequest putRequest;
  private SdkHttpRequest httpRequest;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    BlobStore store = new ForwardingBlobStore(new TransientNio2BlobStore()) {
      @Override
      public HeadBucketResponse headBucket(HeadBucketRequest request) {
        // s3proxy does not model regions: report the bucket in Frankfurt.
        return super.headBucket(request).toBuilder().bucketRegion("eu-central-1").build();
      }
    };
    store.createContainer(CreateBucketRequest.builder().bucket(BUCKET).build());
    proxy = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret")
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(5);
    }
    URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    ResidencyPolicy policy = ResidencyPolicy.builder()
        .allowJurisdictions("EU")
        .declareHost("127.0.0.1", "aws:eu-central-1")
        .build();
    ResidencyGuard guard = ResidencyGuard.builder(policy).setAuditSink(AuditSink.NOOP).build();
    plain = builder(endpoint).build();
    guarded = ResidencyS3.create(guard).configure(builder(endpoint)).build();
    payload = new byte[1024];
    ThreadLocalRandom.current().nextBytes(payload);
    interceptor = ResidencyS3.create(guard).createExecutionInterceptor();
    putRequest = PutObjectRequest.builder().bucket(BUCKET).key("k").build();
    httpRequest = SdkHttpRequest.builder()
        .method(SdkHttpMethod.PUT)
        .protocol("http")
        .host("127.0.0.1")
        .port(proxy.getPort())
        .encodedPath("/" + BUCKET + "/k")
        .build();
    // Warm the bucket-region cache: the figure is for the steady state.
    guarded.headBucket(b -> b.bucket(BUCKET));
    guarded.putObject(b -> b.bucket(BUCKET).key("warm"), RequestBody.fromBytes(payload));
    interceptorOnly();
  }

  private static S3ClientBuilder builder(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        // Both clients alike: without it, each 1 KB PUT waits on "100 Continue" and loopback
        // delayed ACKs, and the figure measures TCP timers instead of the client.
        .serviceConfiguration(c -> c.expectContinueEnabled(false))
        .region(Region.EU_CENTRAL_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret")))
        .httpClient(ApacheHttpClient.create()); // pooled, TCP_NODELAY: loopback latency, not Nagle
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    plain.close();
    guarded.close();
    proxy.stop();
  }

  @Benchmark
  public byte[] plainPutGet() {
    return putGet(plain, "plain");
  }

  @Benchmark
  public byte[] guardedPutGet() {
    return putGet(guarded, "guarded");
  }

  @Benchmark
  @Group("paired")
  @GroupThreads(1)
  public byte[] plain() {
    return putGet(plain, "paired-plain");
  }

  @Benchmark
  @Group("paired")
  @GroupThreads(1)
  public byte[] guarded() {
    return putGet(guarded, "paired-guarded");
  }

  /**
   * The adapter's own cost per call, without network or server: the interceptor's hooks for one
   * PutObject (host, signing region and cached bucket-region checks, the final host before
   * transmission, the guard decisions and audits). Divided by {@code plainPutGet} / 2 it bounds the ratio independently of the load drift.
   */
  @Benchmark
  public Object interceptorOnly() {
    ExecutionAttributes attributes = new ExecutionAttributes()
        .putAttribute(SdkExecutionAttribute.OPERATION_NAME, "PutObject")
        .putAttribute(AwsExecutionAttribute.AWS_REGION, Region.EU_CENTRAL_1)
        .putAttribute(SdkInternalExecutionAttribute.SDK_CLIENT, guarded);
    InterceptorContext context = InterceptorContext.builder().request(putRequest).build();
    interceptor.beforeExecution(context, attributes);
    InterceptorContext http = context.copy(b -> b.httpRequest(httpRequest).requestBody(RequestBody.fromBytes(payload)));
    interceptor.modifyAsyncHttpContent(http, attributes);
    interceptor.modifyHttpContent(http, attributes);
    SdkHttpRequest out = interceptor.modifyHttpRequest(http, attributes);
    // The final-host check on the request as it goes on the wire (signed, after every modify hook).
    interceptor.beforeTransmission(http.copy(b -> b.httpRequest(out)), attributes);
    interceptor.afterExecution(http, attributes);
    return out;
  }

  private byte[] putGet(S3Client client, String key) {
    client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(payload));
    return client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArrayUnsafe();
  }
}
