package dev.residency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: 8 threads x 1,000,000 decisions through one shared guard, mixing cache hits with
 * endpoints the bounded cache cannot hold. Asserts correctness only (every decision right, one
 * audit event each, no exception); throughput and its scaling come from {@code
 * GuardScalingBenchmark}, not from a timed unit test. Fewer decisions per thread with {@code
 * -Dresidency.load.decisions=N}.
 */
class GuardLoadTest {
  private static final int THREADS = 8;
  private static final int DECISIONS = Integer.getInteger("residency.load.decisions", 1_000_000);
  private static final int HOT = 64;
  private static final int COLD = 1 << 15;

  @Test
  void eightThreadsMakeEveryDecisionRightThroughOneSharedGuard() throws Exception {
    ResidencyPolicy policy = ResidencyPolicy.builder()
        .allowJurisdictions("EU")
        .declareHost("*.eu.example", "aws:eu-central-1")
        .declareHost("*.us.example", "aws:us-east-1")
        .build();
    LongAdder audited = new LongAdder();
    AuditSink counting = (AuditEvent e) -> audited.increment();
    ResidencyGuard guard = ResidencyGuard.builder(policy).setAuditSink(counting).setCacheSize(1024).build();
    Endpoint[] hot = endpoints(HOT, "api");
    Endpoint[] cold = endpoints(COLD, "host");
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Long>> workers = new ArrayList<>();

    for (int t = 0; t < THREADS; t++) {
      int seed = t * 7919;
      workers.add(pool.submit(() -> {
        start.await();
        long wrong = 0;
        for (int i = 0; i < DECISIONS; i++) {
          // One call in eight misses the cache: resolves, writes, flips generations.
          Endpoint e = (i & 7) == 7 ? cold[(seed + i) & (COLD - 1)] : hot[i & (HOT - 1)];
          Decision d = guard.evaluate(e);
          boolean eu = e.host().endsWith(".eu.example");
          if (d.isAllowed() != eu || !d.endpoint().equals(e)) {
            wrong++;
          }
        }
        return wrong;
      }));
    }
    start.countDown();
    long wrong = 0;
    for (Future<Long> f : workers) {
      wrong += f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    assertThat(wrong).isZero();
    assertThat(audited.sum()).isEqualTo((long) THREADS * DECISIONS);
    assertThat(guard.auditFailures()).isZero();
  }

  /** Half of the endpoints are in the EU, half in the US. */
  private static Endpoint[] endpoints(int n, String prefix) {
    Endpoint[] out = new Endpoint[n];
    for (int i = 0; i < n; i++) {
      out[i] = Endpoint.parse(EndpointKind.HTTP, "https://" + prefix + "-" + i + ((i & 1) == 0 ? ".eu.example" : ".us.example") + "/");
    }
    return out;
  }
}
