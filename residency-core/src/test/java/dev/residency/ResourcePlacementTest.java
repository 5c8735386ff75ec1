package dev.residency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.audit.AuditSink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A declared or reported resource location places data only on the provider's own hosts. */
class ResourcePlacementTest {
  /** The README's example: an EU-only policy declaring the bucket customer-exports in eu-west-1. */
  private static final String POLICY = """
      residency:
        allow:
          jurisdictions: [EU]
        endpoints:
          - resource: customer-exports
            kind: s3
            region: aws:eu-west-1
          - resource: us-exports
            kind: s3
            region: aws:us-east-1
          - resource: eu-archive
            kind: gcs
            region: gcp:europe-west3
          - resource: eu-bucket-any-kind
            region: aws:eu-west-1
          - resource: gpt-4o-se
            region: azure:swedencentral
          - host: minio.internal.example
            region: aws:eu-central-1
          - host: minio.us.example
            region: aws:us-east-1
      """;

  private final ResidencyGuard guard =
      ResidencyGuard.builder(ResidencyPolicy.parse(POLICY, "residency.yaml")).setAuditSink(AuditSink.NOOP).build();

  private static Endpoint s3(String host, String bucket) {
    return Endpoint.builder(EndpointKind.S3).host(host).port(443).resource(bucket).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"minio.evil.example", "127.0.0.1", "s3.eu-west-1.amazonaws.com.evil.example",
      "customer-exports.r2.cloudflarestorage.com", "s3.evil.example"})
  void declaredBucketDoesNotPlaceAHostThatIsNeitherTheProvidersNorDeclared(String host) {
    Decision d = guard.evaluate(Endpoint.builder(EndpointKind.S3).host(host).port(9000).resource("customer-exports").build());

    assertThat(d.reasonCode()).as(d.explanation()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
    assertThat(d.explanation()).contains("customer-exports", host);
  }

  @Test
  void reportedResourceLocationDoesNotPlaceAnUndeclaredNonProviderHost() {
    Decision d = guard.evaluate(Endpoint.builder(EndpointKind.S3)
        .host("minio.evil.example").resource("x").resourceLocation("aws:eu-west-1").build());

    assertThat(d.reasonCode()).as(d.explanation()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3.amazonaws.com", "customer-exports.s3.amazonaws.com", "s3.eu-west-1.amazonaws.com",
      "customer-exports.s3.dualstack.eu-west-1.amazonaws.com", "customer-exports.s3-eu-west-1.amazonaws.com",
      "customer-exports.s3-accelerate.amazonaws.com", "s3-fips.us-east-2.amazonaws.com",
      "bucket.vpce-0abc-xyz.s3.eu-west-1.vpce.amazonaws.com", "s3.us-east-1.amazonaws.com"})
  void declaredBucketDecidesOnAwsS3HostsBecauseTheBucketsRegionIsWhereDataLives(String host) {
    Decision d = guard.evaluate(s3(host, "customer-exports"));

    assertThat(d.outcome()).as(d.explanation()).isEqualTo(Outcome.ALLOW);
    assertThat(d.location().region().id()).isEqualTo("aws:eu-west-1");
  }

  @Test
  void reportedBucketRegionDecidesOnAwsS3Hosts() {
    Decision d = guard.evaluate(Endpoint.builder(EndpointKind.S3)
        .host("b.s3.eu-west-1.amazonaws.com").resource("b").resourceLocation("aws:us-east-1").build());

    assertThat(d.reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
    assertThat(d.location().region().id()).isEqualTo("aws:us-east-1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ec2-52-1-2-3.compute-1.amazonaws.com", "s3-123456.us-east-1.elb.amazonaws.com",
      "customer-exports.s3.cn-north-1.amazonaws.com.cn", "storage.googleapis.com"})
  void anAwsOrCloudHostThatIsNotS3OfTheBucketsPartitionIsPlacedByItself(String host) {
    Decision d = guard.evaluate(s3(host, "customer-exports"));

    assertThat(d.outcome()).as(d.explanation()).isEqualTo(Outcome.DENY);
    assertThat(d.location().region() == null || !d.location().region().id().equals("aws:eu-west-1")).isTrue();
  }

  @Test
  void onADeclaredHostBothTheHostAndTheResourceMustBeAllowed() {
    Decision euOnEu = guard.evaluate(s3("minio.internal.example", "customer-exports"));
    Decision usOnEu = guard.evaluate(s3("minio.internal.example", "us-exports"));
    Decision euOnUs = guard.evaluate(s3("minio.us.example", "customer-exports"));
    Decision reportedUsOnEu = guard.evaluate(Endpoint.builder(EndpointKind.S3)
        .host("minio.internal.example").resource("b").resourceLocation("aws:us-east-1").build());

    assertThat(euOnEu.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(euOnEu.location().region().id()).isEqualTo("aws:eu-west-1");
    assertThat(usOnEu.reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
    assertThat(usOnEu.location().region().id()).isEqualTo("aws:us-east-1");
    assertThat(euOnUs.reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
    assertThat(euOnUs.location().region().id()).isEqualTo("aws:us-east-1");
    assertThat(reportedUsOnEu.reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
  }

  @Test
  void gcsBucketIsPlacedOnCloudStorageHostsOnly() {
    Decision global = guard.evaluate(Endpoint.builder(EndpointKind.GCS).host("storage.googleapis.com").resource("eu-archive").build());
    Decision regional = guard.evaluate(Endpoint.builder(EndpointKind.GCS)
        .host("storage.europe-west3.rep.googleapis.com").resource("eu-archive").build());
    Decision fake = guard.evaluate(Endpoint.builder(EndpointKind.GCS).host("gcs.evil.example").resource("eu-archive").build());
    Decision reportedFake = guard.evaluate(Endpoint.builder(EndpointKind.GCS)
        .host("gcs.evil.example").resource("b").resourceLocation("gcp:europe-west3").build());

    assertThat(global.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(regional.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(fake.reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
    assertThat(reportedFake.reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
  }

  @Test
  void aFactWithoutKindPlacesOnlyTheProvidersOwnHostsOfTheEndpointsKind() {
    Decision onAws = guard.evaluate(s3("s3.eu-west-1.amazonaws.com", "eu-bucket-any-kind"));
    Decision asGcsOnGoogle = guard.evaluate(Endpoint.builder(EndpointKind.GCS)
        .host("storage.googleapis.com").resource("eu-bucket-any-kind").build());
    Decision asHttp = guard.evaluate(Endpoint.builder(EndpointKind.HTTP).host("files.evil.example").resource("eu-bucket-any-kind").build());

    assertThat(onAws.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(asGcsOnGoogle.outcome()).as(asGcsOnGoogle.explanation()).isEqualTo(Outcome.DENY);
    assertThat(asHttp.reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
  }

  @Test
  void azureDeploymentNameDoesNotPlaceAnUndeclaredAzureResource() {
    Decision d = guard.evaluate(Endpoint.builder(EndpointKind.LLM)
        .host("someone-else.openai.azure.com").path("/openai/deployments/gpt-4o-se/chat/completions").resource("gpt-4o-se").build());

    assertThat(d.outcome()).as(d.explanation()).isEqualTo(Outcome.DENY);
  }

  @Test
  void aHostlessResourceIsStillPlacedByItsFact() {
    Decision d = guard.evaluateTarget(EndpointKind.S3, "s3://customer-exports/k").get(0);

    assertThat(d.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(d.location().region().id()).isEqualTo("aws:eu-west-1");
  }

  @Test
  void cachedResourceDecisionIsNeverReusedForAnotherHost() {
    Endpoint aws = s3("customer-exports.s3.eu-west-1.amazonaws.com", "customer-exports");
    Endpoint evil = s3("minio.evil.example", "customer-exports");

    List<Outcome> outcomes = List.of(
        guard.evaluate(aws).outcome(), guard.evaluate(evil).outcome(), guard.evaluate(aws).outcome(), guard.evaluate(evil).outcome());

    assertThat(outcomes).containsExactly(Outcome.ALLOW, Outcome.DENY, Outcome.ALLOW, Outcome.DENY);
  }

  @Test
  void explainSaysWhetherTheHostServesTheResource() {
    List<String> own = guard.explain(s3("s3.eu-west-1.amazonaws.com", "customer-exports"));
    List<String> other = guard.explain(s3("minio.evil.example", "customer-exports"));

    assertThat(own).anyMatch(l -> l.contains("is the provider's own service for the resource"));
    assertThat(other).anyMatch(l -> l.contains("is not the provider's own service for the resource"));
    assertThat(other.get(other.size() - 1)).startsWith("decision: DENY");
  }
}
