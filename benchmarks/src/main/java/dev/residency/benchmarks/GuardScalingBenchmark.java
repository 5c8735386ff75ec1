package dev.residency.benchmarks;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditSink;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 9 figure: how the throughput of one shared guard scales from 1 to 2 threads (target >= 1.8x
 * on 2 cores). Run it twice, with {@code -t 1} and {@code -t 2}, and divide the two throughputs
 * ({@code benchmarks/run.sh} does). Both benchmarks audit to a no-op sink, so the figure is the
 * guard's own sharing behaviour, not a sink's.
 *
 * <ul>
 *   <li>{@code cached}: every decision is a cache hit (64 hot endpoints, all in the young
 *       generation after warm-up).
 *   <li>{@code mixed}: seven hits on the hot set, then one endpoint out of 65,536 that the
 *       4,096-entry cache cannot hold, so one call in eight resolves from scratch and writes to the
 *       cache (generation flips and old-generation promotions included).
 *   <li>{@code baselineThreadLocalMap}: the same 64 hot endpoints looked up in each thread's own
 *       {@code HashMap}, sharing nothing: its 1 -> 2 thread ratio is what the machine itself allows
 *       right now (on a shared or busy machine it stays well below 2), the yardstick for the other
 *       two.
 * </ul>
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar GuardScalingBenchmark -t 1
 * java -jar benchmarks/target/benchmarks.jar GuardScalingBenchmark -t 2</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class GuardScalingBenchmark {
  private static final int HOT = 64;
  private static final int COLD = 1 << 16;

  private ResidencyGuard guard;
  private Endpoint[] hot;
  private Endpoint[] cold;

  /** Per-thread cursor, so that threads share the guard and nothing else. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
    int cold;
    final Map<Endpoint, Decision> local = new HashMap<>();

    @Setup(Level.Trial)
    public void setUp() {
      // Threads start at different places in the cold set: they miss on different endpoints.
      cold = (int) (Thread.currentThread().getId() * 7919);
    }

    @Setup(Level.Trial)
    public void fill(GuardScalingBenchmark b) {
      for (Endpoint e : b.hot) {
        local.put(e, b.guard.evaluate(e));
      }
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    ResidencyPolicy policy = ResidencyPolicy.builder()
        .allowJurisdictions("EU")
        .declareHost("*.partner.example", "aws:eu-west-1")
        .build();
    guard = ResidencyGuard.builder(policy).setAuditSink(AuditSink.NOOP).setCacheSize(4096).build();
    String[] regions = {"eu-central-1", "eu-west-1", "us-east-1", "ap-southeast-2"};
    hot = new Endpoint[HOT];
    for (int i = 0; i < HOT; i++) {
      hot[i] = Endpoint.parse(EndpointKind.HTTP, "https://api-" + i + ".partner.example/v1");
    }
    cold = new Endpoint[COLD];
    for (int i = 0; i < COLD; i++) {
      cold[i] = Endpoint.parse(EndpointKind.S3,
          "https://bucket-" + i + ".s3." + regions[i & 3] + ".amazonaws.com/key");
    }
  }

  /** Cache hits only. */
  @Benchmark
  public Decision cached(Cursor c) {
    return guard.evaluate(hot[c.next++ & (HOT - 1)]);
  }

  /** Baseline: the same lookups in a map of the thread's own, nothing shared between threads. */
  @Benchmark
  public Decision baselineThreadLocalMap(Cursor c) {
    return c.local.get(hot[c.next++ & (HOT - 1)]);
  }

  /** Seven cache hits, then one miss that resolves and is cached. */
  @Benchmark
  public Decision mixed(Cursor c) {
    int n = c.next++;
    if ((n & 7) == 7) {
      return guard.evaluate(cold[c.cold++ & (COLD - 1)]);
    }
    return guard.evaluate(hot[n & (HOT - 1)]);
  }
}
