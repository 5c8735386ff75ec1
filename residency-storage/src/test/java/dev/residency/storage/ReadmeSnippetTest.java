package dev.residency.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.ResidencyViolationException;
import dev.residency.gcs.ResidencyGcs;
import dev.residency.s3.ResidencyS3;
import dev.residency.s3.ResidencyS3Exception;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The snippets quoted in residency-storage/README.md, kept compiling; the markers delimit them. */
class ReadmeSnippetTest {
  private static ResidencyGuard guard() {
    return ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU").build()).build();
  }

  @Test
  void s3Snippet() {
    ResidencyGuard guard = guard();

    // [s3]
    ResidencyS3 residency = ResidencyS3.create(guard);

    S3Client s3 = S3Client.builder()
        .region(Region.EU_CENTRAL_1)
        .overrideConfiguration(c -> c.addExecutionInterceptor(residency.createExecutionInterceptor()))
        .build();
    // or, the same for any S3Client / S3AsyncClient builder:
    S3AsyncClient s3Async = residency.configure(S3AsyncClient.builder().region(Region.EU_CENTRAL_1)).build();
    // S3Presigner runs no interceptors: wrap it (bucket regions are looked up through s3)
    S3Presigner presigner = residency.wrap(S3Presigner.builder().region(Region.EU_CENTRAL_1).build(), s3);
    // [s3]

    assertThat(s3).isNotNull();
    s3Async.close();
    presigner.close();
  }

  // Compiled, not run: it would reach AWS.
  // [s3-call]
  static void upload(S3Client s3) {
    try {
      s3.putObject(b -> b.bucket("reports").key("q3.csv"), RequestBody.fromString("..."));
    } catch (ResidencyS3Exception e) { // an SdkClientException; nothing was sent
      System.err.println(e.decision().reasonCode() + " " + e.decision().explanation());
    }
  }
  // [s3-call]

  @Test
  void s3BuilderSnippet() {
    ResidencyGuard guard = guard();

    // [s3-builder]
    ResidencyS3 residency = ResidencyS3.builder(guard)
        .setBucketRegionCacheTtl(Duration.ofMinutes(15))
        .setBucketRegionLookupTimeout(Duration.ofSeconds(5))
        .setCheckSigningRegion(true)
        .build();
    // [s3-builder]

    assertThat(residency.createExecutionInterceptor()).isNotNull();
  }

  @Test
  void gcsSnippet() {
    ResidencyGuard guard = guard();

    // [gcs]
    Storage storage = ResidencyGcs.builder(guard)
        .setRequireRegionalEndpoint(true)
        .build()
        .wrap(StorageOptions.http()
            .setHost("https://storage.europe-west3.rep.googleapis.com")
            .setProjectId("my-project")
            .setCredentials(NoCredentials.getInstance())) // call wrap last: it hooks the transport options
        .build()
        .getService();
    // [gcs]

    assertThat(storage).isNotNull();
  }

  // Compiled, not run: it would reach Google.
  // [gcs-call]
  static byte[] read(Storage storage) {
    try {
      return storage.readAllBytes("reports", "q3.csv");
    } catch (RuntimeException e) { // a StorageException; nothing was sent
      ResidencyViolationException v = ResidencyViolationException.find(e);
      if (v == null) {
        throw e;
      }
      System.err.println(v.decision().explanation());
      return null;
    }
  }
  // [gcs-call]
}
