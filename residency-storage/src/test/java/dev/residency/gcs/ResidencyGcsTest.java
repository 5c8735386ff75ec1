package dev.residency.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.HttpStorageOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.residency.Decision;
import dev.residency.ReasonCode;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResidencyGcsTest {
  private static final byte[] DATA = "hello".getBytes(StandardCharsets.UTF_8);

  private final FakeGcsServer gcs = new FakeGcsServer();
  private MockWebServer server;
  private InMemoryAuditSink audit;
  private ResidencyGuard guard;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(gcs);
    server.start();
    gcs.bucket("frankfurt", "EUROPE-WEST3", "region");
    gcs.bucket("iowa", "US-CENTRAL1", "region");
    gcs.bucket("eu-multi", "EU", "multi-region");
    gcs.bucket("us-multi", "US", "multi-region");
    gcs.bucket("eur4", "EUR4", "dual-region");
    gcs.bucket("nam4", "NAM4", "dual-region");
    gcs.bucket("custom-eu", "EU", "dual-region", "EUROPE-WEST1", "EUROPE-WEST4");
    gcs.bucket("custom-mixed", "US", "dual-region", "EUROPE-WEST1", "US-CENTRAL1");
    audit = AuditSinks.inMemory();
    guard = ResidencyGuard.builder(policy()).setAuditSink(audit).build();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  static ResidencyPolicy policy() {
    // MockWebServer listens on loopback: declare it in-region. The regional endpoint names are
    // declared too, standing in for the provider resolver's GCP rules.
    return ResidencyPolicy.builder()
        .allowJurisdictions("EU")
        .declareHost("localhost", "gcp:europe-west3")
        .declareHost("127.0.0.1", "gcp:europe-west3")
        .declareHost("storage.europe-west3.rep.googleapis.com", "gcp:europe-west3")
        .declareHost("storage.us-east1.rep.googleapis.com", "gcp:us-east1")
        .build();
  }

  private HttpStorageOptions.Builder options() {
    return StorageOptions.http()
        .setHost("http://127.0.0.1:" + server.getPort())
        .setProjectId("p")
        .setRetrySettings(ServiceOptions.getNoRetrySettings())
        .setCredentials(NoCredentials.getInstance());
  }

  /** Options for a Google host name, reached through MockWebServer acting as an HTTP proxy. */
  private HttpStorageOptions.Builder optionsVia(String host) {
    return StorageOptions.http()
        .setHost("http://" + host)
        .setProjectId("p")
        .setRetrySettings(ServiceOptions.getNoRetrySettings())
        .setCredentials(NoCredentials.getInstance())
        .setTransportOptions(HttpTransportOptions.newBuilder()
            .setHttpTransportFactory(() -> new NetHttpTransport.Builder().setProxy(server.getProxyAddress()).build())
            .build());
  }

  private Storage guarded() {
    return ResidencyGcs.create(guard).wrap(options()).build().getService();
  }

  private static Decision decisionOf(Throwable t) {
    ResidencyViolationException v = ResidencyViolationException.find(t);
    assertThat(v).as("residency violation in the cause chain of %s", t).isNotNull();
    return v.decision();
  }

  @Test
  void writesAndReadsObjectsInBucketInAllowedRegion() {
    Storage storage = guarded();

    storage.create(BlobInfo.newBuilder("frankfurt", "a.txt").build(), DATA);
    byte[] read = storage.readAllBytes(BlobId.of("frankfurt", "a.txt"));

    assertThat(read).isEqualTo(DATA);
    assertThat(gcs.objects).containsKey("frankfurt/a.txt");
  }

  @Test
  void refusesObjectWriteToBucketInDeniedRegionAndSendsNothing() {
    Storage storage = guarded();

    assertThatThrownBy(() -> storage.create(BlobInfo.newBuilder("iowa", "a.txt").build(), DATA))
        .isInstanceOf(StorageException.class)
        .satisfies(e -> {
          Decision d = decisionOf(e);
          assertThat(d.reasonCode()).as(d.explanation()).isEqualTo(ReasonCode.DENIED_LOCATION);
          assertThat(d.location().region().id()).isEqualTo("gcp:us-central1");
        });

    assertThat(gcs.count("POST 127.0.0.1/upload")).isZero();
    assertThat(gcs.objects).doesNotContainKey("iowa/a.txt");
  }

  @Test
  void refusesObjectReadFromBucketInDeniedRegion() {
    gcs.objects.put("iowa/a.txt", DATA);
    Storage storage = guarded();

    assertThatThrownBy(() -> storage.readAllBytes(BlobId.of("iowa", "a.txt")))
        .satisfies(e -> assertThat(decisionOf(e).location().region().id()).isEqualTo("gcp:us-central1"));

    assertThat(gcs.requests).noneMatch(r -> r.contains("/o/a.txt"));
  }

  @Test
  void allowsTheEuMultiRegionAndRefusesTheUsOne() {
    Storage storage = guarded();

    storage.create(BlobInfo.newBuilder("eu-multi", "a").build(), DATA);

    assertThatThrownBy(() -> storage.create(BlobInfo.newBuilder("us-multi", "a").build(), DATA))
        .satisfies(e -> assertThat(decisionOf(e).location().region().id()).isEqualTo("gcp:us"));
    assertThat(gcs.objects).containsKey("eu-multi/a").doesNotContainKey("us-multi/a");
  }

  @Test
  void allowsPredefinedDualRegionEur4AndRefusesNam4() {
    Storage storage = guarded();

    storage.create(BlobInfo.newBuilder("eur4", "a").build(), DATA);

    assertThatThrownBy(() -> storage.create(BlobInfo.newBuilder("nam4", "a").build(), DATA))
        .satisfies(e -> assertThat(decisionOf(e).location().region().id()).isEqualTo("gcp:nam4"));
    assertThat(gcs.objects).containsKey("eur4/a").doesNotContainKey("nam4/a");
  }

  @Test
  void checksEachDataLocationOfAConfigurableDualRegion() {
    Storage storage = guarded();

    storage.create(BlobInfo.newBuilder("custom-eu", "a").build(), DATA);

    assertThatThrownBy(() -> storage.create(BlobInfo.newBuilder("custom-mixed", "a").build(), DATA))
        .satisfies(e -> assertThat(decisionOf(e).location().region().id()).isEqualTo("gcp:us-central1"));
    assertThat(gcs.objects).containsKey("custom-eu/a").doesNotContainKey("custom-mixed/a");
  }

  @Test
  void readsEachBucketLocationOnceAndCachesIt() {
    Storage storage = guarded();

    for (int i = 0; i < 3; i++) {
      storage.create(BlobInfo.newBuilder("frankfurt", "a" + i).build(), DATA);
      storage.readAllBytes(BlobId.of("frankfurt", "a" + i));
    }

    assertThat(gcs.count("GET 127.0.0.1/storage/v1/b/frankfurt?")).isEqualTo(0);
    assertThat(gcs.requests.stream().filter(r -> r.equals("GET 127.0.0.1/storage/v1/b/frankfurt"))).hasSize(1);
  }

  @Test
  void failsClosedWhenTheBucketLocationCannotBeRead() {
    gcs.bucketStatus = 500;
    Storage storage = guarded();

    assertThatThrownBy(() -> storage.create(BlobInfo.newBuilder("frankfurt", "a").build(), DATA))
        .satisfies(e -> {
          Decision d = decisionOf(e);
          assertThat(d.reasonCode()).isEqualTo(ReasonCode.DENIED_RESOLVER_ERROR);
          assertThat(d.explanation()).contains("frankfurt");
        });
    assertThat(gcs.objects).isEmpty();
  }

  @Test
  void createsBucketInAllowedLocation() {
    Storage storage = guarded();

    storage.create(BucketInfo.newBuilder("new-eu").setLocation("EUROPE-WEST4").build());

    assertThat(gcs.buckets).containsKey("new-eu");
  }

  @Test
  void refusesBucketCreationInDeniedLocationAndCreatesNothing() {
    Storage storage = guarded();

    assertThatThrownBy(() -> storage.create(BucketInfo.newBuilder("new-us").setLocation("US-EAST1").build()))
        .satisfies(e -> assertThat(decisionOf(e).location().region().id()).isEqualTo("gcp:us-east1"));

    assertThat(gcs.buckets).doesNotContainKey("new-us");
    assertThat(gcs.count("POST")).isZero();
  }

  @Test
  void treatsBucketCreationWithoutLocationAsTheUsMultiRegion() {
    Storage storage = guarded();

    assertThatThrownBy(() -> storage.create(BucketInfo.of("new-default")))
        .satisfies(e -> assertThat(decisionOf(e).location().region().id()).isEqualTo("gcp:us"));

    assertThat(gcs.buckets).doesNotContainKey("new-default");
  }

  @Test
  void refusesCopyIntoBucketInDeniedRegion() {
    gcs.objects.put("frankfurt/src", DATA);
    Storage storage = guarded();

    assertThatThrownBy(() -> storage.copy(Storage.CopyRequest.of(BlobId.of("frankfurt", "src"), BlobId.of("iowa", "dst")))
            .getResult())
        .satisfies(e -> assertThat(decisionOf(e).endpoint().resource()).isEqualTo("iowa"));

    assertThat(gcs.objects).doesNotContainKey("iowa/dst");
  }

  @Test
  void refusesCopyOutOfBucketInDeniedRegion() {
    gcs.objects.put("iowa/src", DATA);
    Storage storage = guarded();

    assertThatThrownBy(() -> storage.copy(Storage.CopyRequest.of(BlobId.of("iowa", "src"), BlobId.of("frankfurt", "dst")))
            .getResult())
        .satisfies(e -> assertThat(decisionOf(e).endpoint().resource()).isEqualTo("iowa"));

    assertThat(gcs.objects).doesNotContainKey("frankfurt/dst");
  }

  @Test
  void refusesAHostThePolicyCannotPlaceBeforeReadingAnything() {
    ResidencyGuard strict = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU").build())
        .setAuditSink(audit)
        .build();
    Storage storage = ResidencyGcs.create(strict).wrap(options()).build().getService();

    assertThatThrownBy(() -> storage.create(BlobInfo.newBuilder("frankfurt", "a").build(), DATA))
        .satisfies(e -> assertThat(decisionOf(e).reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN));

    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void judgesTheGlobalEndpointByTheBucketLocationByDefault() {
    Storage storage = ResidencyGcs.create(guard).wrap(optionsVia("storage.googleapis.com")).build().getService();

    storage.create(BlobInfo.newBuilder("frankfurt", "a").build(), DATA);

    assertThatThrownBy(() -> storage.create(BlobInfo.newBuilder("iowa", "a").build(), DATA))
        .satisfies(e -> assertThat(decisionOf(e).location().region().id()).isEqualTo("gcp:us-central1"));
    assertThat(gcs.objects).containsKey("frankfurt/a").doesNotContainKey("iowa/a");
    assertThat(gcs.requests).allMatch(r -> r.contains(" storage.googleapis.com/"));
  }

  @Test
  void regionalEndpointOptionRefusesTheGlobalEndpointWhenWrapping() {
    ResidencyGcs gcsResidency = ResidencyGcs.builder(guard).setRequireRegionalEndpoint(true).build();

    assertThatThrownBy(() -> gcsResidency.wrap(optionsVia("storage.googleapis.com")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("storage.googleapis.com");
  }

  @Test
  void regionalEndpointOptionAcceptsAnAllowedRegionalEndpoint() {
    Storage storage = ResidencyGcs.builder(guard)
        .setRequireRegionalEndpoint(true)
        .build()
        .wrap(optionsVia("storage.europe-west3.rep.googleapis.com"))
        .build()
        .getService();

    storage.create(BlobInfo.newBuilder("frankfurt", "a").build(), DATA);

    assertThat(gcs.objects).containsKey("frankfurt/a");
    assertThat(gcs.requests).allMatch(r -> r.contains(" storage.europe-west3.rep.googleapis.com/"));
  }

  @Test
  void regionalEndpointOptionRefusesARegionalEndpointInADeniedRegion() {
    Storage storage = ResidencyGcs.builder(guard)
        .setRequireRegionalEndpoint(true)
        .build()
        .wrap(optionsVia("storage.us-east1.rep.googleapis.com"))
        .build()
        .getService();

    assertThatThrownBy(() -> storage.create(BlobInfo.newBuilder("frankfurt", "a").build(), DATA))
        .satisfies(e -> assertThat(decisionOf(e).location().region().id()).isEqualTo("gcp:us-east1"));

    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aRefusalIsNotRetriedByTheClient() {
    Storage storage = guarded();
    audit.clear();

    assertThatThrownBy(() -> storage.create(BlobInfo.newBuilder("iowa", "a").build(), DATA))
        .isInstanceOf(StorageException.class);

    assertThat(audit.events()).filteredOn(e -> e.decision().isDenied()).hasSize(1);
  }

  @Test
  void refusesToWrapTheSameBuilderTwice() {
    HttpStorageOptions.Builder options = ResidencyGcs.create(guard).wrap(options());

    assertThatThrownBy(() -> ResidencyGcs.create(guard).wrap(options)).isInstanceOf(IllegalArgumentException.class);
  }
}
