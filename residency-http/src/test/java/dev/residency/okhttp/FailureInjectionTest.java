package dev.residency.okhttp;

import static dev.residency.okhttp.TestGuards.EU;
import static dev.residency.okhttp.TestGuards.loopbackDns;
import static dev.residency.okhttp.TestGuards.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditSink;
import java.net.UnknownHostException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class FailureInjectionTest {
  @StartStop final MockWebServer server = new MockWebServer();

  @Test
  void aFailingAuditSinkDoesNotBreakTheCallUnlessTheAuditIsRequired() throws Exception {
    AuditSink broken = mock(AuditSink.class);
    doThrow(new IllegalStateException("disk full")).when(broken).accept(any());
    ResidencyGuard guard = ResidencyGuard.builder(policy().build()).setAuditSink(broken).build();
    OkHttpClient client = ResidencyOkHttp.create(guard).wrap(new OkHttpClient.Builder().dns(loopbackDns()).build());
    server.enqueue(new MockResponse.Builder().body("ok").build());

    try (Response r = client.newCall(new Request.Builder().url(server.url("/").newBuilder().host(EU).build()).build())
        .execute()) {
      assertThat(r.code()).isEqualTo(200);
    }

    assertThat(guard.auditFailures()).isEqualTo(1);
  }

  @Test
  void aFailingAuditSinkDeniesWhenTheAuditIsRequired() {
    AuditSink broken = mock(AuditSink.class);
    doThrow(new IllegalStateException("disk full")).when(broken).accept(any());
    ResidencyGuard guard = ResidencyGuard.builder(policy().setAuditRequired(true).build()).setAuditSink(broken).build();
    OkHttpClient client = ResidencyOkHttp.create(guard).wrap(new OkHttpClient.Builder().dns(loopbackDns()).build());

    Throwable thrown = catchThrowable(() -> client.newCall(
        new Request.Builder().url(server.url("/").newBuilder().host(EU).build()).build()).execute());

    assertThat(ResidencyViolationException.find(thrown)).isNotNull();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void anOrdinaryDnsFailureIsPassedOnUnchanged() throws Exception {
    Dns failing = mock(Dns.class);
    when(failing.lookup(anyString())).thenThrow(new UnknownHostException("no such host"));
    ResidencyGuard guard = ResidencyGuard.builder(policy().declareCidr("127.0.0.0/8", "aws:eu-central-1").build())
        .setAuditSink(AuditSink.NOOP).build();
    OkHttpClient client = ResidencyOkHttp.create(guard).wrap(new OkHttpClient.Builder().dns(failing).build());

    Throwable thrown = catchThrowable(() -> client.newCall(
        new Request.Builder().url(server.url("/").newBuilder().host(EU).build()).build()).execute());

    assertThat(thrown).isInstanceOf(UnknownHostException.class).hasMessage("no such host");
    assertThat(ResidencyViolationException.find(thrown)).isNull();
  }
}
