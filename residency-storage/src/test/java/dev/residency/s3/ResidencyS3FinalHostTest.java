package dev.residency.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residency.Decision;
import dev.residency.Mode;
import dev.residency.ReasonCode;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The host a request goes to is chosen by the SDK's endpoint rules (bucket in the host, Transfer
 * Acceleration, dualstack, access-point ARNs) after the interceptors' modify hooks have run. No
 * {@code endpointOverride} here, so those rules apply as they do against AWS; a recording HTTP
 * client stands in for the network.
 */
class ResidencyS3FinalHostTest {
  private static final String BUCKET = "reports-bucket";
  private static final String ACCESS_POINT = "arn:aws:s3:us-east-1:123456789012:accesspoint/my-ap";
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret"));

  private InMemoryAuditSink audit;
  private ResidencyS3 residency;
  private RecordingHttpClient wire;

  @BeforeEach
  void start() {
    audit = AuditSinks.inMemory();
    residency = ResidencyS3.create(guard(Mode.ENFORCE));
    wire = new RecordingHttpClient("eu-central-1");
  }

  private ResidencyGuard guard(Mode mode) {
    return ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU").build())
        .setAuditSink(audit)
        .setMode(mode)
        .build();
  }

  private S3Client guarded(ResidencyS3 adapter, Consumer<S3ClientBuilder> config) {
    S3ClientBuilder b = S3Client.builder().region(Region.EU_CENTRAL_1).credentialsProvider(CREDENTIALS).httpClient(wire);
    config.accept(b);
    return adapter.configure(b).build();
  }

  private static void put(S3Client s3, String bucket) {
    s3.putObject(r -> r.bucket(bucket).key("q3.csv"), RequestBody.fromString("anna@example.de"));
  }

  private List<Decision> decisions() {
    return audit.events().stream()
        .filter(e -> e.type() == AuditEvent.Type.DECISION)
        .map(AuditEvent::decision)
        .toList();
  }

  @Test
  void refusesTransferAccelerationToAnEuBucketAndSendsNothing() {
    S3Client s3 = guarded(residency, b -> b.accelerate(true));

    assertThatThrownBy(() -> put(s3, BUCKET))
        .isInstanceOfSatisfying(ResidencyS3Exception.class, e -> {
          assertThat(e.decision().reasonCode()).as(e.decision().explanation()).isEqualTo(ReasonCode.DENIED_LOCATION);
          assertThat(e.decision().endpoint().host()).isEqualTo("reports-bucket.s3-accelerate.amazonaws.com");
        });

    assertThat(wire.wire()).as("not even the bucket-region lookup may reach the accelerate host").isEmpty();
    assertThat(decisions()).singleElement()
        .satisfies(d -> assertThat(d.endpoint().host()).isEqualTo("reports-bucket.s3-accelerate.amazonaws.com"));
  }

  @Test
  void refusesTransferAccelerationWhenTheBucketRegionIsAlreadyCached() {
    put(guarded(residency, b -> { }), BUCKET);
    List<String> warmUp = wire.wire();
    audit.clear();
    S3Client accelerated = guarded(residency, b -> b.accelerate(true));

    assertThatThrownBy(() -> put(accelerated, BUCKET))
        .isInstanceOfSatisfying(ResidencyS3Exception.class,
            e -> assertThat(e.decision().endpoint().host()).isEqualTo("reports-bucket.s3-accelerate.amazonaws.com"));

    assertThat(wire.wire()).isEqualTo(warmUp);
    assertThat(decisions()).singleElement().satisfies(d -> assertThat(d.isDenied()).isTrue());
  }

  @Test
  void refusesAnAccessPointArnInUsEast1WithUseArnRegionAndSendsNothing() {
    S3Client s3 = guarded(residency, b -> b.serviceConfiguration(c -> c.useArnRegionEnabled(true)));

    assertThatThrownBy(() -> put(s3, ACCESS_POINT))
        .isInstanceOfSatisfying(ResidencyS3Exception.class, e -> {
          assertThat(e.decision().endpoint().host()).isEqualTo("my-ap-123456789012.s3-accesspoint.us-east-1.amazonaws.com");
          assertThat(e.decision().location().region().id()).isEqualTo("aws:us-east-1");
        });

    assertThat(wire.wire()).isEmpty();
  }

  @Test
  void allowsAVirtualHostedRequestInTheEuAndAuditsTheFinalHost() {
    S3Client s3 = guarded(residency, b -> { });

    put(s3, BUCKET);

    assertThat(wire.wire()).containsExactly(
        "HEAD reports-bucket.s3.eu-central-1.amazonaws.com", "PUT reports-bucket.s3.eu-central-1.amazonaws.com/q3.csv");
    assertThat(decisions()).singleElement().satisfies(d -> {
      assertThat(d.isAllowed()).isTrue();
      assertThat(d.endpoint().host()).isEqualTo("reports-bucket.s3.eu-central-1.amazonaws.com");
      assertThat(d.endpoint().resource()).isEqualTo(BUCKET);
      assertThat(d.location().region().id()).isEqualTo("aws:eu-central-1");
    });
  }

  @Test
  void allowsDualstackInAnEuRegionAndAuditsTheFinalHost() {
    S3Client s3 = guarded(residency, b -> b.dualstackEnabled(true));

    put(s3, BUCKET);

    assertThat(wire.wire()).last().isEqualTo("PUT reports-bucket.s3.dualstack.eu-central-1.amazonaws.com/q3.csv");
    assertThat(decisions()).singleElement()
        .satisfies(d -> assertThat(d.endpoint().host()).isEqualTo("reports-bucket.s3.dualstack.eu-central-1.amazonaws.com"));
  }

  @Test
  void refusesAPutWhenOnlyTheFinalHostAsksForMasking() {
    ResidencyGuard masking = ResidencyGuard.builder(ResidencyPolicy.builder()
            .allowJurisdictions("EU")
            .allowMaskedRegions("aws:us-east-1")
            .build())
        .setAuditSink(audit)
        .build();
    S3Client s3 = guarded(ResidencyS3.create(masking), b -> b.serviceConfiguration(c -> c.useArnRegionEnabled(true)));

    assertThatThrownBy(() -> s3.putObject(r -> r.bucket(ACCESS_POINT).key("q3.csv").contentType("text/plain"),
            RequestBody.fromString("anna@example.de")))
        .isInstanceOfSatisfying(ResidencyS3Exception.class,
            e -> assertThat(e.decision().explanation()).contains("only once masked"));

    assertThat(wire.wire()).as("the body was final before the host was known: nothing goes unmasked").isEmpty();
  }

  @Test
  void reportOnlyAuditsTheFinalHostsDenialOnceAndLetsTheCallThrough() {
    ResidencyS3 reporting = ResidencyS3.create(guard(Mode.REPORT_ONLY));
    S3Client s3 = guarded(reporting, b -> b.accelerate(true));

    put(s3, BUCKET);

    assertThat(wire.wire()).last().isEqualTo("PUT reports-bucket.s3-accelerate.amazonaws.com/q3.csv");
    assertThat(decisions()).singleElement().satisfies(d -> {
      assertThat(d.isDenied()).isTrue();
      assertThat(d.endpoint().host()).isEqualTo("reports-bucket.s3-accelerate.amazonaws.com");
    });
  }

  @Test
  void asyncClientRefusesTransferAccelerationAndSendsNothing() {
    put(guarded(residency, b -> { }), BUCKET); // caches the bucket's region: no lookup through the async client
    List<AsyncExecuteRequest> asyncWire = new CopyOnWriteArrayList<>();
    SdkAsyncHttpClient recording = new SdkAsyncHttpClient() {
      @Override
      public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
        asyncWire.add(request);
        IllegalStateException noNetwork = new IllegalStateException("no network in this test");
        request.responseHandler().onError(noNetwork);
        return CompletableFuture.failedFuture(noNetwork);
      }

      @Override
      public void close() {
        // Holds no resources.
      }
    };
    try (S3AsyncClient s3 = residency.configure(S3AsyncClient.builder()
            .region(Region.EU_CENTRAL_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(recording)
            .accelerate(true))
        .build()) {

      CompletableFuture<?> put = s3.putObject(r -> r.bucket(BUCKET).key("q3.csv"), AsyncRequestBody.fromString("anna@example.de"));

      assertThatThrownBy(() -> put.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(ResidencyS3Exception.class,
              e -> assertThat(e.decision().endpoint().host()).isEqualTo("reports-bucket.s3-accelerate.amazonaws.com"));
    }
    assertThat(asyncWire).isEmpty();
  }
}
