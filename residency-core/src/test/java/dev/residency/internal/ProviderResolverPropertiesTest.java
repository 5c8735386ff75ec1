package dev.residency.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.Location;
import dev.residency.Region;
import dev.residency.RegionCatalog;
import dev.residency.Scope;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ProviderResolverPropertiesTest {
  private static final RegionCatalog CATALOG = RegionCatalog.defaultCatalog();
  private final ProviderResolver resolver = new ProviderResolver(CATALOG);

  /** Hosts the resolver places (or at least recognizes): the bait for the tricks below. */
  private static final List<String> PROVIDER_HOSTS =
      List.of(
          "s3.eu-west-1.amazonaws.com",
          "my-bucket.s3.eu-central-1.amazonaws.com",
          "s3.amazonaws.com",
          "bedrock-runtime.eu-central-1.amazonaws.com",
          "app.cluster-abc.eu-west-1.rds.amazonaws.com",
          "s3.cn-north-1.amazonaws.com.cn",
          "s3.eusc-de-east-1.amazonaws.eu",
          "dynamodb.eu-north-1.api.aws",
          "europe-west4-aiplatform.googleapis.com",
          "aiplatform.eu.rep.googleapis.com",
          "storage.googleapis.com",
          "myvm.westeurope.cloudapp.azure.com",
          "eu.api.openai.com",
          "api.openai.com",
          "api.eu.mistral.ai",
          "api.anthropic.com",
          "openrouter.ai");

  /** Second-level labels of provider domains: a random label equal to one would build a real provider host. */
  private static final Set<String> PROVIDER_LABELS =
      Set.of("amazonaws", "amazonwebservices", "api", "googleapis", "azure", "windows", "openai", "mistral", "anthropic", "openrouter");

  @Provide
  Arbitrary<String> labels() {
    return Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(20)
        .filter(l -> !PROVIDER_LABELS.contains(l));
  }

  @Provide
  Arbitrary<String> tlds() {
    return Arbitraries.of("com", "net", "org", "io", "eu", "dev", "co", "cn", "de");
  }

  @Provide
  Arbitrary<String> lookalikeUrls() {
    Arbitrary<String> bait = Arbitraries.of(PROVIDER_HOSTS);
    return Combinators.combine(bait, labels(), tlds(), Arbitraries.integers().between(0, 6))
        .as(
            (p, r, tld, form) -> {
              switch (form) {
                case 0:
                  return "https://" + p + "." + r + "." + tld + "/"; // provider host as a subdomain
                case 1:
                  return "https://" + r + lastTwoLabels(p) + "/"; // glued: evilamazonaws.com
                case 2:
                  return "https://" + p.replace('.', '-') + "." + r + "." + tld + "/"; // dots turned to dashes
                case 3:
                  return "https://" + r + "." + tld + "/" + p + "/key"; // provider host in the path
                case 4:
                  return "https://" + r + "." + tld + "/?next=https://" + p + "/"; // in the query
                case 5:
                  return "https://" + p + "@" + r + "." + tld + "/"; // userinfo trick
                default:
                  return "https://" + p + "." + tld + "/"; // provider host plus a public suffix
              }
            });
  }

  @Property(tries = 500)
  void hostOutsideProviderDomainsNeverResolvesToProviderRegion(@ForAll("lookalikeUrls") String url) {
    Endpoint endpoint = Endpoint.parse(EndpointKind.HTTP, url);
    Assume.that(!endsWithProviderDomain(endpoint.host()));

    Location location = resolver.resolve(endpoint);

    assertThat(location).as(url).isSameAs(Location.unknown());
  }

  @Property(tries = 300)
  void randomHostNeverResolves(@ForAll("labels") String a, @ForAll("labels") String b, @ForAll("tlds") String tld) {
    Endpoint endpoint = Endpoint.parse(EndpointKind.HTTP, "https://" + a + "." + b + "." + tld + "/");

    Location location = resolver.resolve(endpoint);

    assertThat(location.isUnknown()).isTrue();
    assertThat(location.region()).isNull();
  }

  @Property(tries = 500)
  void neverThrowsWhateverThePathOrResource(
      @ForAll("providerHosts") String host, @ForAll String path, @ForAll String resource, @ForAll EndpointKind kind) {
    Endpoint withHost = Endpoint.builder(kind).host(host).path("/model/" + path).resource(resource).build();
    Endpoint withoutHost = Endpoint.builder(kind).resource("arn:" + resource).build();

    Location a = resolver.resolve(withHost);
    Location b = resolver.resolve(withoutHost);

    assertThat(a).isNotNull();
    assertThat(b).isNotNull();
  }

  @Provide
  Arbitrary<String> providerHosts() {
    return Arbitraries.of(PROVIDER_HOSTS);
  }

  @Provide
  Arbitrary<String> uncataloguedAwsCodes() {
    return Combinators.combine(
            Arbitraries.strings().withCharRange('a', 'z').ofLength(2),
            Arbitraries.of("north", "south", "east", "west", "central", "northeast", "southeast", "northwest", "southwest"),
            Arbitraries.integers().between(1, 99))
        .as((geo, dir, n) -> geo + "-" + dir + "-" + n)
        .filter(code -> CATALOG.find("aws", code) == null);
  }

  @Property(tries = 300)
  void uncataloguedAwsRegionResolvesUnknown(
      @ForAll("uncataloguedAwsCodes") String code, @ForAll("awsHostTemplates") String template) {
    Endpoint endpoint = Endpoint.parse(EndpointKind.HTTP, "https://" + template.replace("REGION", code) + "/");

    Location location = resolver.resolve(endpoint);

    assertThat(location.isUnknown()).as(endpoint.host()).isTrue();
    assertThat(location.region()).isNull();
  }

  @Provide
  Arbitrary<String> awsHostTemplates() {
    return Arbitraries.of(
        "s3.REGION.amazonaws.com",
        "my-bucket.s3.REGION.amazonaws.com",
        "my-bucket.s3-REGION.amazonaws.com",
        "s3.dualstack.REGION.amazonaws.com",
        "sqs-fips.REGION.amazonaws.com",
        "dynamodb.REGION.api.aws",
        "bedrock-runtime.REGION.amazonaws.com",
        "app.cluster-abc.REGION.rds.amazonaws.com",
        "wg.123456789012.REGION.redshift-serverless.amazonaws.com");
  }

  @Provide
  Arbitrary<String> uncataloguedGcpCodes() {
    return Combinators.combine(
            Arbitraries.of("europe", "us", "asia", "australia", "me", "africa", "northamerica", "southamerica"),
            Arbitraries.of("north", "south", "east", "west", "central", "northeast", "southeast", "southwest"),
            Arbitraries.integers().between(1, 99))
        .as((geo, dir, n) -> geo + "-" + dir + n)
        .filter(code -> CATALOG.find("gcp", code) == null);
  }

  @Property(tries = 200)
  void uncataloguedGcpRegionResolvesUnknown(@ForAll("uncataloguedGcpCodes") String code, @ForAll boolean vertex) {
    String url = vertex
        ? "https://" + code + "-aiplatform.googleapis.com/v1/projects/p/locations/" + code + "/publishers/google/models/m:generateContent"
        : "https://storage." + code + ".rep.googleapis.com/storage/v1/b/b/o";
    Endpoint endpoint = Endpoint.parse(EndpointKind.HTTP, url);

    Location location = resolver.resolve(endpoint);

    assertThat(location.isUnknown()).as(url).isTrue();
  }

  @Provide
  Arbitrary<Region> awsRegions() {
    return Arbitraries.of(
        CATALOG.regions().stream()
            .filter(r -> r.id().startsWith("aws:") && r.scope() == Scope.REGION && AwsRules.Partition.ofRegion(r.code()) != null)
            .collect(Collectors.toList()));
  }

  @Property(tries = 200)
  void everyCataloguedAwsRegionResolvesUnderItsOwnPartitionSuffix(@ForAll("awsRegions") Region region) {
    String suffix = region.code().startsWith("cn-") ? "amazonaws.com.cn" : region.code().startsWith("eusc-") ? "amazonaws.eu" : "amazonaws.com";
    Endpoint endpoint = Endpoint.parse(EndpointKind.S3, "https://my-bucket.s3." + region.code() + "." + suffix + "/key");

    Location location = resolver.resolve(endpoint);

    assertThat(location.region()).as(endpoint.host()).isEqualTo(region);
  }

  @Property(tries = 200)
  void everyCataloguedAwsRegionIsUnknownUnderAnotherPartitionSuffix(
      @ForAll("awsRegions") Region region, @ForAll("awsSuffixes") String suffix) {
    AwsRules.Partition p = AwsRules.Partition.ofRegion(region.code());
    boolean matches =
        suffix.equals("amazonaws.com.cn") ? p == AwsRules.Partition.AWS_CN
            : suffix.equals("amazonaws.eu") ? p == AwsRules.Partition.AWS_EUSC
            : p == AwsRules.Partition.AWS || p == AwsRules.Partition.AWS_US_GOV;
    Assume.that(!matches);
    Endpoint endpoint = Endpoint.parse(EndpointKind.S3, "https://s3." + region.code() + "." + suffix + "/b");

    Location location = resolver.resolve(endpoint);

    assertThat(location.isUnknown()).as(endpoint.host()).isTrue();
  }

  @Provide
  Arbitrary<String> awsSuffixes() {
    return Arbitraries.of("amazonaws.com", "amazonaws.com.cn", "amazonaws.eu", "api.aws");
  }

  private static String lastTwoLabels(String host) {
    int last = host.lastIndexOf('.');
    int before = host.lastIndexOf('.', last - 1);
    return host.substring(before + 1);
  }

  private static boolean endsWithProviderDomain(String host) {
    for (String d : List.of("amazonaws.com", "amazonaws.com.cn", "amazonaws.eu", "api.aws", "api.amazonwebservices.com.cn",
        "api.amazonwebservices.eu", "googleapis.com", "azure.com", "windows.net", "azure.net", "openai.com", "mistral.ai",
        "anthropic.com", "openrouter.ai")) {
      if (HostNames.isSameOrSubdomain(host, d)) {
        return true;
      }
    }
    return false;
  }
}
