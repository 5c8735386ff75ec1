package dev.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residency.audit.AsyncAuditSink;
import dev.residency.audit.AuditSink;
import dev.residency.audit.AuditSinks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults around the guard: a resolver that hangs or throws, a key source that is missing, a slow
 * audit sink and policy reloads that alternate good and broken files under load. Fail closed, lose
 * nothing, never hang.
 */
class GuardFaultsTest {
  private static final Endpoint EU = Endpoint.parse(EndpointKind.HTTP, "https://eu.example/");
  private static final Endpoint US = Endpoint.parse(EndpointKind.HTTP, "https://us.example/");
  private static final Endpoint ELSEWHERE = Endpoint.parse(EndpointKind.HTTP, "https://elsewhere.example/");

  @TempDir
  Path dir;

  private static ResidencyPolicy euOnly() {
    return ResidencyPolicy.builder().allowJurisdictions("EU").build();
  }

  /** Lets the hanging resolvers' threads end once the class is done. */
  private static final AtomicBoolean RELEASED = new AtomicBoolean();

  @AfterAll
  static void releaseHangingResolvers() {
    RELEASED.set(true);
  }

  /** A resolver that never answers while the tests run, and ignores interrupts for good measure. */
  private static Location hangForever(AtomicInteger calls) {
    calls.incrementAndGet();
    CountDownLatch never = new CountDownLatch(1);
    while (!RELEASED.get()) {
      try {
        never.await(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException ignored) {
        // user code that swallows interrupts: the guard must not wait for it anyway
      }
    }
    return Location.unknown();
  }

  @Test
  @Timeout(20)
  void aResolverThatNeverAnswersIsDeniedAfterTheTimeoutAndNotCached() {
    AtomicInteger calls = new AtomicInteger();
    ResidencyGuard guard = ResidencyGuard.builder(euOnly())
        .setEndpointResolver(e -> hangForever(calls))
        .setResolverTimeout(Duration.ofMillis(200))
        .setAuditSink(AuditSink.NOOP)
        .build();

    Decision first = guard.evaluate(ELSEWHERE);
    Decision second = guard.evaluate(ELSEWHERE);

    assertThat(first.outcome()).isEqualTo(Outcome.DENY);
    assertThat(first.reasonCode()).isEqualTo(ReasonCode.DENIED_RESOLVER_ERROR);
    assertThat(first.explanation()).contains("did not answer within 200 ms");
    assertThat(second.reasonCode()).isEqualTo(ReasonCode.DENIED_RESOLVER_ERROR);
    assertThat(calls).hasValue(2);
  }

  @Test
  @Timeout(20)
  void reportOnlyAuditsAResolverTimeoutWithoutBlocking() {
    List<Decision> audited = new ArrayList<>();
    ResidencyGuard guard = ResidencyGuard.builder(euOnly())
        .setEndpointResolver(e -> hangForever(new AtomicInteger()))
        .setResolverTimeout(Duration.ofMillis(100))
        .setMode(Mode.REPORT_ONLY)
        .setAuditSink(ev -> audited.add(ev.decision()))
        .build();

    Decision d = guard.enforce(ELSEWHERE);

    assertThat(d.reasonCode()).isEqualTo(ReasonCode.DENIED_RESOLVER_ERROR);
    assertThat(d.isBlocking()).isFalse();
    assertThat(audited).extracting(Decision::reasonCode).containsExactly(ReasonCode.DENIED_RESOLVER_ERROR);
  }

  @Test
  @Timeout(30)
  void manyEndpointsAgainstAHangingResolverHoldABoundedNumberOfThreadsAndAllFailClosed() throws Exception {
    ResidencyGuard guard = ResidencyGuard.builder(euOnly())
        .setEndpointResolver(e -> hangForever(new AtomicInteger()))
        .setResolverTimeout(Duration.ofMillis(50))
        .setAuditSink(AuditSink.NOOP)
        .build();
    int before = Thread.activeCount();

    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      decisions.add(guard.evaluate(Endpoint.parse(EndpointKind.HTTP, "https://h" + i + ".example/")));
    }

    assertThat(decisions).allSatisfy(d -> assertThat(d.reasonCode()).isEqualTo(ReasonCode.DENIED_RESOLVER_ERROR));
    assertThat(Thread.activeCount() - before).isLessThanOrEqualTo(8);
  }

  @Test
  void aCachedDecisionNeverCallsTheResolverAgain() {
    AtomicInteger calls = new AtomicInteger();
    ResidencyGuard guard = ResidencyGuard.builder(euOnly())
        .setEndpointResolver(e -> {
          calls.incrementAndGet();
          return Location.of(RegionCatalog.defaultCatalog().find("aws:eu-central-1"), "test");
        })
        .setAuditSink(AuditSink.NOOP)
        .build();

    for (int i = 0; i < 1000; i++) {
      guard.evaluate(ELSEWHERE);
    }

    assertThat(calls).hasValue(1);
    assertThat(guard.evaluate(ELSEWHERE).isAllowed()).isTrue();
  }

  @Test
  void anExceptionOnTheResolverThreadFailsClosedWithoutItsMessage() {
    ResidencyGuard guard = ResidencyGuard.builder(euOnly())
        .setEndpointResolver(e -> {
          throw new IllegalArgumentException("boom");
        })
        .setAuditSink(AuditSink.NOOP)
        .build();

    Decision d = guard.evaluate(ELSEWHERE);

    assertThat(d.reasonCode()).isEqualTo(ReasonCode.DENIED_RESOLVER_ERROR);
    assertThat(d.explanation()).contains("IllegalArgumentException").doesNotContain("boom");
  }

  @Test
  void rejectsANegativeResolverTimeout() {
    assertThatThrownBy(() -> ResidencyGuard.builder(euOnly()).setResolverTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.001");
  }

  @Test
  void aPolicyWhoseKeyFileIsMissingFailsToBuildAGuardNamingTheKeyIdNotAValue() throws Exception {
    Path policy = dir.resolve("residency.yaml");
    Path missing = dir.resolve("no-such-key");
    Files.writeString(policy, String.join("\n",
        "residency:",
        "  allow:",
        "    jurisdictions: [EU]",
        "masking:",
        "  keys:",
        "    current: k7",
        "    k7: { file: " + missing + " }",
        ""));
    ResidencyPolicy p = ResidencyPolicy.load(policy);

    assertThatThrownBy(() -> ResidencyGuard.builder(p).setAuditSink(AuditSink.NOOP).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'k7'")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aKeyFileWithGarbageIsRefusedWithoutEchoingItsContent() throws Exception {
    Path key = dir.resolve("k7");
    Files.writeString(key, "not-base64-SUPERSECRETVALUE!!\n");
    Path policy = dir.resolve("residency.yaml");
    Files.writeString(policy, "residency:\n  allow:\n    jurisdictions: [EU]\nmasking:\n  keys:\n    current: k7\n"
        + "    k7: { file: " + key + " }\n");
    ResidencyPolicy p = ResidencyPolicy.load(policy);

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
        () -> ResidencyGuard.builder(p).setAuditSink(AuditSink.NOOP).build());

    assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k7'");
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain("SUPERSECRETVALUE");
    }
  }

  @Test
  @Timeout(20)
  void aSlowAuditSinkBehindAsyncDoesNotSlowEvaluation() {
    AtomicInteger delivered = new AtomicInteger();
    AsyncAuditSink sink = AuditSinks.async(e -> {
      try {
        Thread.sleep(20);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      delivered.incrementAndGet();
    }, 16);
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU")
        .declareHost("eu.example", "aws:eu-central-1").build()).setAuditSink(sink).build();

    long start = System.nanoTime();
    for (int i = 0; i < 2000; i++) {
      guard.evaluate(EU);
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    // 2000 events at 20 ms each would take 40 s inline; a generous bound against blocking.
    assertThat(millis).isLessThan(5_000);
    assertThat(guard.auditFailures()).isZero();
    assertThat(sink.dropped() + sink.pending() + delivered.get()).isGreaterThanOrEqualTo(1999);
    sink.close();
  }

  @Test
  void aPolicyThatFailsToBuildDoesNotUseUpAVersionNumber() throws Exception {
    ResidencyGuard guard = ResidencyGuard.builder(euOnly()).setAuditSink(AuditSink.NOOP).build();
    Path broken = dir.resolve("broken-keys.yaml");
    Files.writeString(broken, "residency:\n  allow:\n    jurisdictions: [US]\nmasking:\n  keys:\n    current: k1\n"
        + "    k1: { file: " + dir.resolve("missing") + " }\n");
    Path good = dir.resolve("good.yaml");
    Files.writeString(good, "residency:\n  allow:\n    jurisdictions: [US]\n");

    ReloadResult bad = guard.reload(broken);
    ReloadResult ok = guard.reload(good);

    assertThat(bad.replaced()).isFalse();
    assertThat(bad.policyVersion()).isEqualTo(1);
    assertThat(ok.replaced()).isTrue();
    assertThat(ok.policyVersion()).isEqualTo(2);
  }

  @Test
  @Timeout(60)
  void reloadsAlternatingGoodAndBrokenFilesUnder16EvaluatingThreadsNeverMixPolicies() throws Exception {
    Path euFile = dir.resolve("eu.yaml");
    Path usFile = dir.resolve("us.yaml");
    Path syntax = dir.resolve("syntax.yaml");
    Path semantic = dir.resolve("semantic.yaml");
    Path keys = dir.resolve("keys.yaml");
    String facts = "  endpoints:\n    - host: eu.example\n      region: aws:eu-central-1\n"
        + "    - host: us.example\n      region: aws:us-east-1\n";
    Files.writeString(euFile, "residency:\n  allow:\n    jurisdictions: [EU]\n" + facts);
    Files.writeString(usFile, "residency:\n  allow:\n    jurisdictions: [US]\n" + facts);
    Files.writeString(syntax, "residency:\n  allow:\n    jurisdictions: [US\n" + facts);
    Files.writeString(semantic, "residency:\n  allow:\n    jurisdictions: [NOWHERE]\n" + facts);
    Files.writeString(keys, "residency:\n  allow:\n    jurisdictions: [US]\n" + facts
        + "masking:\n  keys:\n    current: k1\n    k1: { file: " + dir.resolve("missing") + " }\n");
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.load(euFile)).setAuditSink(AuditSink.NOOP).build();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch started = new CountDownLatch(16);
    List<Future<Integer>> workers = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      workers.add(pool.submit(() -> {
        started.countDown();
        int checked = 0;
        while (!stop.get()) {
          for (Decision d : List.of(guard.evaluate(EU), guard.evaluate(US))) {
            // Odd versions come from eu.yaml, even ones from us.yaml: broken files take no version.
            boolean euVersion = d.policyVersion() % 2 == 1;
            boolean isEu = d.endpoint().equals(EU);
            if (d.isAllowed() != (euVersion == isEu)) {
              throw new AssertionError("decision mixes policies: " + d + " at version " + d.policyVersion());
            }
            checked++;
          }
        }
        return checked;
      }));
    }
    started.await();

    List<Path> broken = List.of(syntax, semantic, keys);
    long expected = 1;
    for (int i = 0; i < 60; i++) {
      ReloadResult good = guard.reload(i % 2 == 0 ? usFile : euFile);
      expected++;
      assertThat(good.replaced()).isTrue();
      assertThat(good.policyVersion()).isEqualTo(expected);
      ReloadResult bad = guard.reload(broken.get(i % broken.size()));
      assertThat(bad.replaced()).isFalse();
      assertThat(bad.error()).isNotNull();
      assertThat(bad.policyVersion()).isEqualTo(expected);
    }
    stop.set(true);

    long total = 0;
    for (Future<Integer> f : workers) {
      total += f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(total).isPositive();
    assertThat(guard.policyVersion()).isEqualTo(61);
  }
}
