package dev.residency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.audit.AuditSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class GuardConcurrencyTest {
  /** Odd versions allow the EU only; even versions allow the US only. */
  private static ResidencyPolicy policy(boolean euOnly) {
    return ResidencyPolicy.builder()
        .allowJurisdictions(euOnly ? "EU" : "US")
        .declareHost("eu.example", "aws:eu-central-1")
        .declareHost("us.example", "aws:us-east-1")
        .build();
  }

  @Test
  void everyDecisionComesWhollyFromOnePolicyWhileItIsSwapped() throws Exception {
    ResidencyGuard guard = ResidencyGuard.builder(policy(true)).setAuditSink(AuditSink.NOOP).build();
    Endpoint eu = Endpoint.parse(EndpointKind.HTTP, "https://eu.example/");
    Endpoint us = Endpoint.parse(EndpointKind.HTTP, "https://us.example/");
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(17);
    CountDownLatch started = new CountDownLatch(16);
    List<Future<Integer>> workers = new ArrayList<>();

    for (int t = 0; t < 16; t++) {
      workers.add(pool.submit(() -> {
        started.countDown();
        int checked = 0;
        while (!stop.get()) {
          Decision a = guard.evaluate(eu);
          Decision b = guard.evaluate(us);
          for (Decision d : List.of(a, b)) {
            boolean euOnlyVersion = d.policyVersion() % 2 == 1;
            boolean isEu = d.endpoint().equals(eu);
            boolean expectAllowed = euOnlyVersion == isEu;
            if (d.isAllowed() != expectAllowed) {
              throw new AssertionError("decision mixes policies: " + d + " at version " + d.policyVersion());
            }
          }
          checked += 2;
        }
        return checked;
      }));
    }
    started.await();
    for (int i = 0; i < 400; i++) {
      guard.replacePolicy(policy(i % 2 == 1));
    }
    stop.set(true);

    long total = 0;
    for (Future<Integer> f : workers) {
      total += f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(total).isPositive();
    assertThat(guard.policyVersion()).isEqualTo(401);
  }
}
