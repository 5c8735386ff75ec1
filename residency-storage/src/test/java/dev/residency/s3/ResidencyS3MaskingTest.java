package dev.residency.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Optional part of issue 6: a bucket whose region the policy allows only for masked data. */
class ResidencyS3MaskingTest {
  private static final String TEXT = "contact jane.doe@example.com about the invoice";

  private S3ProxyFixture s3;
  private InMemoryAuditSink audit;
  private S3Client client;

  @BeforeEach
  void start() throws Exception {
    s3 = new S3ProxyFixture();
    s3.bucket("virginia", "us-east-1");
    s3.bucket("dublin", "eu-west-1");
    audit = AuditSinks.inMemory();
    ResidencyPolicy policy = ResidencyPolicy.builder()
        .allowJurisdictions("EU")
        .allowMaskedRegions("aws:us-east-1")
        .declareHost("127.0.0.1", "aws:eu-central-1")
        .build();
    ResidencyGuard guard = ResidencyGuard.builder(policy).setAuditSink(audit).build();
    client = ResidencyS3.create(guard).configure(s3.clientBuilder()).build();
  }

  @AfterEach
  void stop() throws Exception {
    s3.close();
  }

  private String stored(String bucket, String key) throws Exception {
    try (var in = s3.store.getBlob(bucket, key)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void masksTextObjectsPutToALocationAllowedOnlyMasked() throws Exception {
    client.putObject(b -> b.bucket("virginia").key("note.txt").contentType("text/plain"), RequestBody.fromString(TEXT));

    String stored = stored("virginia", "note.txt");

    assertThat(stored).doesNotContain("jane.doe@example.com").contains("contact").contains("invoice");
    assertThat(audit.events()).anySatisfy(e -> assertThat(e.type()).isEqualTo(AuditEvent.Type.MASKING));
  }

  @Test
  void storesTextUnchangedWhereTheLocationIsFullyAllowed() throws Exception {
    client.putObject(b -> b.bucket("dublin").key("note.txt").contentType("text/plain"), RequestBody.fromString(TEXT));

    String stored = stored("dublin", "note.txt");

    assertThat(stored).isEqualTo(TEXT);
  }

  @Test
  void refusesAsyncPutsItCannotMask() throws Exception {
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder()
            .allowJurisdictions("EU")
            .allowMaskedRegions("aws:us-east-1")
            .declareHost("127.0.0.1", "aws:eu-central-1")
            .build())
        .setAuditSink(audit)
        .build();
    try (S3AsyncClient async = ResidencyS3.create(guard).configure(s3.asyncClientBuilder()).build()) {

      var put = async.putObject(b -> b.bucket("virginia").key("note.txt").contentType("text/plain"),
          AsyncRequestBody.fromString(TEXT));

      assertThatThrownBy(put::get).cause().isInstanceOf(ResidencyS3Exception.class);
    }
    assertThat(s3.store.puts.get()).isZero();
  }

  @Test
  void storesAnEmptyJsonObjectAsItIsAndRefusesInvalidJsonItCannotMask() throws Exception {
    client.putObject(b -> b.bucket("virginia").key("empty.json").contentType("application/json"),
        RequestBody.fromString(""));
    assertThat(stored("virginia", "empty.json")).isEmpty();

    assertThatThrownBy(() -> client.putObject(
            b -> b.bucket("virginia").key("bad.json").contentType("application/json"),
            RequestBody.fromString("{\"mail\": \"jane.doe@example.com\"")))
        .isInstanceOfSatisfying(ResidencyS3Exception.class,
            e -> assertThat(e.getMessage()).contains("not valid JSON").doesNotContain("jane.doe"));
    // by key, not by count: a loaded machine may make the SDK retry the first put
    assertThat(s3.store.putKeys).contains("empty.json").doesNotContain("bad.json");
  }

  @Test
  void refusesBinaryObjectsThatCannotBeMasked() {
    assertThatThrownBy(() -> client.putObject(
            b -> b.bucket("virginia").key("blob.bin").contentType("application/octet-stream"),
            RequestBody.fromBytes(TEXT.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOfSatisfying(ResidencyS3Exception.class,
            e -> assertThat(e.decision().explanation()).contains("only once masked"));

    assertThat(s3.store.puts.get()).isZero();
  }
}
