package dev.residency.okhttp;

import static dev.residency.okhttp.TestGuards.EU;
import static dev.residency.okhttp.TestGuards.US;
import static dev.residency.okhttp.TestGuards.loopbackDns;
import static dev.residency.okhttp.TestGuards.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.Outcome;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSink;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 soak: 64 concurrent callers share one wrapped OkHttp client (JSON body masking on)
 * against a loopback MockWebServer for {@code residency.soak.seconds} (default 5; 60 with {@code
 * -Psoak} or {@code benchmarks/run.sh}): GETs, 4 KB JSON POSTs, and one call in sixteen to a host
 * the policy forbids. Every allowed call succeeds, every forbidden one is refused before it leaves,
 * no connection stays in use, and no thread outlives the client and server.
 *
 * <p>OkHttp's process-wide task runner threads ({@code OkHttp TaskRunner}) idle for up to 60 s by
 * design and Okio's watchdog is a singleton daemon; they are not counted as leaks.
 */
class OkHttpSoakTest {
  private static final int CALLERS = 64;
  private static final Duration DURATION = Duration.ofSeconds(Long.getLong("residency.soak.seconds", 5));
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  @Test
  void sixtyFourCallersThroughTheWrappedClientLeaveNoErrorsConnectionsOrThreads() throws Exception {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    MockWebServer server = new MockWebServer();
    LongAdder forbiddenArrived = new LongAdder();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (US.equals(request.getUrl().host())) {
          forbiddenArrived.increment();
        }
        return new MockResponse.Builder().body("ok").build();
      }
    });
    server.start();
    LongAdder allowed = new LongAdder();
    LongAdder denied = new LongAdder();
    AuditSink counting = (AuditEvent e) -> {
      if (e.type() == AuditEvent.Type.DECISION) {
        (e.decision().outcome() == Outcome.DENY ? denied : allowed).increment();
      }
    };
    ResidencyGuard guard = ResidencyGuard.builder(policy().build()).setAuditSink(counting).build();
    OkHttpClient plain = new OkHttpClient.Builder().dns(loopbackDns()).build();
    OkHttpClient client = ResidencyOkHttp.builder(guard).setMaskJsonBodies(true).build().wrap(plain);
    HttpUrl eu = server.url("/orders").newBuilder().host(EU).build();
    HttpUrl us = server.url("/orders").newBuilder().host(US).build();
    byte[] json = json4k();
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    LongAdder refused = new LongAdder();
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    long deadline = System.nanoTime() + DURATION.toNanos();
    List<Future<Long>> results = new ArrayList<>();

    for (int t = 0; t < CALLERS; t++) {
      int caller = t;
      results.add(callers.submit(() -> {
        long calls = 0;
        while (System.nanoTime() < deadline) {
          long n = caller + calls++;
          boolean forbidden = n % 16 == 15;
          Request.Builder request = new Request.Builder().url(forbidden ? us : eu);
          if (n % 2 == 1) {
            request.post(RequestBody.create(json, JSON));
          }
          try (Response r = client.newCall(request.build()).execute()) {
            String body = r.body().string();
            if (forbidden || r.code() != 200 || !body.equals("ok")) {
              errors.add(new AssertionError("unexpected " + r.code() + " from " + r.request().url()));
            }
          } catch (IOException e) {
            if (forbidden && ResidencyViolationException.find(e) != null) {
              refused.increment();
            } else {
              errors.add(e);
            }
          }
        }
        return calls;
      }));
    }
    long calls = 0;
    for (Future<Long> f : results) {
      calls += f.get(DURATION.toSeconds() + 60, TimeUnit.SECONDS);
    }
    callers.shutdown();
    assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    int connections = client.connectionPool().connectionCount();
    int idle = client.connectionPool().idleConnectionCount();
    client.connectionPool().evictAll();
    client.dispatcher().executorService().shutdown();
    server.close();

    assertThat(errors).isEmpty();
    assertThat(calls).isPositive();
    assertThat(refused.sum()).isPositive();
    assertThat(forbiddenArrived.sum()).isZero();
    assertThat(idle).isEqualTo(connections);
    assertThat(connections).isLessThanOrEqualTo(CALLERS);
    assertThat(client.connectionPool().connectionCount()).isZero();
    assertThat(allowed.sum()).isPositive();
    assertThat(denied.sum()).isGreaterThanOrEqualTo(refused.sum());
    assertThat(leftoverThreads(before)).isEmpty();
  }

  /** About 4 KB of JSON with an email per customer. */
  private static byte[] json4k() {
    StringBuilder sb = new StringBuilder("{\"orders\":[");
    for (int i = 0; sb.length() < 4000; i++) {
      sb.append(i > 0 ? "," : "").append("{\"id\":").append(i)
          .append(",\"email\":\"customer").append(i).append("@example.com\",\"total\":").append(i * 7 % 100).append('}');
    }
    return sb.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** New threads still alive after up to 10 s, except OkHttp's and Okio's process-wide ones. */
  private static Set<String> leftoverThreads(Set<Thread> before) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Set<String> names;
    do {
      names = new HashSet<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        String name = t.getName();
        // OkHttp's process-wide TaskRunner threads rename themselves after the task they run.
        if (!before.contains(t) && t.isAlive() && !name.startsWith("OkHttp ") && !name.equals("Okio Watchdog")) {
          names.add(name);
        }
      }
      if (names.isEmpty()) {
        return names;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < until);
    return names;
  }
}
