package dev.residency.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.Outcome;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 9 soak: 64 concurrent callers share one guarded S3 client against an in-process s3proxy
 * for {@code residency.soak.seconds} (default 5; 60 with {@code -Psoak} or {@code
 * benchmarks/run.sh}): PutObject + GetObject of 1 KB in a Frankfurt bucket, and one call in sixteen
 * to a Virginia bucket the policy forbids. Every allowed call succeeds with the right bytes, every
 * forbidden one is refused, no caller is stuck, and no thread outlives the client and the proxy.
 *
 * <p>Two process-wide singletons are not counted as leaks: the JDK's {@code Keep-Alive-Timer}
 * (HttpURLConnection's keep-alive cache) and the SDK's {@code
 * response-input-stream-timeout-scheduler} ({@code ResponseInputStream.TimeoutScheduler.INSTANCE},
 * which idles out on its own).
 */
class S3SoakTest {
  private static final int CALLERS = 64;
  private static final Set<String> GLOBAL = Set.of("Keep-Alive-Timer", "response-input-stream-timeout-scheduler");
  private static final Duration DURATION = Duration.ofSeconds(Long.getLong("residency.soak.seconds", 5));

  @Test
  void sixtyFourCallersThroughTheGuardedClientLeaveNoErrorsOrThreads() throws Exception {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    S3ProxyFixture s3 = new S3ProxyFixture();
    s3.bucket("frankfurt", "eu-central-1");
    s3.bucket("virginia", "us-east-1");
    LongAdder denied = new LongAdder();
    AuditSink counting = (AuditEvent e) -> {
      if (e.type() == AuditEvent.Type.DECISION && e.decision().outcome() == Outcome.DENY) {
        denied.increment();
      }
    };
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyS3Test.policy()).setAuditSink(counting).build();
    S3Client client = ResidencyS3.create(guard).configure(s3.clientBuilder()).build();
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    LongAdder refused = new LongAdder();
    int putsBefore = s3.store.puts.get();
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    long deadline = System.nanoTime() + DURATION.toNanos();
    List<Future<Long>> results = new ArrayList<>();

    for (int t = 0; t < CALLERS; t++) {
      int caller = t;
      results.add(callers.submit(() -> {
        byte[] payload = new byte[1024];
        Arrays.fill(payload, (byte) caller);
        long calls = 0;
        while (System.nanoTime() < deadline) {
          boolean forbidden = (caller + calls++) % 16 == 15;
          String bucket = forbidden ? "virginia" : "frankfurt";
          String key = "caller-" + caller;
          try {
            client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(payload));
            byte[] back = client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            if (forbidden || !Arrays.equals(back, payload)) {
              errors.add(new AssertionError("unexpected answer from " + bucket + "/" + key));
            }
          } catch (RuntimeException e) {
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
    boolean callersEnded = callers.awaitTermination(10, TimeUnit.SECONDS);
    int puts = s3.store.puts.get() - putsBefore;
    int inVirginia;
    try (S3Client plain = s3.clientBuilder().build()) {
      inVirginia = plain.listObjectsV2(b -> b.bucket("virginia")).keyCount();
    }
    client.close();
    s3.close();

    assertThat(errors).isEmpty();
    assertThat(callersEnded).isTrue();
    assertThat(calls).isPositive();
    assertThat(refused.sum()).isPositive();
    assertThat(denied.sum()).isGreaterThanOrEqualTo(refused.sum());
    // At least every allowed PutObject arrived (the SDK may retry one under load); none forbidden did.
    assertThat((long) puts).isGreaterThanOrEqualTo(calls - refused.sum());
    assertThat(inVirginia).isZero();
    assertThat(leftoverThreads(before)).isEmpty();
  }

  /** New threads still alive after up to 10 s, except the two process-wide singletons above. */
  private static Set<String> leftoverThreads(Set<Thread> before) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Set<String> names;
    do {
      names = new HashSet<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (!before.contains(t) && t.isAlive() && !GLOBAL.contains(t.getName())) {
          names.add(t.getName());
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
