package dev.residency.okhttp;

import static dev.residency.okhttp.TestGuards.EU;
import static dev.residency.okhttp.TestGuards.EU2;
import static dev.residency.okhttp.TestGuards.PROXY_EU;
import static dev.residency.okhttp.TestGuards.PROXY_US;
import static dev.residency.okhttp.TestGuards.US;
import static dev.residency.okhttp.TestGuards.decisions;
import static dev.residency.okhttp.TestGuards.guard;
import static dev.residency.okhttp.TestGuards.loopbackDns;
import static dev.residency.okhttp.TestGuards.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residency.Mode;
import dev.residency.Outcome;
import dev.residency.ReasonCode;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class ResidencyOkHttpTest {
  @StartStop final MockWebServer server = new MockWebServer();
  @StartStop final MockWebServer other = new MockWebServer();

  final InMemoryAuditSink sink = AuditSinks.inMemory();
  final OkHttpClient plain = new OkHttpClient.Builder().dns(loopbackDns()).build();

  HttpUrl url(MockWebServer s, String host, String path) {
    return s.url(path).newBuilder().host(host).build();
  }

  /** The plain client, resolving to loopback and noting each host it is asked to look up. */
  OkHttpClient recordingLookups(List<String> lookups) {
    return plain.newBuilder().dns(h -> {
      lookups.add(h);
      return loopbackDns().lookup(h);
    }).build();
  }

  static String get(OkHttpClient client, HttpUrl url) throws IOException {
    try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return r.code() + " " + r.body().string();
    }
  }

  @Test
  void letsAnAllowedRequestThroughAndAuditsItOnce() throws Exception {
    OkHttpClient client = ResidencyOkHttp.create(guard(policy().build(), sink)).wrap(plain);
    server.enqueue(new MockResponse.Builder().body("hello").build());

    String body = get(client, url(server, EU, "/greeting"));

    assertThat(body).isEqualTo("200 hello");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(decisions(sink)).containsExactly(EU + "=ALLOW");
  }

  @Test
  void deniedRequestNeverReachesTheServer() {
    OkHttpClient client = ResidencyOkHttp.create(guard(policy().build(), sink)).wrap(plain);

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> get(client, url(server, US, "/x")));

    assertThat(thrown).isInstanceOf(IOException.class);
    ResidencyViolationException v = ResidencyViolationException.find(thrown);
    assertThat(v).isNotNull();
    assertThat(v.decision().reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
    assertThat(v.decision().endpoint().host()).isEqualTo(US);
    assertThat(server.getRequestCount()).isZero();
    assertThat(decisions(sink)).containsExactly(US + "=DENY");
  }

  @Test
  void deniesAnUnknownHostBeforeAnyDnsLookup() {
    List<String> lookups = new java.util.concurrent.CopyOnWriteArrayList<>();
    OkHttpClient recording = recordingLookups(lookups);
    OkHttpClient client = ResidencyOkHttp.create(guard(policy().build(), sink)).wrap(recording);

    assertThatThrownBy(() -> get(client, url(server, "unknown.example", "/"))).isInstanceOf(IOException.class);

    assertThat(lookups).isEmpty();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void blocksARedirectFromAnAllowedToADeniedHost() {
    OkHttpClient client = ResidencyOkHttp.create(guard(policy().build(), sink)).wrap(plain);
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", url(other, US, "/stolen")).build());

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> get(client, url(server, EU, "/start")));

    assertThat(ResidencyViolationException.find(thrown).decision().endpoint().host()).isEqualTo(US);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(other.getRequestCount()).isZero();
    assertThat(decisions(sink)).containsExactly(EU + "=ALLOW", US + "=DENY");
  }

  @Test
  void neverLooksUpOrConnectsToADeniedRedirectTarget() throws Exception {
    List<String> lookups = new java.util.concurrent.CopyOnWriteArrayList<>();
    OkHttpClient recording = recordingLookups(lookups);
    OkHttpClient client = ResidencyOkHttp.create(guard(policy().build(), sink)).wrap(recording);
    try (java.net.ServerSocket denied = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      denied.setSoTimeout(300);
      HttpUrl target = new HttpUrl.Builder().scheme("http").host(US).port(denied.getLocalPort()).encodedPath("/stolen").build();
      server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", target).build());

      Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> get(client, url(server, EU, "/start")));

      assertThat(thrown).isInstanceOf(UnknownHostException.class);
      assertThat(ResidencyViolationException.find(thrown).decision().endpoint().host()).isEqualTo(US);
      assertThat(lookups).containsExactly(EU);
      // The denied host's socket never sees a connection: accept times out.
      assertThatThrownBy(denied::accept).isInstanceOf(java.net.SocketTimeoutException.class);
      assertThat(decisions(sink)).containsExactly(EU + "=ALLOW", US + "=DENY");
    }
  }

  @Test
  void followsARedirectToAnotherAllowedHostDecidingEachHopOnce() throws Exception {
    OkHttpClient client = ResidencyOkHttp.create(guard(policy().build(), sink)).wrap(plain);
    server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", url(other, EU2, "/next")).build());
    other.enqueue(new MockResponse.Builder().body("there").build());

    String body = get(client, url(server, EU, "/start"));

    assertThat(body).isEqualTo("200 there");
    assertThat(decisions(sink)).containsExactly(EU + "=ALLOW", EU2 + "=ALLOW");
  }

  @Test
  void catchesAHostRewrittenByAnInterceptorAddedAfterWrapping() {
    OkHttpClient wrapped = ResidencyOkHttp.create(guard(policy().build(), sink)).wrap(plain);
    OkHttpClient client = wrapped.newBuilder()
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
            .url(chain.request().url().newBuilder().host(US).build()).build()))
        .build();

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> get(client, url(server, EU, "/")));

    assertThat(ResidencyViolationException.find(thrown).decision().endpoint().host()).isEqualTo(US);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void reportOnlyLetsADeniedRequestThroughAndAuditsIt() throws Exception {
    ResidencyGuard guard = guard(policy().build(), sink, Mode.REPORT_ONLY);
    OkHttpClient client = ResidencyOkHttp.create(guard).wrap(plain);
    server.enqueue(new MockResponse.Builder().body("ok").build());

    String body = get(client, url(server, US, "/"));

    assertThat(body).isEqualTo("200 ok");
    assertThat(server.getRequestCount()).isEqualTo(1);
    AuditEvent event = sink.events().get(0);
    assertThat(event.decision().outcome()).isEqualTo(Outcome.DENY);
    assertThat(event.decision().isBlocking()).isFalse();
    assertThat(sink.events()).hasSize(1);
  }

  @Test
  void failsADeniedAsyncCallThroughTheCallbackWithTheDecision() throws Exception {
    OkHttpClient client = ResidencyOkHttp.create(guard(policy().build(), sink)).wrap(plain);
    CompletableFuture<Object> outcome = new CompletableFuture<>();

    client.newCall(new Request.Builder().url(url(server, US, "/")).build()).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        outcome.complete(e);
      }

      @Override
      public void onResponse(Call call, Response response) {
        response.close();
        outcome.complete(response);
      }
    });
    Object result = outcome.get(10, TimeUnit.SECONDS);

    assertThat(result).isInstanceOf(IOException.class);
    assertThat(ResidencyViolationException.find((Throwable) result).decision().outcome()).isEqualTo(Outcome.DENY);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void completesAnAllowedAsyncCall() throws Exception {
    OkHttpClient client = ResidencyOkHttp.create(guard(policy().build(), sink)).wrap(plain);
    server.enqueue(new MockResponse.Builder().body("async").build());
    CompletableFuture<String> outcome = new CompletableFuture<>();

    client.newCall(new Request.Builder().url(url(server, EU, "/")).build()).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        outcome.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (response) {
          outcome.complete(response.body().string());
        }
      }
    });

    assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("async");
    assertThat(decisions(sink)).containsExactly(EU + "=ALLOW");
  }

  @Test
  void deniesADnsAnswerOutsideTheDeclaredCidrs() {
    ResidencyGuard guard = guard(policy().declareCidr("10.0.0.0/8", "aws:eu-central-1").build(), sink);
    OkHttpClient client = ResidencyOkHttp.create(guard).wrap(plain);

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> get(client, url(server, EU, "/")));

    assertThat(thrown).isInstanceOf(UnknownHostException.class);
    ResidencyViolationException v = ResidencyViolationException.find(thrown);
    assertThat(v.decision().outcome()).isEqualTo(Outcome.DENY);
    assertThat(v.decision().endpoint().addresses()).containsExactly(InetAddress.getLoopbackAddress());
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void deniesADnsAnswerInADeclaredCidrOfAnotherRegion() {
    ResidencyGuard guard = guard(policy().declareCidr("127.0.0.0/8", "aws:us-east-1").build(), sink);
    OkHttpClient client = ResidencyOkHttp.create(guard).wrap(plain);

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> get(client, url(server, EU, "/")));

    assertThat(ResidencyViolationException.find(thrown).decision().reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void acceptsADnsAnswerInsideTheDeclaredCidrsAndAuditsUrlAndLookupOnce() throws Exception {
    ResidencyGuard guard = guard(policy().declareCidr("127.0.0.0/8", "aws:eu-central-1").build(), sink);
    OkHttpClient client = ResidencyOkHttp.create(guard).wrap(plain);
    server.enqueue(new MockResponse.Builder().body("a").build());
    server.enqueue(new MockResponse.Builder().body("b").build());

    String first = get(client, url(server, EU, "/1"));
    String second = get(client, url(server, EU, "/1"));

    assertThat(first + second).isEqualTo("200 a200 b");
    // URL, DNS answer (first connection only), URL again on the pooled connection.
    assertThat(decisions(sink)).containsExactly(EU + "=ALLOW", EU + "=ALLOW", EU + "=ALLOW");
    assertThat(sink.events().get(1).decision().endpoint().addresses()).isNotEmpty();
  }

  @Test
  void checksTheConnectionAddressWhenAnotherDnsBypassesTheWrapper() {
    ResidencyGuard guard = guard(policy().declareCidr("10.0.0.0/8", "aws:eu-central-1").build(), sink);
    OkHttpClient wrapped = ResidencyOkHttp.create(guard).wrap(plain);
    // A later interceptor swaps the DNS for this call (OkHttp 5 allows it): the network interceptor
    // still sees the real address.
    OkHttpClient client = wrapped.newBuilder()
        .addInterceptor(chain -> chain.withDns(loopbackDns()).proceed(chain.request()))
        .build();

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> get(client, url(server, EU, "/")));

    assertThat(ResidencyViolationException.find(thrown).decision().endpoint().addresses())
        .containsExactly(InetAddress.getLoopbackAddress());
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void deniesAProxyOutsideTheAllowedRegions() {
    OkHttpClient proxied = plain.newBuilder()
        .proxy(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(PROXY_US, server.getPort())))
        .build();
    OkHttpClient client = ResidencyOkHttp.create(guard(policy().build(), sink)).wrap(proxied);

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> get(client, url(other, EU, "/")));

    assertThat(ResidencyViolationException.find(thrown).decision().endpoint().host()).isEqualTo(PROXY_US);
    assertThat(server.getRequestCount()).isZero();
    assertThat(decisions(sink)).containsExactly(EU + "=ALLOW", PROXY_US + "=DENY");
  }

  @Test
  void letsAnAllowedProxyCarryAnAllowedRequest() throws Exception {
    OkHttpClient proxied = plain.newBuilder()
        .proxy(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(PROXY_EU, server.getPort())))
        .build();
    OkHttpClient client = ResidencyOkHttp.create(guard(policy().build(), sink)).wrap(proxied);
    server.enqueue(new MockResponse.Builder().body("via proxy").build());

    String body = get(client, url(other, EU, "/p"));

    assertThat(body).isEqualTo("200 via proxy");
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getUrl().host()).isEqualTo(EU);
    assertThat(decisions(sink)).containsExactly(EU + "=ALLOW", PROXY_EU + "=ALLOW");
  }

  @Test
  void checksEveryCallOnAReusedHttp2Connection() throws Exception {
    server.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    OkHttpClient h2 = plain.newBuilder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build();
    OkHttpClient client = ResidencyOkHttp.create(guard(policy().build(), sink)).wrap(h2);
    server.enqueue(new MockResponse.Builder().body("one").build());
    server.enqueue(new MockResponse.Builder().body("two").build());

    String first = get(client, url(server, EU, "/a"));
    String second = get(client, url(server, EU, "/a"));
    Throwable denied = org.assertj.core.api.Assertions.catchThrowable(() -> get(client, url(server, US, "/a")));

    assertThat(first + second).isEqualTo("200 one200 two");
    RecordedRequest r1 = server.takeRequest();
    RecordedRequest r2 = server.takeRequest();
    assertThat(r1.getVersion()).isEqualTo("HTTP/2");
    assertThat(r2.getConnectionIndex()).isEqualTo(r1.getConnectionIndex());
    assertThat(ResidencyViolationException.find(denied)).isNotNull();
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(decisions(sink)).containsExactly(EU + "=ALLOW", EU + "=ALLOW", US + "=DENY");
  }

  @Test
  void wrappingTwiceAddsTheHooksOnce() {
    ResidencyOkHttp residency = ResidencyOkHttp.create(guard(policy().build(), sink));

    OkHttpClient once = residency.wrap(plain);
    OkHttpClient twice = residency.wrap(once);

    assertThat(twice).isSameAs(once);
    assertThat(once.interceptors()).hasSize(1);
    assertThat(once.networkInterceptors()).hasSize(1);
    assertThat(plain.interceptors()).isEmpty();
  }

  @Test
  void callFactoryChecksItsCalls() {
    Call.Factory calls = ResidencyOkHttp.create(guard(policy().build(), sink)).createCallFactory(plain);

    assertThatThrownBy(() -> calls.newCall(new Request.Builder().url(url(server, US, "/")).build()).execute())
        .isInstanceOf(IOException.class);

    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void eventListenerOnlyAuditsAndNeverBlocks() throws Exception {
    ResidencyOkHttp residency = ResidencyOkHttp.create(guard(policy().build(), sink));
    OkHttpClient observed = plain.newBuilder().eventListenerFactory(residency.createEventListenerFactory()).build();
    server.enqueue(new MockResponse.Builder().body("seen").build());

    String body = get(observed, url(server, US, "/"));

    assertThat(body).isEqualTo("200 seen");
    assertThat(decisions(sink)).containsExactly(US + "=DENY");
  }

  @Test
  void rejectsAnUnknownMaskingStrategyAtBuildTime() {
    ResidencyOkHttpBuilder builder = ResidencyOkHttp.builder(guard(policy().build(), sink));

    assertThatThrownBy(() -> builder.setMaskingStrategy("shred"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shred");
  }
}
