package dev.residency.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The reply shapes of HeadBucket and GetBucketLocation that s3proxy cannot produce. */
class BucketRegionsTest {
  private MockWebServer server;
  private S3Client client;
  private final BucketRegions regions = new BucketRegions(Duration.ofMinutes(1), 100, Duration.ofSeconds(2));

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    client = S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + server.getPort()))
        .forcePathStyle(true)
        .region(Region.EU_CENTRAL_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "s")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  @Test
  void readsTheRegionHeaderOfAPermanentRedirect() throws Exception {
    server.enqueue(new MockResponse.Builder().code(301).addHeader("x-amz-bucket-region", "eu-west-1").build());

    String region = regions.regionOf(client, "elsewhere");

    assertThat(region).isEqualTo("eu-west-1");
  }

  @Test
  void readsTheRegionHeaderOfAnAccessDenied() throws Exception {
    server.enqueue(new MockResponse.Builder().code(403).addHeader("x-amz-bucket-region", "us-west-2").build());

    String region = regions.regionOf(client, "not-mine");

    assertThat(region).isEqualTo("us-west-2");
  }

  @Test
  void fallsBackToGetBucketLocationAndMapsTheLegacyEu() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/xml")
        .body("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">EU</LocationConstraint>")
        .build());

    String region = regions.regionOf(client, "old-eu");

    assertThat(region).isEqualTo("eu-west-1");
    assertThat(server.takeRequest().getMethod()).isEqualTo("HEAD");
    assertThat(server.takeRequest().getTarget()).contains("location");
  }

  @Test
  void failsForAMissingBucket() {
    server.enqueue(new MockResponse.Builder().code(404).build());

    assertThatThrownBy(() -> regions.regionOf(client, "missing"))
        .isInstanceOf(BucketRegions.LookupFailedException.class)
        .hasMessageContaining("404");
  }

  @Test
  void failsWhenBothLookupsAreRefusedWithoutARegion() {
    server.enqueue(new MockResponse.Builder().code(403).build());
    server.enqueue(new MockResponse.Builder().code(403).build());

    assertThatThrownBy(() -> regions.regionOf(client, "hidden"))
        .isInstanceOf(BucketRegions.LookupFailedException.class)
        .hasMessageContaining("GetBucketLocation");
  }

  @Test
  void givesUpAfterTheLookupTimeout() {
    BucketRegions quick = new BucketRegions(Duration.ofMinutes(1), 100, Duration.ofMillis(300));
    server.enqueue(new MockResponse.Builder().code(200).headersDelay(5, java.util.concurrent.TimeUnit.SECONDS).build());
    long start = System.nanoTime();

    assertThatThrownBy(() -> quick.regionOf(client, "slow")).isInstanceOf(BucketRegions.LookupFailedException.class);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void cachesTheAnswer() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("x-amz-bucket-region", "eu-north-1").build());

    regions.regionOf(client, "b");
    String again = regions.regionOf(client, "b");

    assertThat(again).isEqualTo("eu-north-1");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
