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

  @Test
  void aDnsServerThatNeverAnswersFailsTheLookupWithinTheBoundAndSendsNothing() {
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    Dns hanging = hostname -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new UnknownHostException("interrupted");
    };
    ResidencyGuard guard = ResidencyGuard.builder(policy().build()).setAuditSink(AuditSink.NOOP).build();
    OkHttpClient client = ResidencyOkHttp.builder(guard).setDnsTimeout(java.time.Duration.ofMillis(200)).build()
        .wrap(new OkHttpClient.Builder().dns(hanging).build());
    long start = System.nanoTime();

    Throwable thrown = catchThrowable(() -> client.newCall(
        new Request.Builder().url(server.url("/").newBuilder().host(EU).build()).build()).execute());

    long elapsedMs = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(thrown).isInstanceOf(UnknownHostException.class).hasMessageContaining("did not answer within 200 ms");
    // A bound against hanging, not a timing benchmark: generous on a loaded machine.
    assertThat(elapsedMs).isLessThan(10_000);
    assertThat(server.getRequestCount()).isZero();
    never.countDown();
  }

  @Test
  void aNegativeDnsTimeoutIsRejectedAtBuildTime() {
    ResidencyGuard guard = ResidencyGuard.builder(policy().build()).setAuditSink(AuditSink.NOOP).build();

    Throwable thrown = catchThrowable(() -> ResidencyOkHttp.builder(guard).setDnsTimeout(java.time.Duration.ofMillis(-1)));

    assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
  }
}
