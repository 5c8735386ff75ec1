package dev.residency.okhttp;

import static dev.residency.okhttp.TestGuards.EU;
import static dev.residency.okhttp.TestGuards.EU2;
import static dev.residency.okhttp.TestGuards.US;
import static dev.residency.okhttp.TestGuards.decisions;
import static dev.residency.okhttp.TestGuards.guard;
import static dev.residency.okhttp.TestGuards.loopbackDns;
import static dev.residency.okhttp.TestGuards.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 over TLS with one certificate for several hosts that resolve to the same address: OkHttp
 * then coalesces their requests onto one connection. Each request is still decided for its own
 * host, and the shared connection's address is checked for each host.
 */
class CoalescedConnectionTest {
  static final HeldCertificate CERT = new HeldCertificate.Builder()
      .addSubjectAlternativeName(EU)
      .addSubjectAlternativeName(EU2)
      .addSubjectAlternativeName(US)
      .build();

  final MockWebServer server = new MockWebServer();
  final InMemoryAuditSink sink = AuditSinks.inMemory();
  OkHttpClient tls;

  @BeforeEach
  void startTlsServer() throws IOException {
    HandshakeCertificates serverCerts = new HandshakeCertificates.Builder().heldCertificate(CERT).build();
    HandshakeCertificates clientCerts = new HandshakeCertificates.Builder()
        .addTrustedCertificate(CERT.certificate()).build();
    server.useHttps(serverCerts.sslSocketFactory());
    server.start();
    tls = new OkHttpClient.Builder()
        .dns(loopbackDns())
        .sslSocketFactory(clientCerts.sslSocketFactory(), clientCerts.trustManager())
        .build();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  HttpUrl url(String host) {
    return server.url("/").newBuilder().host(host).build();
  }

  static String get(OkHttpClient client, HttpUrl url) throws IOException {
    try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return r.protocol() + " " + r.body().string();
    }
  }

  @Test
  void decidesEachHostAndItsAddressOnACoalescedConnection() throws Exception {
    OkHttpClient client = ResidencyOkHttp.create(guard(policy().declareCidr("127.0.0.0/8", "aws:eu-central-1").build(), sink))
        .wrap(tls);
    server.enqueue(new MockResponse.Builder().body("one").build());
    server.enqueue(new MockResponse.Builder().body("two").build());

    String first = get(client, url(EU));
    String second = get(client, url(EU2));

    assertThat(first + "," + second).isEqualTo("h2 one,h2 two");
    RecordedRequest r1 = server.takeRequest();
    RecordedRequest r2 = server.takeRequest();
    assertThat(r2.getConnectionIndex()).isEqualTo(r1.getConnectionIndex());
    assertThat(decisions(sink)).containsExactly(EU + "=ALLOW", EU + "=ALLOW", EU2 + "=ALLOW", EU2 + "=ALLOW");
    List<Integer> addressCounts = sink.events().stream()
        .map(AuditEvent::decision)
        .map(d -> d.endpoint().addresses().size())
        .collect(Collectors.toList());
    assertThat(addressCounts).containsExactly(0, 1, 0, 1);
  }

  @Test
  void deniesAHostThatWouldShareAnAllowedHostsConnection() throws Exception {
    OkHttpClient client = ResidencyOkHttp.create(guard(policy().build(), sink)).wrap(tls);
    server.enqueue(new MockResponse.Builder().body("one").build());
    get(client, url(EU));

    Throwable thrown = catchThrowable(() -> get(client, url(US)));

    assertThat(ResidencyViolationException.find(thrown).decision().endpoint().host()).isEqualTo(US);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
