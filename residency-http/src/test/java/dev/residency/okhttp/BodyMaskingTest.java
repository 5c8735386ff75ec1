package dev.residency.okhttp;

import static dev.residency.okhttp.TestGuards.EU;
import static dev.residency.okhttp.TestGuards.US;
import static dev.residency.okhttp.TestGuards.guard;
import static dev.residency.okhttp.TestGuards.loopbackDns;
import static dev.residency.okhttp.TestGuards.maskings;
import static dev.residency.okhttp.TestGuards.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.Mode;
import dev.residency.Outcome;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import dev.residency.mask.MaskingSettings;
import dev.residency.mask.MaskingSettings.FieldRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class BodyMaskingTest {
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  static final String NESTED =
      "{\"order\":{\"id\":42,\"customer\":{\"name\":\"Alice\",\"contact\":{\"email\":\"alice@example.com\"}}},"
          + "\"cc\":[\"bob@example.org\",\"no personal data\"],\"note\":\"write to carol@example.net, thanks\"}";

  @StartStop final MockWebServer server = new MockWebServer();

  final InMemoryAuditSink sink = AuditSinks.inMemory();
  final OkHttpClient plain = new OkHttpClient.Builder().dns(loopbackDns()).build();
  final ObjectMapper mapper = new ObjectMapper();

  HttpUrl url(String host) {
    return server.url("/orders").newBuilder().host(host).build();
  }

  static void post(OkHttpClient client, HttpUrl url, RequestBody body) throws IOException {
    try (Response r = client.newCall(new Request.Builder().url(url).post(body).build()).execute()) {
      r.body().string();
    }
  }

  @Test
  void masksNestedValuesKeepingTheJsonValidAndTheContentLengthRight() throws Exception {
    ResidencyGuard guard = guard(policy().build(), sink);
    OkHttpClient client = ResidencyOkHttp.builder(guard).setMaskJsonBodies(true).build().wrap(plain);
    server.enqueue(new MockResponse.Builder().build());

    post(client, url(EU), RequestBody.create(NESTED, JSON));

    RecordedRequest recorded = server.takeRequest();
    String sent = recorded.getBody().string(StandardCharsets.UTF_8);
    JsonNode tree = mapper.readTree(sent);
    assertThat(sent).doesNotContain("alice@example.com", "bob@example.org", "carol@example.net");
    assertThat(tree.at("/order/id").asInt()).isEqualTo(42);
    assertThat(tree.at("/order/customer/contact/email").isTextual()).isTrue();
    assertThat(tree.at("/cc/1").asText()).isEqualTo("no personal data");
    assertThat(recorded.getHeaders().get("Content-Length"))
        .isEqualTo(String.valueOf(sent.getBytes(StandardCharsets.UTF_8).length));
    assertThat(maskings(sink)).containsExactly(Map.of("EMAIL:redact", 3));
  }

  @Test
  void masksTheBodyWhenTheDecisionIsAllowMasked() throws Exception {
    ResidencyGuard guard = guard(policy().allowMaskedJurisdictions("US").build(), sink);
    OkHttpClient client = ResidencyOkHttp.create(guard).wrap(plain);
    server.enqueue(new MockResponse.Builder().build());

    post(client, url(US), RequestBody.create(NESTED, JSON));

    String sent = server.takeRequest().getBody().string(StandardCharsets.UTF_8);
    assertThat(sent).doesNotContain("alice@example.com");
    assertThat(mapper.readTree(sent).at("/order/id").asInt()).isEqualTo(42);
    assertThat(sink.events().get(0).decision().outcome()).isEqualTo(Outcome.ALLOW_MASKED);
  }

  @Test
  void leavesBodiesAloneWhenTheDecisionIsAllowAndMaskingIsOff() throws Exception {
    OkHttpClient client = ResidencyOkHttp.create(guard(policy().build(), sink)).wrap(plain);
    server.enqueue(new MockResponse.Builder().build());

    post(client, url(EU), RequestBody.create(NESTED, JSON));

    assertThat(server.takeRequest().getBody().string(StandardCharsets.UTF_8)).isEqualTo(NESTED);
    assertThat(maskings(sink)).isEmpty();
  }

  @Test
  void refusesToSendABodyItCannotMaskWhenMaskingIsRequired() {
    ResidencyGuard guard = guard(policy().allowMaskedJurisdictions("US").build(), sink);
    OkHttpClient client = ResidencyOkHttp.create(guard).wrap(plain);
    RequestBody binary = RequestBody.create("alice@example.com".getBytes(StandardCharsets.UTF_8),
        MediaType.get("application/octet-stream"));

    Throwable thrown = catchThrowable(() -> post(client, url(US), binary));

    assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("cannot be masked");
    assertThat(ResidencyViolationException.find(thrown).decision().outcome()).isEqualTo(Outcome.ALLOW_MASKED);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void reportOnlySendsABodyItCannotMaskAsItIs() throws Exception {
    ResidencyGuard guard = guard(policy().allowMaskedJurisdictions("US").build(), sink, Mode.REPORT_ONLY);
    OkHttpClient client = ResidencyOkHttp.create(guard).wrap(plain);
    server.enqueue(new MockResponse.Builder().build());

    post(client, url(US), RequestBody.create(new byte[] {1, 2, 3}, MediaType.get("application/octet-stream")));

    assertThat(server.takeRequest().getBody().size()).isEqualTo(3);
  }

  @Test
  void leavesNonJsonBodiesAloneWhenMaskingIsOptional() throws Exception {
    OkHttpClient client = ResidencyOkHttp.builder(guard(policy().build(), sink)).setMaskJsonBodies(true).build()
        .wrap(plain);
    server.enqueue(new MockResponse.Builder().build());

    post(client, url(EU), RequestBody.create("a=alice@example.com", MediaType.get("application/x-www-form-urlencoded")));

    assertThat(server.takeRequest().getBody().string(StandardCharsets.UTF_8)).isEqualTo("a=alice@example.com");
  }

  @Test
  void masksFieldsNamedByRulesAndPointers() throws Exception {
    MaskingSettings masking = MaskingSettings.builder()
        .addRule(FieldRule.of(FieldRule.Target.FIELD, "name", "redact"))
        .addRule(FieldRule.of(FieldRule.Target.POINTER, "/order/id", "redact"))
        .build();
    ResidencyGuard guard = guard(policy().setMasking(masking).build(), sink);
    OkHttpClient client = ResidencyOkHttp.builder(guard).setMaskJsonBodies(true).build().wrap(plain);
    server.enqueue(new MockResponse.Builder().build());

    post(client, url(EU), RequestBody.create(NESTED, JSON));

    String sent = server.takeRequest().getBody().string(StandardCharsets.UTF_8);
    JsonNode tree = mapper.readTree(sent);
    assertThat(sent).doesNotContain("Alice", "alice@example.com");
    assertThat(tree.at("/order/id").asText()).isNotEqualTo("42");
  }

  @Test
  void refusesToSendABodyDeclaredAsJsonThatIsNotJson() {
    ResidencyGuard guard = guard(policy().build(), sink);
    OkHttpClient client = ResidencyOkHttp.builder(guard).setMaskJsonBodies(true).build().wrap(plain);

    Throwable thrown = catchThrowable(() -> post(client, url(EU), RequestBody.create("{\"a\": alice@example.com", JSON)));

    assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("not valid JSON");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void sendsAnEmptyOrBlankJsonBodyAsItIsEvenWhenMaskingIsRequired() throws Exception {
    ResidencyGuard guard = guard(policy().allowMaskedJurisdictions("US").build(), sink);
    OkHttpClient client = ResidencyOkHttp.builder(guard).setMaskJsonBodies(true).build().wrap(plain);
    server.enqueue(new MockResponse.Builder().build());
    server.enqueue(new MockResponse.Builder().build());

    post(client, url(US), RequestBody.create("", JSON));
    post(client, url(US), RequestBody.create(" \n", JSON));

    assertThat(server.takeRequest().getBody().size()).isZero();
    assertThat(server.takeRequest().getBody().string(StandardCharsets.UTF_8)).isEqualTo(" \n");
    assertThat(maskings(sink)).isEmpty();
  }
}
