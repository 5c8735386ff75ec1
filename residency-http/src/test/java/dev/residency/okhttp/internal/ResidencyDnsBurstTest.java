package dev.residency.okhttp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditSink;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.Dns;
import org.junit.jupiter.api.Test;

/**
 * The DNS timeout bounds a resolver that never answers, not how many lookups may run at once: a
 * burst of new connections (a pool warming up, 64 callers at start) must all resolve.
 */
class ResidencyDnsBurstTest {
  private final ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder()
      .allowJurisdictions("EU").declareHost("api.example.eu", "aws:eu-central-1").declareCidr("127.0.0.0/8", "aws:eu-central-1").build())
      .setAuditSink(AuditSink.NOOP).build();

  @Test
  void aBurstOfConcurrentLookupsOnASlowResolverAllSucceed() throws Exception {
    int callers = 150;
    // slow but answering: the first 64 lookups wait for each other, so at least 64 overlap for
    // sure (the old bound refused the 17th); the rest queue behind them
    CountDownLatch allStarted = new CountDownLatch(64);
    Dns slow = host -> {
      allStarted.countDown();
      try {
        allStarted.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return List.of(InetAddress.getLoopbackAddress());
    };
    ResidencyDns dns = new ResidencyDns(guard, slow, new AddressLedger(), Duration.ofSeconds(30));
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<List<InetAddress>>> answers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        answers.add(pool.submit(() -> dns.lookup("api.example.eu")));
      }
      for (Future<List<InetAddress>> a : answers) {
        assertThat(a.get(60, TimeUnit.SECONDS)).containsExactly(InetAddress.getLoopbackAddress());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void lookupsQueuedBehindAStuckResolverFailAtTheirTimeout() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    Dns stuck = host -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new UnknownHostException("interrupted");
    };
    ResidencyDns dns = new ResidencyDns(guard, stuck, new AddressLedger(), Duration.ofMillis(300));
    int callers = 100;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<Throwable>> outcomes = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < callers; i++) {
        outcomes.add(pool.submit(() -> {
          try {
            dns.lookup("api.example.eu");
            return null;
          } catch (UnknownHostException e) {
            return e;
          }
        }));
      }
      for (Future<Throwable> o : outcomes) {
        assertThat(o.get(60, TimeUnit.SECONDS)).isInstanceOf(UnknownHostException.class)
            .hasMessageContaining("did not answer within 300 ms");
      }
      // a bound against hanging, generous for a loaded machine
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(20_000);
    } finally {
      never.countDown();
      pool.shutdownNow();
    }
  }
}
