package dev.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residency.audit.AuditSink;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void rangeWithUncataloguedOrEmptyRegionIsUnknownInsteadOfTheBroaderRange(@TempDir Path dir) throws Exception {
    Path aws = dir.resolve("ip-ranges.json");
    Files.writeString(aws, "{\"syncToken\":\"1\",\"createDate\":\"2026-11-24-00-00-00\",\"prefixes\":["
        + "{\"ip_prefix\":\"52.0.0.0/10\",\"region\":\"eu-west-1\",\"service\":\"AMAZON\"},"
        + "{\"ip_prefix\":\"52.2.0.0/16\",\"region\":\"xx-newregion-1\",\"service\":\"AMAZON\"},"
        + "{\"ip_prefix\":\"52.3.0.0/16\",\"region\":\"\",\"service\":\"AMAZON\"},"
        + "{\"ip_prefix\":\"52.4.0.0/16\",\"service\":\"AMAZON\"},"
        + "{\"ip_prefix\":\"52.5.0.0/16\",\"region\":\"GLOBAL\",\"service\":\"CLOUDFRONT\"}],"
        + "\"ipv6_prefixes\":[{\"ipv6_prefix\":\"2a05:d000::/24\",\"region\":\"eu-west-1\",\"service\":\"AMAZON\"},"
        + "{\"ipv6_prefix\":\"2a05:d0ff::/32\",\"region\":\"xx-newregion-1\",\"service\":\"AMAZON\"}]}");
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU").addIpRanges(aws).build())
        .setAuditSink(AuditSink.NOOP).build();

    Decision broader = guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "https://52.1.2.3/"));
    Decision uncatalogued = guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "https://52.2.2.3/"));
    Decision empty = guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "https://52.3.2.3/"));
    Decision missing = guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "https://52.4.2.3/"));
    Decision global = guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "https://52.5.2.3/"));
    Decision v6 = guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "https://[2a05:d0ff::1]/"));

    assertThat(broader.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(uncatalogued.reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
    assertThat(uncatalogued.explanation()).contains("52.2.0.0/16", "xx-newregion-1");
    assertThat(empty.reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
    assertThat(missing.reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
    assertThat(global.location().isGlobal()).isTrue();
    assertThat(global.reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
    assertThat(v6.reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
  }

  @Test
  void resolvedAddressInAnUncataloguedRangeIsDeniedThoughABroaderRangeIsAllowed(@TempDir Path dir) throws Exception {
    Path aws = dir.resolve("ip-ranges.json");
    Files.writeString(aws, "{\"syncToken\":\"1\",\"prefixes\":["
        + "{\"ip_prefix\":\"52.0.0.0/10\",\"region\":\"eu-west-1\",\"service\":\"AMAZON\"},"
        + "{\"ip_prefix\":\"52.2.0.0/16\",\"region\":\"xx-newregion-1\",\"service\":\"AMAZON\"}],\"ipv6_prefixes\":[]}");
    ResidencyPolicy policy = ResidencyPolicy.builder()
        .allowJurisdictions("EU")
        .declareHost("api.partner.eu", "aws:eu-west-1")
        .addIpRanges(aws)
        .build();
    ResidencyGuard guard = ResidencyGuard.builder(policy).setAuditSink(AuditSink.NOOP).build();
    Endpoint host = Endpoint.builder(EndpointKind.HTTP).host("api.partner.eu").port(443).build();

    Decision inBroader = guard.evaluate(host.toBuilder()
        .addresses(List.of(InetAddress.getByAddress(new byte[] {52, 1, 2, 3}))).build());
    Decision inUncatalogued = guard.evaluate(host.toBuilder()
        .addresses(List.of(InetAddress.getByAddress(new byte[] {52, 2, 2, 3}))).build());

    assertThat(inBroader.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(inUncatalogued.reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
    assertThat(inUncatalogued.explanation()).contains("52.2.2.3", "xx-newregion-1");
  }

  @Test
  void readsGcpCloudJsonAsPublishedWithSyncTokenAndKeepsUnknownAndGlobalScopes(@TempDir Path dir) throws Exception {
    Path gcp = dir.resolve("cloud.json");
    Files.writeString(gcp, "{\"syncToken\":\"1732400000000\",\"creationTime\":\"2026-11-24T00:00:00.000000\",\"prefixes\":["
        + "{\"ipv4Prefix\":\"34.0.0.0/10\",\"service\":\"Google Cloud\",\"scope\":\"europe-west3\"},"
        + "{\"ipv4Prefix\":\"34.2.0.0/16\",\"service\":\"Google Cloud\",\"scope\":\"xx-new1\"},"
        + "{\"ipv4Prefix\":\"34.3.0.0/16\",\"service\":\"Google Cloud\",\"scope\":\"global\"},"
        + "{\"ipv6Prefix\":\"2600:1900::/28\",\"service\":\"Google Cloud\",\"scope\":\"europe-west3\"}]}");
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU").addIpRanges(gcp).build())
        .setAuditSink(AuditSink.NOOP).build();

    assertThat(guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "http://34.1.1.1/")).location().region().id())
        .isEqualTo("gcp:europe-west3");
    assertThat(guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "http://[2600:1900::1]/")).outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "http://34.2.1.1/")).reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
    assertThat(guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "http://34.3.1.1/")).location().isGlobal()).isTrue();
  }

  @Test
  void equallySpecificRangesThatDisagreeMakeTheAddressUnknown(@TempDir Path dir) throws Exception {
    Path aws = dir.resolve("ip-ranges.json");
    Files.writeString(aws, "{\"syncToken\":\"1\",\"prefixes\":["
        + "{\"ip_prefix\":\"52.2.0.0/16\",\"region\":\"eu-west-1\",\"service\":\"AMAZON\"},"
        + "{\"ip_prefix\":\"52.2.0.0/16\",\"region\":\"eu-west-1\",\"service\":\"EC2\"},"
        + "{\"ip_prefix\":\"52.3.0.0/16\",\"region\":\"eu-west-1\",\"service\":\"AMAZON\"},"
        + "{\"ip_prefix\":\"52.3.0.0/16\",\"region\":\"us-east-1\",\"service\":\"EC2\"}],\"ipv6_prefixes\":[]}");
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU").addIpRanges(aws).build())
        .setAuditSink(AuditSink.NOOP).build();

    assertThat(guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "http://52.2.1.1/")).outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "http://52.3.1.1/")).reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
  }

  @Test
  void aMalformedRangeIsAPolicyErrorNotASkippedEntry(@TempDir Path dir) throws Exception {
    Path aws = dir.resolve("ip-ranges.json");
    Files.writeString(aws, "{\"syncToken\":\"1\",\"prefixes\":["
        + "{\"ip_prefix\":\"52.0.0.0/10\",\"region\":\"eu-west-1\"},"
        + "{\"ip_prefix\":\"52.2.0.1/16\",\"region\":\"us-east-1\"}],\"ipv6_prefixes\":[]}");
    ResidencyPolicy policy = ResidencyPolicy.builder().addIpRanges(aws).build();

    assertThatThrownBy(() -> ResidencyGuard.builder(policy).build())
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("ip-ranges.json")
        .hasMessageContaining("52.2.0.1/16");
  }
}
