package dev.residency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.internal.HostNames;
import dev.residency.internal.ProviderResolver;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Adversarial input for the target parsers: JDBC URLs, ARNs and Bedrock model ids. Every target
 * either parses to normalized hosts or fails with {@link InvalidEndpointException}, whose message
 * never repeats a password; only a real provider form places an endpoint in a provider region.
 */
class AdversarialParsingPropertiesTest {
  private static final ProviderResolver PROVIDER = new ProviderResolver(RegionCatalog.defaultCatalog());

  /** A password no parser has any reason to repeat. */
  private static final String SECRET = "Zq9SecretPw";

  @Provide
  Arbitrary<String> jdbcUrls() {
    Arbitrary<String> prefix = Arbitraries.of(
        "jdbc:postgresql://", "jdbc:mysql://", "jdbc:mysql:replication://", "jdbc:mariadb://",
        "jdbc:sqlserver://", "jdbc:oracle:thin:@//", "jdbc:oracle:thin:@", "jdbc:db2://",
        "jdbc:redshift://", "jdbc:jtds:sqlserver://", "jdbc:h2:tcp://", "jdbc:hsqldb:hsql://",
        "jdbc:pgsql://", "jdbc:", "jdbc:residency:postgresql://");
    Arbitrary<String> user = Arbitraries.of("", "u:" + SECRET + "@", SECRET + "@", "u:" + SECRET + "@x@",
        "u%3A" + SECRET + "@", "u:" + SECRET + "\\@");
    Arbitrary<String> host = Arbitraries.of("db.example.com", "DB.Example.COM.", "[::1]", "[::ffff:10.0.0.1]",
        "167772161", "0x7f.1", "0177.0.0.1", "h1,h2", "h1:5432,h2:x", "s3.eu-west-1.amazonaws.com@evil.com",
        "b\u00fccher.de", "xn--bcher-kva.de", "xn--zz", "ex%61mple.com", "a..b", "", "(host=h1)(port=1)",
        "address=(host=h1)(password=" + SECRET + ")", "[h1:1,h2:2]", "h\\inst", "tcp:h,1433", "h\t", "h\nx");
    Arbitrary<String> port = Arbitraries.of("", ":5432", ":0", ":65536", ":-1", ":99999999999", ": 1", ":1a");
    Arbitrary<String> tail = Arbitraries.of("/db", "", "/db?password=" + SECRET, ";password=" + SECRET,
        ";serverName=other;password=" + SECRET, "?user=u&password=" + SECRET + "&host=evil.com",
        ":SID", "/db?socksProxyHost=proxy.example.com", "/db#" + SECRET, ";serverName={x;password=" + SECRET);
    Arbitrary<String> junk = Arbitraries.strings().withChars("@:/;?#%[](){}=,\\\t\n. ").ofMaxLength(3);
    return Combinators.combine(prefix, user, host, port, tail, junk, Arbitraries.integers().between(0, 40))
        .as((p, u, h, po, t, j, at) -> {
          String url = p + u + h + po + t;
          int cut = Math.min(at, url.length());
          return url.substring(0, cut) + j + url.substring(cut);
        });
  }

  @Property(tries = 3000)
  void jdbcUrlsParseToNormalizedHostsOrFailWithoutRepeatingThePassword(@ForAll("jdbcUrls") String url) {
    List<Endpoint> endpoints;
    try {
      endpoints = Endpoints.parseAll(EndpointKind.JDBC, url);
    } catch (InvalidEndpointException e) {
      assertThat(e.getMessage()).as(url).doesNotContain(SECRET);
      return;
    }

    assertThat(endpoints).as(url).isNotEmpty();
    for (Endpoint e : endpoints) {
      assertThat(e.toString()).as(url).doesNotContain(SECRET);
      if (e.host() != null) {
        // No check that the host differs from the password: in "jdbc:redshift://Zq9SecretPw/@h/db" the
        // authority ends at '/', so the host really is "zq9secretpw" (found by a longer session).
        assertThat(HostNames.normalize(e.host())).as(url).isEqualTo(e.host());
      }
    }
  }

  @Provide
  Arbitrary<String> arns() {
    Arbitrary<String> partition = Arbitraries.of("aws", "aws-cn", "aws-us-gov", "aws-eusc", "awsx", "AWS", "", "aws-iso");
    Arbitrary<String> service = Arbitraries.of("s3", "bedrock", "s3-object-lambda", "iam", "", "S3");
    Arbitrary<String> region = Arbitraries.of("eu-west-1", "us-east-1", "cn-north-1", "eusc-de-east-1", "", "eu-west-99",
        "EU-WEST-1", "eu-west-1.evil.com", "eu_west_1", "xx-yy-1", "eu-west-1 ", "eu-west-1\u0000");
    Arbitrary<String> account = Arbitraries.of("", "123456789012", "eu-west-1", "x");
    Arbitrary<String> resource = Arbitraries.of("accesspoint/reports", "foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
        "inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "inference-profile/zz.anthropic.x-v1:0",
        "my-bucket", "", "accesspoint/x.mrap", "foundation-model/", "inference-profile/",
        "foundation-model/arn:aws:bedrock:eu-west-1::foundation-model/x", "application-inference-profile/abc");
    Arbitrary<String> junk = Arbitraries.strings().withChars(":/.-\u00e9 ").ofMaxLength(2);
    return Combinators.combine(partition, service, region, account, resource, junk, Arbitraries.integers().between(0, 60))
        .as((p, s, r, a, res, j, at) -> {
          String arn = "arn:" + p + ":" + s + ":" + r + ":" + a + ":" + res;
          int cut = Math.min(at, arn.length());
          return arn.substring(0, cut) + j + arn.substring(cut);
        });
  }

  @Property(tries = 2000)
  void arnsFailOnlyWithInvalidEndpointExceptionAndPlaceOnlyWellFormedProviderArns(@ForAll("arns") String arn) {
    Endpoint endpoint;
    try {
      endpoint = Endpoints.parseAll(null, arn).get(0);
    } catch (InvalidEndpointException e) {
      return;
    }

    Location l = PROVIDER.resolve(endpoint);

    if (!l.isUnknown() && l.region() != null && l.region().provider().startsWith("aws")) {
      // Placed in an AWS region: the ARN must be a real form in that region (or the partition-wide scope).
      // parseAll strips surrounding whitespace, as it does for every target.
      assertThat(arn.strip()).as(arn).matches("arn:aws(-cn|-us-gov|-eusc|-iso|-iso-b)?:(s3|bedrock)[a-z0-9-]*:[a-z0-9-]*:[^:]*:.+");
      String code = arn.strip().split(":", 6)[3];
      if (!code.isEmpty() && l.region().id().startsWith("aws:")) {
        assertThat(l.region().id()).as(arn).isEqualTo("aws:" + code);
      }
      if (!code.isEmpty() && l.region().id().startsWith("aws-bedrock:")) {
        // A geography profile is placed only when invoked from a Region of its geography.
        Region source = RegionCatalog.defaultCatalog().find("aws:" + code);
        assertThat(source).as(arn).isNotNull();
        assertThat(l.countries()).as(arn).containsAll(source.countries());
      }
    }
  }

  @Provide
  Arbitrary<String> modelIds() {
    Arbitrary<String> geo = Arbitraries.of("", "eu.", "us.", "apac.", "global.", "zz.", "EU.", "eu..", ".");
    Arbitrary<String> vendor = Arbitraries.of("anthropic", "amazon", "meta", "mistral", "evil", "anthropic.evil", "");
    Arbitrary<String> name = Arbitraries.of(".claude-3-haiku-20240307-v1:0", ".titan-text-express-v1", ".com", ".ai",
        ".claude-3-haiku-20240307-v1:0.evil.com", ".x:99999999999999999999", ".claude/../x", "", ".a-b:1:200k",
        ".claude-3@evil.com", ".claude-3:0\n");
    return Combinators.combine(geo, vendor, name).as((g, v, n) -> g + v + n);
  }

  @Property(tries = 1000)
  void bareModelIdsParseOrFailCleanlyAndNeverPlaceALookalike(@ForAll("modelIds") String id) {
    Endpoint endpoint;
    try {
      endpoint = Endpoints.parseAll(EndpointKind.LLM, id).get(0);
    } catch (InvalidEndpointException e) {
      return;
    }

    Location l = PROVIDER.resolve(endpoint);

    if (endpoint.host() != null) {
      // Read as a host: only a real provider domain may be placed.
      assertThat(l.isUnknown() || HostNames.isSameOrSubdomain(endpoint.host(), "amazonaws.com")
          || HostNames.isSameOrSubdomain(endpoint.host(), "mistral.ai")
          || HostNames.isSameOrSubdomain(endpoint.host(), "anthropic.com")).as(id).isTrue();
    }
  }

  /** Found by a longer session: a geography profile invoked from outside its geography reaches that Region first. */
  @ParameterizedTest
  @ValueSource(strings = {
      "arn:aws-cn:bedrock:cn-north-1::inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0",
      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0",
      "https://bedrock-runtime.us-east-1.amazonaws.com/model/eu.anthropic.claude-3-7-sonnet-20250219-v1:0/converse",
      "https://bedrock-runtime.us-east-1.amazonaws.com/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012"
          + "%3Ainference-profile%2Feu.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse",
      "https://bedrock-runtime.eu-west-1.amazonaws.com/model/us.anthropic.claude-3-5-haiku-20241022-v1:0/invoke",
  })
  void aGeographyProfileInvokedFromOutsideItsGeographyIsUnknown(String target) {
    Endpoint endpoint = Endpoints.parseAll(EndpointKind.LLM, target).get(0);

    Location l = PROVIDER.resolve(endpoint);

    assertThat(l.isUnknown()).as(String.valueOf(l)).isTrue();
  }

  /** Interesting inputs found while fuzzing; each must fail with InvalidEndpointException only. */
  @ParameterizedTest
  @ValueSource(strings = {
      "jdbc:postgresql://u:Zq9SecretPw@/db",
      "jdbc:postgresql://u:Zq9SecretPw@x@h/db",
      "jdbc:mysql://address=(host=h1)(password=Zq9SecretPw)(port=x)/db",
      "jdbc:sqlserver://h:1a;password=Zq9SecretPw",
      "jdbc:sqlserver://h;serverName={x;password=Zq9SecretPw",
      "jdbc:oracle:thin:@u:Zq9SecretPw@",
      "jdbc:postgresql://[::1/db?password=Zq9SecretPw",
      "jdbc:postgresql://h:99999999999/db?password=Zq9SecretPw",
      "jdbc:",
      "jdbc:residency:",
      "arn:aws:s3",
      "arn:aws:bedrock:eu-west-1.evil.com::foundation-model/x",
      "arn:aws:bedrock:eu-west-1\u0000::foundation-model/x",
      "arn:awsx:s3:eu-west-1:1:accesspoint/x",
  })
  void refusesBrokenTargetsWithoutRepeatingSecrets(String target) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> {
      List<Endpoint> endpoints = Endpoints.parseAll(null, target);
      for (Endpoint e : endpoints) {
        assertThat(e.toString()).doesNotContain(SECRET);
      }
    });

    if (thrown != null) {
      assertThat(thrown).isInstanceOf(InvalidEndpointException.class);
      assertThat(thrown.getMessage()).doesNotContain(SECRET);
    }
  }
}
