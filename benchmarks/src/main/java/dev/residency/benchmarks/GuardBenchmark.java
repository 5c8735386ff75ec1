package dev.residency.benchmarks;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.Endpoints;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditSink;
import java.net.URI;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 2 figures: a cached decision (target &lt;= 100 ns) and an uncached resolution of a provider URL,
 * parse included (target &lt;= 5 us). Baselines in the same run: a {@code HashMap}-sized lookup is what
 * a cached decision competes with; {@code java.net.URI} parsing is what any URL check pays anyway.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class GuardBenchmark {
  private static final int DISTINCT = 4096;

  private ResidencyGuard cachedGuard;
  private ResidencyGuard uncachedGuard;
  private Endpoint cachedEndpoint;
  private String[] urls;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    ResidencyPolicy policy = ResidencyPolicy.builder()
        .allowJurisdictions("EU")
        .declareHost("localhost", "aws:eu-central-1")
        .declareHost("*.partner.example", "aws:eu-west-1")
        .declareCidr("10.20.0.0/16", "aws:eu-central-1")
        .build();
    cachedGuard = ResidencyGuard.builder(policy).setAuditSink(AuditSink.NOOP).build();
    // A two-entry cache over 4096 distinct URLs: practically every evaluation resolves from scratch.
    uncachedGuard = ResidencyGuard.builder(policy).setAuditSink(AuditSink.NOOP).setCacheSize(2).build();
    cachedEndpoint = Endpoint.parse(EndpointKind.S3, "https://my-bucket.s3.eu-central-1.amazonaws.com/reports/2026/q3.csv");
    cachedGuard.evaluate(cachedEndpoint);
    String[] regions = {"eu-central-1", "eu-west-1", "us-east-1", "ap-southeast-2", "eu-north-1", "ca-central-1"};
    urls = new String[DISTINCT];
    for (int i = 0; i < DISTINCT; i++) {
      urls[i] = "https://bucket-" + i + ".s3." + regions[i % regions.length] + ".amazonaws.com/key/" + i + "?versionId=" + i;
    }
  }

  /** The hot path: a decision already in the cache (audit to a no-op sink). */
  @Benchmark
  public Decision cachedDecision() {
    return cachedGuard.evaluate(cachedEndpoint);
  }

  /** Parse a provider URL and resolve it through the whole chain, no cache hit. */
  @Benchmark
  public Decision uncachedProviderUrl() {
    String url = urls[next++ & (DISTINCT - 1)];
    return uncachedGuard.evaluate(Endpoints.parseUrl(EndpointKind.S3, url));
  }

  /** Baseline: java.net.URI parsing of the same URLs, which any URL check pays anyway. */
  @Benchmark
  public String baselineUriParse() {
    String url = urls[next++ & (DISTINCT - 1)];
    return URI.create(url).getHost();
  }

  /** Baseline: hashing and comparing the endpoint, the floor under any cached lookup. */
  @Benchmark
  public boolean baselineEndpointEquals() {
    return cachedEndpoint.hashCode() != 0 && cachedEndpoint.equals(cachedEndpoint);
  }
}
