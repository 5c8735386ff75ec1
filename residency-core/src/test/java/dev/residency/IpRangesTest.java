package dev.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residency.audit.AuditSink;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpRangesTest {
  @Test
  void placesAddressesFromAwsAndGcpPublishedRangesLongestPrefixFirst(@TempDir Path dir) throws Exception {
    Path aws = dir.resolve("ip-ranges.json");
    Files.writeString(aws, "{\"syncToken\":\"1\",\"prefixes\":["
        + "{\"ip_prefix\":\"3.5.0.0/16\",\"region\":\"us-east-1\",\"service\":\"AMAZON\"},"
        + "{\"ip_prefix\":\"3.5.136.0/22\",\"region\":\"eu-central-1\",\"service\":\"S3\"},"
        + "{\"ip_prefix\":\"13.32.0.0/15\",\"region\":\"GLOBAL\",\"service\":\"CLOUDFRONT\"}],"
        + "\"ipv6_prefixes\":[{\"ipv6_prefix\":\"2a05:d07a::/32\",\"region\":\"eu-central-1\",\"service\":\"S3\"}]}");
    Path gcp = dir.resolve("cloud.json");
    Files.writeString(gcp, "{\"prefixes\":[{\"ipv4Prefix\":\"34.89.0.0/17\",\"service\":\"Google Cloud\",\"scope\":\"europe-west3\"}]}");
    ResidencyPolicy policy = ResidencyPolicy.builder().allowJurisdictions("EU").addIpRanges(aws).addIpRanges(gcp).build();
    ResidencyGuard guard = ResidencyGuard.builder(policy).setAuditSink(AuditSink.NOOP).build();

    assertThat(guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "http://3.5.137.1/")).location().region().id()).isEqualTo("aws:eu-central-1");
    assertThat(guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "http://3.5.1.1/")).location().region().id()).isEqualTo("aws:us-east-1");
    assertThat(guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "http://13.32.1.1/")).location().isGlobal()).isTrue();
    assertThat(guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "http://[2a05:d07a::1]/")).outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "http://34.89.1.1/")).location().region().id()).isEqualTo("gcp:europe-west3");
    assertThat(guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "http://8.8.8.8/")).reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
  }

  @Test
  void aFileInNeitherFormatIsAPolicyError(@TempDir Path dir) throws Exception {
    Path bogus = dir.resolve("ranges.json");
    Files.writeString(bogus, "{\"hello\": 1}");
    ResidencyPolicy policy = ResidencyPolicy.builder().addIpRanges(bogus).build();

    assertThatThrownBy(() -> ResidencyGuard.builder(policy).build())
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("ranges.json");
  }
}
