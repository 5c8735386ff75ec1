package dev.residency.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residency.Decision;
import dev.residency.Mode;
import dev.residency.ReasonCode;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

class ResidencyS3Test {
  private S3ProxyFixture s3;
  private InMemoryAuditSink audit;
  private ResidencyGuard guard;

  @BeforeEach
  void start() throws Exception {
    s3 = new S3ProxyFixture();
    s3.bucket("dublin", "eu-west-1");
    s3.bucket("virginia", "us-east-1");
    s3.bucket("frankfurt", "eu-central-1");
    audit = AuditSinks.inMemory();
    guard = ResidencyGuard.builder(policy()).setAuditSink(audit).build();
  }

  @AfterEach
  void stop() throws Exception {
    s3.close();
  }

  static ResidencyPolicy policy() {
    // s3proxy listens on loopback: declare it where it stands in for S3 (DESIGN: nothing implicit).
    return ResidencyPolicy.builder()
        .allowJurisdictions("EU")
        .declareHost("localhost", "aws:eu-central-1")
        .declareHost("127.0.0.1", "aws:eu-central-1")
        .build();
  }

  private S3Client guarded() {
    return ResidencyS3.create(guard).configure(s3.clientBuilder()).build();
  }

  private static RequestBody body(String text) {
    return RequestBody.fromString(text, StandardCharsets.UTF_8);
  }

  @Test
  void putsAndGetsObjectsInBucketsInAllowedRegions() {
    S3Client client = guarded();

    client.putObject(b -> b.bucket("dublin").key("a.txt"), body("hello"));
    String read = client.getObjectAsBytes(b -> b.bucket("dublin").key("a.txt")).asUtf8String();

    assertThat(read).isEqualTo("hello");
    assertThat(s3.store.blobExists("dublin", "a.txt")).isTrue();
  }

  @Test
  void refusesPutObjectToBucketInDeniedRegionAndStoresNothing() {
    S3Client client = guarded();

    assertThatThrownBy(() -> client.putObject(b -> b.bucket("virginia").key("a.txt"), body("secret")))
        .isInstanceOf(ResidencyS3Exception.class)
        .isInstanceOf(SdkClientException.class)
        .satisfies(e -> {
          Decision d = ((ResidencyS3Exception) e).decision();
          assertThat(d.reasonCode()).as(d.explanation()).isEqualTo(ReasonCode.DENIED_LOCATION);
          assertThat(d.location().region().id()).isEqualTo("aws:us-east-1");
          assertThat(ResidencyViolationException.find(e).decision()).isSameAs(d);
        });

    assertThat(s3.store.puts.get()).isZero();
    assertThat(s3.store.blobExists("virginia", "a.txt")).isFalse();
  }

  @Test
  void refusesGetObjectFromBucketInDeniedRegion() {
    s3.store.putBlob(
        software.amazon.awssdk.services.s3.model.PutObjectRequest.builder().bucket("virginia").key("k").build(),
        new java.io.ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)));
    S3Client client = guarded();

    assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket("virginia").key("k")))
        .isInstanceOf(ResidencyS3Exception.class);
  }

  @Test
  void looksUpEachBucketRegionOnceAndCachesIt() {
    S3Client client = guarded();

    for (int i = 0; i < 5; i++) {
      client.putObject(b -> b.bucket("dublin").key("k"), body("v"));
    }

    assertThat(s3.store.headBuckets.get()).isEqualTo(1);
  }

  @Test
  void looksUpBucketRegionAgainAfterTheTtl() throws Exception {
    S3Client client = ResidencyS3.builder(guard)
        .setBucketRegionCacheTtl(Duration.ofMillis(50))
        .build()
        .configure(s3.clientBuilder())
        .build();
    client.putObject(b -> b.bucket("dublin").key("k"), body("v"));

    Thread.sleep(80);
    client.putObject(b -> b.bucket("dublin").key("k"), body("v"));

    assertThat(s3.store.headBuckets.get()).isEqualTo(2);
  }

  @Test
  void failsClosedWhenTheBucketRegionCannotBeFound() {
    S3Client client = guarded();

    assertThatThrownBy(() -> client.putObject(b -> b.bucket("no-such-bucket").key("k"), body("v")))
        .isInstanceOfSatisfying(ResidencyS3Exception.class, e -> {
          assertThat(e.decision().reasonCode()).isEqualTo(ReasonCode.DENIED_RESOLVER_ERROR);
          assertThat(e.decision().explanation()).contains("no-such-bucket").contains("could not be found");
        });
    assertThat(s3.store.puts.get()).isZero();
  }

  @Test
  void fallsBackToGetBucketLocationWhenHeadBucketHasNoRegion() {
    // Plain s3proxy: no x-amz-bucket-region, and an empty LocationConstraint, which S3 defines as us-east-1.
    s3.store.regions.remove("dublin");
    S3Client client = guarded();

    assertThatThrownBy(() -> client.putObject(b -> b.bucket("dublin").key("k"), body("v")))
        .isInstanceOfSatisfying(ResidencyS3Exception.class,
            e -> assertThat(e.decision().location().region().id()).isEqualTo("aws:us-east-1"));
  }

  @Test
  void createsBucketWithAllowedLocationConstraint() {
    S3Client client = guarded();

    client.createBucket(b -> b.bucket("new-eu").createBucketConfiguration(
        c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_3)));

    assertThat(s3.store.containerExists("new-eu")).isTrue();
  }

  @Test
  void refusesCreateBucketInDeniedLocationAndCreatesNothing() {
    S3Client client = guarded();

    assertThatThrownBy(() -> client.createBucket(b -> b.bucket("new-us").createBucketConfiguration(
            c -> c.locationConstraint(BucketLocationConstraint.US_WEST_2))))
        .isInstanceOfSatisfying(ResidencyS3Exception.class,
            e -> assertThat(e.decision().location().region().id()).isEqualTo("aws:us-west-2"));

    assertThat(s3.store.containerExists("new-us")).isFalse();
  }

  @Test
  void treatsCreateBucketWithoutLocationConstraintAsUsEast1() {
    S3Client client = guarded();

    assertThatThrownBy(() -> client.createBucket(b -> b.bucket("new-default")))
        .isInstanceOfSatisfying(ResidencyS3Exception.class,
            e -> assertThat(e.decision().location().region().id()).isEqualTo("aws:us-east-1"));

    assertThat(s3.store.containerExists("new-default")).isFalse();
  }

  @Test
  void copiesBetweenBucketsInAllowedRegions() {
    S3Client client = guarded();
    client.putObject(b -> b.bucket("dublin").key("src"), body("v"));

    client.copyObject(b -> b.sourceBucket("dublin").sourceKey("src").destinationBucket("frankfurt").destinationKey("dst"));

    assertThat(s3.store.blobExists("frankfurt", "dst")).isTrue();
  }

  @Test
  void refusesCopyFromSourceBucketInDeniedRegion() {
    s3.store.putBlob(
        software.amazon.awssdk.services.s3.model.PutObjectRequest.builder().bucket("virginia").key("src").build(),
        new java.io.ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)));
    S3Client client = guarded();

    assertThatThrownBy(() -> client.copyObject(
            b -> b.sourceBucket("virginia").sourceKey("src").destinationBucket("frankfurt").destinationKey("dst")))
        .isInstanceOfSatisfying(ResidencyS3Exception.class, e -> {
          assertThat(e.decision().endpoint().resource()).isEqualTo("virginia");
          assertThat(e.decision().location().region().id()).isEqualTo("aws:us-east-1");
        });

    assertThat(s3.store.blobExists("frankfurt", "dst")).isFalse();
  }

  @Test
  void refusesUploadPartCopyFromSourceBucketInDeniedRegion() {
    S3Client client = guarded();
    String upload = client.createMultipartUpload(b -> b.bucket("frankfurt").key("big")).uploadId();

    assertThatThrownBy(() -> client.uploadPartCopy(b -> b.sourceBucket("virginia").sourceKey("src")
            .destinationBucket("frankfurt").destinationKey("big").uploadId(upload).partNumber(1)))
        .isInstanceOfSatisfying(ResidencyS3Exception.class,
            e -> assertThat(e.decision().endpoint().resource()).isEqualTo("virginia"));
  }

  @Test
  void refusesHostOutsideThePolicyBeforeLookingAnythingUp() {
    ResidencyGuard strict = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU").build())
        .setAuditSink(audit)
        .build();
    S3Client client = ResidencyS3.create(strict).configure(s3.clientBuilder()).build();

    assertThatThrownBy(() -> client.putObject(b -> b.bucket("dublin").key("k"), body("v")))
        .isInstanceOfSatisfying(ResidencyS3Exception.class, e -> {
          assertThat(e.decision().reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
          assertThat(e.decision().endpoint().host()).isEqualTo("127.0.0.1");
        });

    assertThat(s3.store.headBuckets.get()).isZero();
    assertThat(s3.store.puts.get()).isZero();
  }

  @Test
  void declaredBucketNameDoesNotPlaceAnUndeclaredS3CompatibleServer() {
    // The README's fact: bucket customer-exports is in eu-west-1, on AWS. The same name on another
    // server is another bucket, and the server's own answer about its region proves nothing.
    s3.bucket("customer-exports", "eu-west-1");
    ResidencyPolicy factOnly = ResidencyPolicy.builder()
        .allowJurisdictions("EU")
        .addEndpoint(dev.residency.EndpointFact.resource("customer-exports",
                dev.residency.RegionCatalog.defaultCatalog().require("aws:eu-west-1"))
            .kind(dev.residency.EndpointKind.S3).id("residency.endpoints[0]").build())
        .build();
    ResidencyGuard strict = ResidencyGuard.builder(factOnly).setAuditSink(audit).build();
    S3Client client = ResidencyS3.create(strict).configure(s3.clientBuilder()).build();

    assertThatThrownBy(() -> client.putObject(b -> b.bucket("customer-exports").key("export.csv"), body("secret")))
        .isInstanceOfSatisfying(ResidencyS3Exception.class, e -> {
          assertThat(e.decision().reasonCode()).as(e.decision().explanation()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
          assertThat(e.decision().endpoint().host()).isEqualTo("127.0.0.1");
        });

    assertThat(s3.store.headBuckets.get()).isZero();
    assertThat(s3.store.puts.get()).isZero();
    assertThat(s3.store.blobExists("customer-exports", "export.csv")).isFalse();
  }

  @Test
  void declaredBucketOnADeclaredServerMustBeAllowedTogetherWithTheServersRegion() {
    s3.bucket("customer-exports", "eu-west-1");
    s3.bucket("us-exports", "eu-west-1"); // the server says eu-west-1; the policy knows better
    dev.residency.RegionCatalog catalog = dev.residency.RegionCatalog.defaultCatalog();
    ResidencyPolicy policy = policy().toBuilder()
        .addEndpoint(dev.residency.EndpointFact.resource("customer-exports", catalog.require("aws:eu-west-1"))
            .kind(dev.residency.EndpointKind.S3).id("residency.endpoints[2]").build())
        .addEndpoint(dev.residency.EndpointFact.resource("us-exports", catalog.require("aws:us-east-1"))
            .kind(dev.residency.EndpointKind.S3).id("residency.endpoints[3]").build())
        .build();
    S3Client client = ResidencyS3.create(ResidencyGuard.builder(policy).setAuditSink(audit).build())
        .configure(s3.clientBuilder()).build();

    client.putObject(b -> b.bucket("customer-exports").key("k"), body("v"));

    assertThat(s3.store.blobExists("customer-exports", "k")).isTrue();
    assertThatThrownBy(() -> client.putObject(b -> b.bucket("us-exports").key("k"), body("v")))
        .isInstanceOfSatisfying(ResidencyS3Exception.class,
            e -> assertThat(e.decision().location().region().id()).isEqualTo("aws:us-east-1"));
    assertThat(s3.store.blobExists("us-exports", "k")).isFalse();
  }

  @Test
  void refusesSigningRegionOutsideThePolicy() {
    S3Client client = ResidencyS3.create(guard).configure(s3.clientBuilder().region(Region.US_EAST_1)).build();

    assertThatThrownBy(() -> client.putObject(b -> b.bucket("dublin").key("k"), body("v")))
        .isInstanceOfSatisfying(ResidencyS3Exception.class,
            e -> assertThat(e.decision().location().region().id()).isEqualTo("aws:us-east-1"));
    assertThat(s3.store.puts.get()).isZero();
  }

  @Test
  void signingRegionCheckCanBeTurnedOffForS3CompatibleStores() {
    S3Client client = ResidencyS3.builder(guard)
        .setCheckSigningRegion(false)
        .build()
        .configure(s3.clientBuilder().region(Region.US_EAST_1))
        .build();

    client.putObject(b -> b.bucket("dublin").key("k"), body("v"));

    assertThat(s3.store.blobExists("dublin", "k")).isTrue();
  }

  @Test
  void auditsOneEventPerLogicalCallEvenWhenTheSdkRetries() {
    S3Client client = guarded();
    client.putObject(b -> b.bucket("dublin").key("warm"), body("v"));
    audit.clear();
    s3.store.failNextPuts.set(2);

    client.putObject(b -> b.bucket("dublin").key("k"), body("v"));

    assertThat(s3.store.puts.get()).as("attempts reaching the server: the warm-up, two refused, one stored").isGreaterThanOrEqualTo(4);
    assertThat(resources(audit.events())).containsExactly("dublin");
    assertThat(audit.events().get(0).decision().location().region().id()).isEqualTo("aws:eu-west-1");
  }

  @Test
  void auditsTheSameEventsForACallThatSucceedsFirstTime() {
    S3Client client = guarded();
    client.putObject(b -> b.bucket("dublin").key("warm"), body("v"));
    audit.clear();

    client.putObject(b -> b.bucket("dublin").key("k"), body("v"));

    assertThat(resources(audit.events())).containsExactly("dublin");
    assertThat(audit.events().get(0).decision().location().region().id()).isEqualTo("aws:eu-west-1");
  }

  @Test
  void bucketRegionLookupsAreNotAuditedAsCallsOfTheirOwn() {
    S3Client client = guarded();

    client.putObject(b -> b.bucket("dublin").key("k"), body("v"));

    assertThat(s3.store.headBuckets.get()).isEqualTo(1);
    assertThat(resources(audit.events())).containsExactly("dublin");
    assertThat(audit.events().get(0).decision().location().region().id()).isEqualTo("aws:eu-west-1");
  }

  @Test
  void theExceptionKeepsItsTypeWhenTheSdkRebuildsIt() {
    S3Client client = guarded();
    ResidencyS3Exception thrown = catchResidency(() -> client.putObject(b -> b.bucket("virginia").key("k"), body("v")));

    SdkClientException rebuilt = thrown.toBuilder().numAttempts(3).build();

    assertThat(rebuilt).isInstanceOf(ResidencyS3Exception.class);
    assertThat(((ResidencyS3Exception) rebuilt).decision()).isSameAs(thrown.decision());
    assertThat(rebuilt.retryable()).isFalse();
  }

  @Test
  void reportOnlyModeAuditsTheDenialAndLetsTheCallThrough() {
    ResidencyGuard reporting = ResidencyGuard.builder(policy()).setAuditSink(audit).setMode(Mode.REPORT_ONLY).build();
    S3Client client = ResidencyS3.create(reporting).configure(s3.clientBuilder()).build();

    client.putObject(b -> b.bucket("virginia").key("k"), body("v"));

    assertThat(s3.store.blobExists("virginia", "k")).isTrue();
    assertThat(audit.events()).anySatisfy(e -> assertThat(e.decision().isDenied()).isTrue());
  }

  @Test
  void asyncClientCompletesExceptionallyWithTheResidencyException() {
    S3AsyncClient client = ResidencyS3.create(guard).configure(s3.asyncClientBuilder()).build();

    CompletableFuture<?> put = client.putObject(b -> b.bucket("virginia").key("k"), AsyncRequestBody.fromString("v"));

    assertThatThrownBy(put::get)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(ResidencyS3Exception.class);
    assertThat(s3.store.puts.get()).isZero();
    client.close();
  }

  @Test
  void asyncClientPutsToAllowedBucket() throws Exception {
    S3AsyncClient client = ResidencyS3.create(guard).configure(s3.asyncClientBuilder()).build();

    client.putObject(b -> b.bucket("dublin").key("k"), AsyncRequestBody.fromString("v")).get();

    assertThat(s3.store.blobExists("dublin", "k")).isTrue();
    client.close();
  }

  @Test
  void presignerReturnsUrlsForBucketsInAllowedRegions() {
    S3Client client = guarded();
    S3Presigner presigner = ResidencyS3.create(guard).wrap(presigner(), client);

    PresignedGetObjectRequest url = presigner.presignGetObject(
        b -> b.signatureDuration(Duration.ofMinutes(5)).getObjectRequest(g -> g.bucket("dublin").key("k")));

    assertThat(url.url().getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void presignerRefusesUrlsForBucketsInDeniedRegions() {
    S3Client client = guarded();
    S3Presigner presigner = ResidencyS3.create(guard).wrap(presigner(), client);

    assertThatThrownBy(() -> presigner.presignPutObject(
            b -> b.signatureDuration(Duration.ofMinutes(5)).putObjectRequest(p -> p.bucket("virginia").key("k"))))
        .isInstanceOfSatisfying(ResidencyS3Exception.class,
            e -> assertThat(e.decision().location().region().id()).isEqualTo("aws:us-east-1"));
  }

  @Test
  void presignerWrapperForwardsEveryAbstractMethodOfS3Presigner() throws Exception {
    Class<?> wrapper = ResidencyS3.create(guard).wrap(presigner(), guarded()).getClass();

    List<String> missing = new java.util.ArrayList<>();
    for (Class<?> type : List.of(S3Presigner.class, software.amazon.awssdk.awscore.presigner.SdkPresigner.class)) {
      for (Method m : type.getMethods()) {
        if (Modifier.isAbstract(m.getModifiers())
            && wrapper.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass() != wrapper) {
          missing.add(m.getName());
        }
      }
    }

    assertThat(missing).as("S3Presigner gained methods the wrapper must forward and check").isEmpty();
  }

  @Test
  void allowsCallsWithoutABucketAfterTheHostCheck() {
    S3Client client = guarded();

    List<String> names = client.listBuckets().buckets().stream().map(b -> b.name()).collect(Collectors.toList());

    assertThat(names).contains("dublin", "virginia");
    assertThat(s3.store.headBuckets.get()).isZero();
  }

  @Test
  void sdkErrorsOtherThanResidencyPassThroughUnchanged() {
    S3Client client = guarded();

    assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket("dublin").key("missing")))
        .isInstanceOf(S3Exception.class);
  }

  private S3Presigner presigner() {
    return S3Presigner.builder()
        .endpointOverride(s3.endpoint)
        .region(Region.EU_CENTRAL_1)
        .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .credentialsProvider(s3.clientBuilder().build().serviceClientConfiguration().credentialsProvider())
        .build();
  }

  private static ResidencyS3Exception catchResidency(Runnable call) {
    try {
      call.run();
    } catch (ResidencyS3Exception e) {
      return e;
    }
    throw new AssertionError("expected a ResidencyS3Exception");
  }

  private static List<String> resources(List<AuditEvent> events) {
    return events.stream().map(e -> e.decision().endpoint().resource()).collect(Collectors.toList());
  }
}
