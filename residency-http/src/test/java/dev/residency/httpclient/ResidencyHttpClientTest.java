package dev.residency.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.residency.EndpointFact;
import dev.residency.Mode;
import dev.residency.Outcome;
import dev.residency.ReasonCode;
import dev.residency.RegionCatalog;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import dev.residency.httpclient.internal.GuardedHttpClient;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * The JDK client resolves names itself, so the tests use two names the system resolver knows:
 * {@code localhost}, declared in the EU, and {@code 127.0.0.1}, declared in the US.
 */
class ResidencyHttpClientTest {
  static final String EU = "localhost";
  static final String US = "127.0.0.1";

  @StartStop final MockWebServer server = new MockWebServer();
  @StartStop final MockWebServer other = new MockWebServer();

  final InMemoryAuditSink sink = AuditSinks.inMemory();
  final HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

  static ResidencyPolicy policy() {
    return ResidencyPolicy.builder()
        .allowJurisdictions("EU")
        .declareHost(EU, "aws:eu-central-1")
        .declareHost(US, "aws:us-east-1")
        .build();
  }

  ResidencyGuard guard(Mode mode) {
    return ResidencyGuard.builder(policy()).setAuditSink(sink).setMode(mode).build();
  }

  HttpClient client() {
    return ResidencyHttpClient.create(guard(Mode.ENFORCE)).wrap(plain);
  }

  static URI uri(MockWebServer s, String host, String path) {
    return s.url(path).newBuilder().host(host).build().uri();
  }

  static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).build();
  }

  List<String> decisions() {
    return sink.events().stream()
        .filter(e -> e.type() == AuditEvent.Type.DECISION)
        .map(e -> e.decision().endpoint().host() + "=" + e.decision().outcome())
        .collect(Collectors.toList());
  }

  @Test
  void decidesAnAzureDeploymentOnlyFromAPathItCanRead() throws Exception {
    ResidencyGuard azure = ResidencyGuard.builder(ResidencyPolicy.builder()
            .allowJurisdictions("EU")
            .addEndpoint(EndpointFact.host(EU, RegionCatalog.defaultCatalog().require("azure:swedencentral"))
                .deployment("gpt-4o", "Standard")
                .deployment("gpt-4o-global", "GlobalStandard")
                .build())
            .build())
        .setAuditSink(sink).build();
    HttpClient client = ResidencyHttpClient.create(azure).wrap(plain);
    String base = "http://" + EU + ":" + server.getPort();
    HttpRequest v1 = HttpRequest.newBuilder(URI.create(base + "/openai/v1/chat/completions"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-global\"}")).build();
    // java.net.http sends ".." as it is; a server that resolves it reaches gpt-4o-global.
    HttpRequest dotted = HttpRequest.newBuilder(URI.create(base + "/openai/deployments/gpt-4o/../gpt-4o-global/chat/completions"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    HttpRequest listing = get(URI.create(base + "/openai/models"));
    server.enqueue(new MockResponse.Builder().body("{\"data\":[]}").build());

    Throwable deniedV1 = catchThrowable(() -> client.send(v1, HttpResponse.BodyHandlers.ofString()));
    Throwable deniedDotted = catchThrowable(() -> client.send(dotted, HttpResponse.BodyHandlers.ofString()));
    HttpResponse<String> listed = client.send(listing, HttpResponse.BodyHandlers.ofString());

    assertThat(deniedV1).isInstanceOf(IOException.class);
    assertThat(ResidencyViolationException.find(deniedV1).decision().location().isUnknown()).isTrue();
    assertThat(deniedDotted).isInstanceOf(IOException.class);
    assertThat(ResidencyViolationException.find(deniedDotted).decision().location().isUnknown()).isTrue();
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void sendsAnAllowedRequestAndAuditsItOnce() throws Exception {
    server.enqueue(new MockResponse.Builder().body("hello").build());

    HttpResponse<String> response = client().send(get(uri(server, EU, "/a")), HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("hello");
    assertThat(decisions()).containsExactly(EU + "=ALLOW");
  }

  @Test
  void deniedRequestNeverReachesTheServer() {
    Throwable thrown = catchThrowable(() -> client().send(get(uri(server, US, "/")), HttpResponse.BodyHandlers.ofString()));

    assertThat(thrown).isInstanceOf(IOException.class);
    assertThat(ResidencyViolationException.find(thrown).decision().reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void blocksARedirectFromAnAllowedToADeniedHost() {
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", uri(other, US, "/stolen")).build());

    Throwable thrown = catchThrowable(() -> client().send(get(uri(server, EU, "/")), HttpResponse.BodyHandlers.ofString()));

    assertThat(ResidencyViolationException.find(thrown).decision().endpoint().host()).isEqualTo(US);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(other.getRequestCount()).isZero();
    assertThat(decisions()).containsExactly(EU + "=ALLOW", US + "=DENY");
  }

  @Test
  void followsAllowedRedirectsItselfKeepingTheMethodFor307() throws Exception {
    server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", uri(other, EU, "/next")).build());
    other.enqueue(new MockResponse.Builder().body("arrived").build());
    HttpRequest post = HttpRequest.newBuilder(uri(server, EU, "/start"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
        .build();

    HttpResponse<String> response = client().send(post, HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("arrived");
    assertThat(response.uri().getPath()).isEqualTo("/next");
    RecordedRequest second = other.takeRequest();
    assertThat(second.getMethod()).isEqualTo("POST");
    assertThat(second.getBody().utf8()).isEqualTo("{\"a\":1}");
    assertThat(decisions()).containsExactly(EU + "=ALLOW", EU + "=ALLOW");
  }

  @Test
  void turnsAPostIntoAGetOn303() throws Exception {
    server.enqueue(new MockResponse.Builder().code(303).setHeader("Location", "/result").build());
    server.enqueue(new MockResponse.Builder().body("done").build());
    HttpRequest post = HttpRequest.newBuilder(uri(server, EU, "/form"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build();

    HttpResponse<String> response = client().send(post, HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("done");
    server.takeRequest();
    assertThat(server.takeRequest().getMethod()).isEqualTo("GET");
  }

  @Test
  void returnsTheRedirectWhenTheClientNeverFollows() throws Exception {
    HttpClient never = ResidencyHttpClient.create(guard(Mode.ENFORCE)).wrap(HttpClient.newHttpClient());
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", uri(other, US, "/")).build());

    HttpResponse<String> response = never.send(get(uri(server, EU, "/")), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(other.getRequestCount()).isZero();
  }

  @Test
  void failsAfterTooManyRedirects() {
    HttpClient client = ResidencyHttpClient.builder(guard(Mode.ENFORCE)).setMaxRedirects(1).build().wrap(plain);
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/1").build());
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/2").build());

    Throwable thrown = catchThrowable(() -> client.send(get(uri(server, EU, "/")), HttpResponse.BodyHandlers.ofString()));

    assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("too many redirects");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void failsTheFutureOfADeniedAsyncRequest() {
    CompletableFuture<HttpResponse<String>> future =
        client().sendAsync(get(uri(server, US, "/")), HttpResponse.BodyHandlers.ofString());

    Throwable thrown = catchThrowable(() -> future.get(10, TimeUnit.SECONDS));

    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isInstanceOf(IOException.class);
    assertThat(ResidencyViolationException.find(thrown).decision().outcome()).isEqualTo(Outcome.DENY);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void blocksADeniedRedirectOnAnAsyncRequest() {
    server.enqueue(new MockResponse.Builder().code(301).setHeader("Location", uri(other, US, "/")).build());

    Throwable thrown = catchThrowable(() -> client()
        .sendAsync(get(uri(server, EU, "/")), HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS));

    assertThat(ResidencyViolationException.find(thrown).decision().endpoint().host()).isEqualTo(US);
    assertThat(other.getRequestCount()).isZero();
  }

  @Test
  void completesAnAllowedAsyncRequest() throws Exception {
    server.enqueue(new MockResponse.Builder().body("async").build());

    HttpResponse<String> response = client()
        .sendAsync(get(uri(server, EU, "/")), HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);

    assertThat(response.body()).isEqualTo("async");
  }

  @Test
  void reportOnlyLetsADeniedRequestThroughAndAuditsIt() throws Exception {
    HttpClient client = ResidencyHttpClient.create(guard(Mode.REPORT_ONLY)).wrap(plain);
    server.enqueue(new MockResponse.Builder().body("ok").build());

    HttpResponse<String> response = client.send(get(uri(server, US, "/")), HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("ok");
    assertThat(decisions()).containsExactly(US + "=DENY");
    assertThat(sink.events().get(0).decision().isBlocking()).isFalse();
  }

  @Test
  void refusesABodyToADestinationThatRequiresMasking() {
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder()
            .allowJurisdictions("EU")
            .allowMaskedJurisdictions("US")
            .declareHost(US, "aws:us-east-1")
            .build())
        .setAuditSink(sink).build();
    HttpClient client = ResidencyHttpClient.create(guard).wrap(plain);
    HttpRequest post = HttpRequest.newBuilder(uri(server, US, "/"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"alice@example.com\"}")).build();

    Throwable thrown = catchThrowable(() -> client.send(post, HttpResponse.BodyHandlers.ofString()));

    assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("cannot be masked");
    assertThat(ResidencyViolationException.find(thrown).decision().outcome()).isEqualTo(Outcome.ALLOW_MASKED);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void deniesAProxyOutsideTheAllowedRegions() {
    HttpClient proxied = HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress(US, server.getPort())))
        .build();
    HttpClient client = ResidencyHttpClient.create(guard(Mode.ENFORCE)).wrap(proxied);

    Throwable thrown = catchThrowable(() -> client.send(get(uri(other, EU, "/")), HttpResponse.BodyHandlers.ofString()));

    assertThat(ResidencyViolationException.find(thrown).decision().endpoint().host()).isEqualTo(US);
    assertThat(server.getRequestCount()).isZero();
    assertThat(other.getRequestCount()).isZero();
  }

  @Test
  void failsTheWebSocketFutureForADeniedHost() {
    WebSocket.Builder builder = client().newWebSocketBuilder();

    CompletableFuture<WebSocket> future = builder.buildAsync(
        URI.create("ws://" + US + ":" + server.getPort() + "/chat"), new WebSocket.Listener() {});

    assertThat(future).isCompletedExceptionally();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void forwardsGettersToTheOriginalClient() {
    HttpClient wrapped = client();

    assertThat(wrapped.followRedirects()).isEqualTo(HttpClient.Redirect.NORMAL);
    assertThat(wrapped.version()).isEqualTo(plain.version());
    assertThat(wrapped.sslContext()).isSameAs(plain.sslContext());
    assertThat(wrapped.connectTimeout()).isEqualTo(plain.connectTimeout());
    assertThat(ResidencyHttpClient.create(guard(Mode.ENFORCE)).wrap(wrapped)).isSameAs(wrapped);
  }

  /** Fails when a JDK adds an overridable HttpClient method the wrapper does not forward. */
  @Test
  void overridesEveryOverridableMethodOfHttpClient() {
    List<String> missing = new ArrayList<>();

    for (Method m : HttpClient.class.getDeclaredMethods()) {
      int mod = m.getModifiers();
      if (Modifier.isStatic(mod) || Modifier.isFinal(mod) || Modifier.isPrivate(mod) || m.isSynthetic()) {
        continue;
      }
      try {
        GuardedHttpClient.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
      } catch (NoSuchMethodException e) {
        missing.add(m.toString());
      }
    }

    assertThat(missing).isEmpty();
  }
}
