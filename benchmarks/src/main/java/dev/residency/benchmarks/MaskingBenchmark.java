package dev.residency.benchmarks;

import dev.residency.mask.CorpusGenerator;
import dev.residency.mask.MaskResult;
import dev.residency.mask.MaskingPipeline;
import dev.residency.mask.MaskingSettings;
import dev.residency.mask.StreamingUnmasker;
import dev.residency.mask.Unmasker;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Masking costs, each next to a baseline in the same run:
 *
 * <ul>
 *   <li>{@code detectRedact1MB} vs {@code baselineReplace1MB}: detect + redact over ~1 MB of text
 *       (an email every ~400 characters) against {@code String.replace} of one fixed string over the
 *       same text. Throughput in ops/s; MB/s = ops/s x 1.0.
 *   <li>{@code detectOnly1MB}: detection alone, so the strategy's share is the difference.
 *   <li>{@code detectRedactLogs1MB}: the same over ~1 MB of application log lines (ISO timestamps,
 *       levels, key=value pairs, ids, amounts, paths; one line in eight with an e-mail and an IP).
 *   <li>{@code detectRedactCorpus1MB}: the same over ~1 MB of the labelled quality corpus
 *       ({@code CorpusGenerator}, seed 1): tickets, CRM notes, logs, JSON, SQL, prompts, EU text,
 *       with several validated values of every type per document; the worst case.
 *   <li>{@code tokenizeOneValue}, {@code hashOneValue}: one email through AES-SIV / HMAC.
 *   <li>{@code tokenize4KBPrompt}: a 4 KB prompt with 10 emails masked with {@code token} (sample
 *       time: average and percentiles).
 *   <li>{@code unmaskPlainSseDelta} vs {@code baselineCopyPlainSseDelta}: one 40-character SSE delta
 *       (with a {@code [}, no token) through a long-lived {@link StreamingUnmasker}, against copying it.
 *   <li>{@code unmaskTokenSplitAcrossTwoSseDeltas} vs {@code baselineCopySseDelta}: two ~45-character
 *       deltas each holding half a token (so the token completes and is restored: two events per op)
 *       against concatenating the same two strings.
 * </ul>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class MaskingBenchmark {
  private static final int MB = 1 << 20;

  private MaskingPipeline pipeline;
  private Unmasker unmasker;
  private String text1mb;
  private String logs1mb;
  private String corpus1mb;
  private String prompt4kb;
  private String delta1;
  private String delta2;
  private String plainDelta;
  private StreamingUnmasker stream;

  @Setup
  public void setUp() {
    byte[] key = new byte[64];
    new Random(42).nextBytes(key);
    pipeline = MaskingPipeline.create(MaskingSettings.builder()
        .addKey("k1", MaskingSettings.KeySource.bytes(key)).setCurrentKeyId("k1").build());
    unmasker = pipeline.unmasker();
    text1mb = text(MB, 400, new Random(1));
    prompt4kb = text(4096, 400, new Random(2));
    logs1mb = logs(MB, new Random(3));
    StringBuilder corpus = new StringBuilder(MB + 4096);
    for (CorpusGenerator.Doc d : new CorpusGenerator(1).generate(20_000)) {
      if (corpus.length() >= MB) {
        break;
      }
      corpus.append(d.text()).append('\n');
    }
    corpus1mb = corpus.substring(0, MB);
    String token = pipeline.maskValue("alice@example.com", "EMAIL", "token");
    int half = token.length() / 2;
    delta1 = "Sure, I will write to " + token.substring(0, half);
    delta2 = token.substring(half) + " today.";
    plainDelta = "The parcel [2 boxes] left the warehouse ";
    stream = unmasker.streaming();
  }

  private static String text(int size, int every, Random r) {
    String[] words = {"the", "order", "shipped", "customer", "asked", "about", "invoice", "delivery", "[note]", "price"};
    StringBuilder sb = new StringBuilder(size + 64);
    int next = every;
    while (sb.length() < size) {
      if (sb.length() >= next) {
        sb.append("user").append(r.nextInt(100_000)).append("@example.com ");
        next += every;
      } else {
        sb.append(words[r.nextInt(words.length)]).append(r.nextInt(8) == 0 ? ".\n" : " ");
      }
    }
    return sb.substring(0, size);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public MaskResult detectRedact1MB() {
    return pipeline.mask(text1mb, "redact");
  }

  private static String logs(int size, Random r) {
    String[] levels = {"INFO ", "DEBUG", "WARN ", "ERROR"};
    StringBuilder sb = new StringBuilder(size + 256);
    long millis = 0;
    while (sb.length() < size) {
      millis += r.nextInt(900);
      sb.append(String.format("2026-11-24T%02d:%02d:%02d.%03dZ %s [worker-%d] ", millis / 3_600_000 % 24,
          millis / 60_000 % 60, millis / 1000 % 60, millis % 1000, levels[r.nextInt(4)], r.nextInt(16)));
      switch (r.nextInt(8)) {
        case 0:
          sb.append("user u").append(r.nextInt(99_999)).append("@example.com logged in from 10.0.")
              .append(r.nextInt(256)).append('.').append(r.nextInt(256));
          break;
        case 1:
          sb.append("payment authorized order=").append(r.nextInt(99_999)).append(" amount=")
              .append(r.nextInt(900)).append('.').append(r.nextInt(90) + 10).append(" EUR");
          break;
        case 2:
          sb.append("cache miss key=session:").append(r.nextInt(99_999)).append(" ttl=300");
          break;
        case 3:
          sb.append("GET /api/v2/orders/").append(r.nextInt(999_999)).append(" 200 ").append(r.nextInt(400)).append("ms");
          break;
        case 4:
          sb.append("connection pool stats active=").append(r.nextInt(10)).append(" idle=3 waiting=0");
          break;
        case 5:
          sb.append("shipment created tracking=1Z999AA1").append(1_000_000_000L + r.nextInt(999_999_999))
              .append(" version=4.2.").append(r.nextInt(20));
          break;
        default:
          sb.append("scheduled task cleanup finished in ").append(r.nextInt(5000)).append(" ms");
      }
      sb.append('\n');
    }
    return sb.substring(0, size);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public MaskResult detectRedactLogs1MB() {
    return pipeline.mask(logs1mb, "redact");
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public MaskResult detectRedactCorpus1MB() {
    return pipeline.mask(corpus1mb, "redact");
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Object detectOnly1MB() {
    return pipeline.detect(text1mb);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public String tokenizeOneValue() {
    return pipeline.maskValue("alice@example.com", "EMAIL", "token");
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public String hashOneValue() {
    return pipeline.maskValue("alice@example.com", "EMAIL", "hash");
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public String baselineReplace1MB() {
    return text1mb.replace("customer", "[CUSTOMER]");
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public MaskResult tokenize4KBPrompt() {
    return pipeline.mask(prompt4kb, "token");
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public String unmaskPlainSseDelta() {
    return stream.push(plainDelta);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public String baselineCopyPlainSseDelta() {
    return new StringBuilder(plainDelta.length()).append(plainDelta).toString();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public String unmaskTokenSplitAcrossTwoSseDeltas() {
    StreamingUnmasker s = unmasker.streaming();
    return s.push(delta1) + s.push(delta2);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public String baselineCopySseDelta() {
    return delta1 + delta2;
  }
}
