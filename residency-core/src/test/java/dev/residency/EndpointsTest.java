package dev.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.residency.internal.HostNames;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointsTest {

  static Stream<Arguments> urls() {
    return Stream.of(
        Arguments.of("https://s3.eu-west-1.amazonaws.com/bucket/key", "s3.eu-west-1.amazonaws.com", 443),
        Arguments.of("HTTPS://S3.EU-WEST-1.AMAZONAWS.COM./", "s3.eu-west-1.amazonaws.com", 443),
        Arguments.of("http://example.com", "example.com", 80),
        Arguments.of("http://example.com:8080/x", "example.com", 8080),
        Arguments.of("http://example.com:0080/x", "example.com", 80),
        Arguments.of("wss://example.com/socket", "example.com", 443),
        Arguments.of("ws://example.com/socket", "example.com", 80),
        Arguments.of("ftp://example.com/", "example.com", -1),
        Arguments.of("https://example.com?q=1", "example.com", 443),
        Arguments.of("https://example.com#frag", "example.com", 443),
        // userinfo: the host is what the client connects to, after the single '@'
        Arguments.of("https://s3.eu-west-1.amazonaws.com@evil.com/", "evil.com", 443),
        Arguments.of("https://user:pw@evil.com:8443/", "evil.com", 8443),
        Arguments.of("https://s3.amazonaws.com:443@evil.com/", "evil.com", 443),
        Arguments.of("https://s3.amazonaws.com%2F@evil.com/", "evil.com", 443),
        Arguments.of("https://evil.com;@s3.eu-west-1.amazonaws.com/", "s3.eu-west-1.amazonaws.com", 443),
        Arguments.of("https://@example.com/", "example.com", 443),
        // a provider host only in the path, query or fragment is not the host
        Arguments.of("https://evil.com/s3.eu-west-1.amazonaws.com", "evil.com", 443),
        Arguments.of("https://evil.com/?u=https://s3.eu-west-1.amazonaws.com/", "evil.com", 443),
        Arguments.of("https://evil.com?@s3.eu-west-1.amazonaws.com/", "evil.com", 443),
        Arguments.of("https://evil.com#@s3.eu-west-1.amazonaws.com", "evil.com", 443),
        Arguments.of("https://evil.com/@s3.eu-west-1.amazonaws.com", "evil.com", 443),
        // suffix-append stays the attacker's host
        Arguments.of("https://s3.eu-west-1.amazonaws.com.evil.com/", "s3.eu-west-1.amazonaws.com.evil.com", 443),
        Arguments.of("https://s3.eu-west-1.amazonaws.com\u3002evil.com/", "s3.eu-west-1.amazonaws.com.evil.com", 443),
        // IDN and homoglyphs
        Arguments.of("https://b\u00fccher.de/", "xn--bcher-kva.de", 443),
        Arguments.of("https://s3\u3002eu-west-1\uff0eamazonaws\uff61com/", "s3.eu-west-1.amazonaws.com", 443),
        Arguments.of("https://\u0430mazonaws.com/", "xn--mazonaws-06g.com", 443),
        // IP literals
        Arguments.of("http://2130706433/", "127.0.0.1", 80),
        Arguments.of("http://127.1/", "127.0.0.1", 80),
        Arguments.of("http://[::1]:8080/", "::1", 8080),
        Arguments.of("http://[::ffff:127.0.0.1]/", "127.0.0.1", 80),
        Arguments.of("http://[2001:DB8::0:1]/", "2001:db8::1", 80),
        Arguments.of("http://user@[::1]:81/", "::1", 81));
  }

  @ParameterizedTest
  @MethodSource("urls")
  void urlHostIsWhereTheClientConnects(String url, String host, int port) {

    Endpoint endpoint = Endpoints.parseUrl(EndpointKind.HTTP, url);

    assertThat(endpoint.host()).isEqualTo(host);
    assertThat(endpoint.port()).isEqualTo(port);
  }

  @ParameterizedTest
  @MethodSource("urls")
  void parseAllAgreesWithParseUrl(String url, String host, int port) {

    List<Endpoint> endpoints = Endpoints.parseAll(EndpointKind.HTTP, url);

    assertThat(endpoints).singleElement().isEqualTo(Endpoints.parseUrl(EndpointKind.HTTP, url));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://s3.eu-west-1.amazonaws.com.evil.com/",
      "https://s3.eu-west-1.amazonaws.com@evil.com/",
      "https://evil.com/s3.eu-west-1.amazonaws.com",
      "https://evil.com/?h=s3.eu-west-1.amazonaws.com",
      "https://evil.com#s3.eu-west-1.amazonaws.com",
      "https://evilamazonaws.com/",
      "https://amazonaws.com.evil.com/",
      "https://\u0430mazonaws.com/",
      "https://amazonaws.c\u043em/",
  })
  void aProviderLookalikeIsNeverTheProvider(String url) {

    Endpoint endpoint = Endpoints.parseUrl(EndpointKind.HTTP, url);

    assertThat(HostNames.isSameOrSubdomain(endpoint.host(), "amazonaws.com")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // several '@', backslashes, percent-encoding, control characters
      "https://a@b@evil.com/",
      "https://s3.amazonaws.com@evil.com@s3.amazonaws.com/",
      "https://evil.com\\@s3.eu-west-1.amazonaws.com/",
      "https://evil.com\\s3.eu-west-1.amazonaws.com/",
      "https://s3.eu-west-1.amazonaws.com\\.evil.com/",
      "https://example.com/a\\b",
      "https://evil%2ecom/",
      "https://s3.eu-west-1.amazonaws.com%2F.evil.com/",
      "https://s3.eu-west-1.amazonaws.com%00.evil.com/",
      "https://s3.eu-west-1.amazonaws.com%2523.evil.com/",
      "https://evil.com\u0000.s3.eu-west-1.amazonaws.com/",
      "https://example.com/\u0000",
      "https://exa\tmple.com/",
      "https://example.com\r\n/",
      "https://example.com/\u007f",
      "https://exa mple.com/",
      // empty labels, empty host, malformed punycode, invisible and mapped-to-dot characters
      "https://example..com/",
      "https://.example.com/",
      "https:///example.com",
      "https://",
      "https://:443/",
      "https://user@/",
      "https://xn--zz.com/",
      "https://xn--.com/",
      "https://ama\u00adzonaws.com/",
      "https://s3.amazonaws\u2024com/",
      "https://fa\u00df.de/",
      // ports
      "https://example.com:/",
      "https://example.com:65536/",
      "https://example.com:-1/",
      "https://example.com:+443/",
      "https://example.com:443:443/",
      "https://example.com:\uff14\uff14\uff13/",
      "https://example.com:0x1bb/",
      // IP literals
      "http://1.2.3.4.5/",
      "http://256.0.0.1/",
      "http://08.0.0.1/",
      "http://0177.0.0.1/",
      "http://0x7f.1/",
      "http://0x7f000001/",
      "http://[::1/",
      "http://[::1]x/",
      "http://[fe80::1%25eth0]/",
      "http://[1.2.3.4::]/",
      "http://::1/",
      // dot segments would put different regions in front of the provider rules
      "https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/../europe-west4/x",
      "https://example.com/a/./b",
      "https://example.com/%2e%2E/b",
      "https://example.com/..",
      // not a URL
      "example.com/path",
      "1http://example.com/",
      "ht tp://example.com/",
  })
  void refusesWhatCannotBeParsedSafely(String target) {

    Throwable thrown = catchThrowable(() -> Endpoints.parseAll(EndpointKind.HTTP, target));

    assertThat(thrown).isInstanceOf(InvalidEndpointException.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "https://admin:Sup3rS3cret@a@b.com/?token=T0ken | Sup3rS3cret,T0ken,admin",
      "https://admin:Sup3rS3cret@evil..com/?token=T0ken | Sup3rS3cret,T0ken,admin",
      "https://admin:Sup3rS3cret@evil.com:99999/?token=T0ken | Sup3rS3cret,T0ken,admin",
      "https://admin:Sup3rS3cret@evil.com\\x/?token=T0ken | Sup3rS3cret,T0ken,admin",
      "https://admin:Sup3rS3cret@evil.com/../?token=T0ken | Sup3rS3cret,T0ken,admin",
      "https://admin:Sup3rS3cret@evil%2ecom/?token=T0ken | Sup3rS3cret,T0ken,admin",
      "jdbc:postgresql://admin:Sup3rS3cret@h:x/db?password=Sup3rS3cret | Sup3rS3cret,admin",
      "admin:Sup3rS3cret@evil.com | Sup3rS3cret,admin",
      "s3://admin:Sup3rS3cret@bucket | Sup3rS3cret,admin",
      "arn:aws:s3:Sup3rS3cret | Sup3rS3cret",
  })
  void errorMessagesNeverRepeatUserinfoOrQuery(String target, String secrets) {

    Throwable thrown = catchThrowable(() -> Endpoints.parseAll(null, target));

    assertThat(thrown).isInstanceOf(InvalidEndpointException.class);
    for (String secret : secrets.split(",")) {
      assertThat(thrown.getMessage()).doesNotContain(secret.strip());
    }
    assertThat(thrown.getMessage()).doesNotContainIgnoringCase("password");
  }

  @Test
  void keepsThePathButNotTheQueryOrFragment() {

    Endpoint endpoint = Endpoints.parseUrl(EndpointKind.LLM,
        "https://bedrock-runtime.eu-central-1.amazonaws.com/model/eu.anthropic.claude-3-7-sonnet-20250219-v1:0/invoke?x=1#f");

    assertThat(endpoint.path()).isEqualTo("/model/eu.anthropic.claude-3-7-sonnet-20250219-v1:0/invoke");
    assertThat(Endpoints.parseUrl(EndpointKind.HTTP, "https://example.com").path()).isEqualTo("/");
    assertThat(Endpoints.parseUrl(EndpointKind.HTTP, "https://example.com?a=/b").path()).isEqualTo("/");
    assertThat(Endpoints.parseUrl(EndpointKind.HTTP, "https://example.com/a..b/...").path()).isEqualTo("/a..b/...");
  }

  static Stream<Arguments> bareHosts() {
    return Stream.of(
        Arguments.of("example.com", "example.com", -1),
        Arguments.of("Example.COM.", "example.com", -1),
        Arguments.of("example.com:5432", "example.com", 5432),
        Arguments.of("10.0.0.1:80", "10.0.0.1", 80),
        Arguments.of("2130706433", "127.0.0.1", -1),
        Arguments.of("::1", "::1", -1),
        Arguments.of("2001:db8::1", "2001:db8::1", -1),
        Arguments.of("[::1]:5432", "::1", 5432),
        Arguments.of("  example.com  ", "example.com", -1),
        // not Bedrock model ids, despite a vendor name in front
        Arguments.of("openai.com", "openai.com", -1),
        Arguments.of("mistral.ai", "mistral.ai", -1),
        Arguments.of("amazon.de", "amazon.de", -1));
  }

  @ParameterizedTest
  @MethodSource("bareHosts")
  void parsesBareHosts(String target, String host, int port) {

    Endpoint endpoint = Endpoint.parse(null, target);

    assertThat(endpoint.host()).isEqualTo(host);
    assertThat(endpoint.port()).isEqualTo(port);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "evil.com@s3.amazonaws.com", "evil.com/x", "evil.com\\x", "evil.com:",
      "evil.com:http", "[::1]:", "[::1", "evil.com#s3.amazonaws.com", "evil.com?x", "a..b", "1.2.3.4.5"})
  void refusesMalformedBareHosts(String target) {

    assertThatThrownBy(() -> Endpoint.parse(EndpointKind.HTTP, target)).isInstanceOf(InvalidEndpointException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "s3://my-bucket/key/x, S3, my-bucket",
    "S3://my.bucket.name, S3, my.bucket.name",
    "gs://my_bucket/obj, GCS, my_bucket",
    "gs://eu-data, GCS, eu-data",
  })
  void bucketUrisNameTheBucket(String uri, EndpointKind kind, String bucket) {

    Endpoint endpoint = Endpoint.parse(null, uri);

    assertThat(endpoint.kind()).isEqualTo(kind);
    assertThat(endpoint.host()).isNull();
    assertThat(endpoint.resource()).isEqualTo(bucket);
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3://", "s3://a", "s3://Bucket", "s3://-bucket", "s3://bucket-", "s3://user@bucket",
      "s3://bucket:443", "s3://bu\u0000cket", "s3://b%75cket", "gs://bucket\\x", "gs://evil.com@bucket"})
  void refusesMalformedBuckets(String uri) {

    assertThatThrownBy(() -> Endpoint.parse(null, uri)).isInstanceOf(InvalidEndpointException.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "arn:aws:s3:::my-bucket | S3",
      "arn:aws:s3:eu-west-1:123456789012:accesspoint/my-ap | S3",
      "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap | S3",
      "arn:aws-cn:s3:::my-bucket | S3",
      "arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0 | LLM",
      "arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0 | LLM",
      "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123 | LLM",
  })
  void arnsKeepTheWholeArnAsResource(String arn, EndpointKind kind) {

    Endpoint endpoint = Endpoint.parse(null, arn);

    assertThat(endpoint.kind()).isEqualTo(kind);
    assertThat(endpoint.host()).isNull();
    assertThat(endpoint.resource()).isEqualTo(arn);
  }

  @ParameterizedTest
  @ValueSource(strings = {"arn:", "arn:aws", "arn:aws:s3", "arn:aws:s3:::", "arn::s3:::b", "arn:evil:s3:::b",
      "arn:aws:s3:EU-WEST-1::b", "arn:aws:s3:eu west 1::b", "arn:aws:s3:::b\u0000", "arn:aws:s3:::b c",
      "arn:aws:bedrock:eu-central-1::foundation-model/\u0430nthropic.claude"})
  void refusesMalformedArns(String arn) {

    assertThatThrownBy(() -> Endpoint.parse(null, arn)).isInstanceOf(InvalidEndpointException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"anthropic.claude-3-5-sonnet-20240620-v1:0", "eu.anthropic.claude-3-7-sonnet-20250219-v1:0",
      "us.amazon.nova-pro-v1:0", "apac.meta.llama3-2-90b-instruct-v1:0", "global.anthropic.claude-sonnet-4-20250514-v1:0",
      "amazon.titan-text-express-v1", "cohere.embed-english-v3", "mistral.mistral-large-2402-v1:0",
      "us-gov.anthropic.claude-3-haiku-20240307-v1:0", "amazon.titan-embed-text-v2:0:8k"})
  void bareBedrockModelIdsAreLlmResources(String id) {

    Endpoint guessed = Endpoint.parse(null, id);
    Endpoint explicit = Endpoint.parse(EndpointKind.LLM, id);

    assertThat(guessed.kind()).isEqualTo(EndpointKind.LLM);
    assertThat(guessed.host()).isNull();
    assertThat(guessed.resource()).isEqualTo(id);
    assertThat(explicit).isEqualTo(guessed);
  }

  @Test
  void aModelIdGivenAsAnotherKindIsReadAsHostAndPort() {

    Endpoint endpoint = Endpoint.parse(EndpointKind.HTTP, "anthropic.claude-3-haiku-20240307-v1:0");

    assertThat(endpoint.resource()).isNull();
    assertThat(endpoint.host()).isEqualTo("anthropic.claude-3-haiku-20240307-v1");
    assertThat(endpoint.port()).isZero();
  }

  @ParameterizedTest
  @CsvSource({
    "jdbc:postgresql://h/db, JDBC",
    "s3://bucket, S3",
    "gs://bucket, GCS",
    "arn:aws:s3:::bucket, S3",
    "arn:aws:bedrock:eu-central-1::foundation-model/x, LLM",
    "https://bedrock-runtime.eu-central-1.amazonaws.com/, LLM",
    "https://europe-west4-aiplatform.googleapis.com/, LLM",
    "https://api.openai.com/v1/chat/completions, LLM",
    "https://myres.openai.azure.com/, LLM",
    "https://api.anthropic.com/v1/messages, LLM",
    "https://my-bucket.s3.eu-west-1.amazonaws.com/key, S3",
    "https://s3.eu-west-1.amazonaws.com/bucket, S3",
    "https://storage.googleapis.com/bucket, GCS",
    "https://bedrock-runtime.eu-central-1.amazonaws.com./, LLM",
    "https://generativelanguage.googleapis.com/v1beta/models, LLM",
    "https://api.mistral.ai/v1/chat/completions, LLM",
    "https://evilmistral.ai/, HTTP",
    "https://bedrock.evil.com/, HTTP",
    "https://evil-aiplatform.googleapis.com.evil.com/, HTTP",
    "https://evilapi.anthropic.com/, HTTP",
    "https://storage.evilgoogleapis.com/, HTTP",
    "https://storage.googleapis.com.evil.com/, HTTP",
    "https://api.openai.com@evil.com/, HTTP",
    "https://example.com/, HTTP",
    "example.com, HTTP",
    "openai.com, HTTP",
  })
  void guessesTheKindFromTheForm(String target, EndpointKind kind) {

    assertThat(Endpoints.guessKind(target)).isEqualTo(kind);
  }

  @Test
  void jdbcUrlsGiveOneEndpointPerHostAndParseRefusesSeveral() {

    List<Endpoint> all = Endpoints.parseAll(null, "jdbc:postgresql://h1,h2/db");

    assertThat(all).extracting(Endpoint::host).containsExactly("h1", "h2");
    assertThatThrownBy(() -> Endpoint.parse(null, "jdbc:postgresql://h1,h2/db"))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageNotContaining("h1");
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "1, 1", "443, 443", "00443, 443", "65535, 65535"})
  void parsesPorts(String text, int port) {

    assertThat(Endpoints.parsePort(text)).isEqualTo(port);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "65536", "99999", "000443", "-1", "+1", " 1", "1 ", "0x1", "\uff11", "\u0661", "1e3"})
  void refusesMalformedPorts(String text) {

    assertThatThrownBy(() -> Endpoints.parsePort(text)).isInstanceOf(InvalidEndpointException.class);
  }

  @Test
  void normalizedEndpointsAreEqualCacheKeys() {

    Endpoint a = Endpoints.parseUrl(EndpointKind.HTTP, "https://S3.EU-WEST-1.amazonaws.com.:443/x");
    Endpoint b = Endpoints.parseUrl(EndpointKind.HTTP, "https://s3\u3002eu-west-1.amazonaws.com/x");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.toString()).isEqualTo("HTTP s3.eu-west-1.amazonaws.com:443");
  }

  @Test
  void toStringNeverShowsPathOrAttributes() {

    Endpoint e = Endpoint.builder(EndpointKind.HTTP).host("[::1]").port(80).path("/secret").attribute("k", "v").build();

    assertThat(e.toString()).isEqualTo("HTTP [::1]:80").doesNotContain("secret");
  }
}
