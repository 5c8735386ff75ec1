package dev.residency.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditSink;
import dev.residency.llm.internal.SseUnmasking;
import dev.residency.mask.MaskResult;
import dev.residency.mask.MaskingPipeline;
import java.util.ArrayList;
import java.util.List;
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
 * Issue 7 figures. Masking a 4 KB chat-completions prompt (target: p99 under 1 ms), against the
 * baseline of parsing and re-serializing the same JSON with Jackson (what any body rewrite pays).
 * Unmasking a streamed answer (target: at most 20 us added per SSE event), per event, for a stream
 * whose tokens are cut across events, against the baseline of a Jackson parse of the same event
 * (what the client does with each event anyway) and the fast path of a stream without tokens.
 * The 4 KB figures run in sample mode, so JMH reports percentiles (p0.99); the per-event figures
 * run in average-time mode, because single events take about as long as reading the clock.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class LlmMaskingBenchmark {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private MaskingPipeline masking;
  private String prompt;
  private List<String> tokenEvents;
  private List<String> plainEvents;
  private SseUnmasking stream;
  private SseUnmasking plainStream;
  private int next;
  private int nextPlain;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU").build())
        .setAuditSink(AuditSink.NOOP).build();
    masking = guard.masking();
    prompt = prompt4k();
    String token = masking.mask("alice@example.com", "token").text();
    String answer = "Dear customer, I have forwarded your request to " + token + " and copied "
        + masking.mask("bob.smith@example.org", "token").text() + ". The refund goes to IBAN "
        + masking.mask("DE89 3704 0044 0532 0130 00", "token").text() + " within five working days. ";
    tokenEvents = events(answer.repeat(4));
    plainEvents = events("Dear customer, your request was forwarded and the refund is on its way. ".repeat(8));
    stream = new SseUnmasking(masking.unmasker());
    plainStream = new SseUnmasking(masking.unmasker());
  }

  /** OpenAI chat.completion.chunk events, 6 characters of content each. */
  private static List<String> events(String text) throws Exception {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < text.length(); i += 6) {
      String piece = text.substring(i, Math.min(text.length(), i + 6));
      out.add("{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1732400000,\"model\":\"gpt-4o\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + MAPPER.writeValueAsString(piece) + "},\"finish_reason\":null}]}");
    }
    return out;
  }

  /** A ~4 KB chat-completions body: system prompt, a few turns, an email, a phone number and an IBAN. */
  static String prompt4k() throws Exception {
    StringBuilder turns = new StringBuilder();
    String filler = "Please summarize the ticket history below and propose the next step for the support agent. ";
    int i = 0;
    while (turns.length() < 3600) {
      String user = filler + "Customer " + i + " wrote from alice" + i + "@example.com, phone +49 30 1234567" + (i % 10)
          + ", IBAN DE89 3704 0044 0532 0130 00. " + filler;
      turns.append(",{\"role\":\"user\",\"content\":").append(MAPPER.writeValueAsString(user)).append('}');
      turns.append(",{\"role\":\"assistant\",\"content\":\"Noted; the ticket is escalated to tier two.\"}");
      i++;
    }
    return "{\"model\":\"gpt-4o\",\"temperature\":0.2,\"messages\":[{\"role\":\"system\",\"content\":"
        + "\"You are a support assistant. Never reveal internal notes.\"}" + turns + "]}";
  }

  /** Mask a 4 KB JSON prompt with reversible tokens (the wrapper's per-call work on the request). */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public MaskResult maskPrompt4k() {
    return masking.maskJson(prompt, "token");
  }

  /** Baseline: parse and re-serialize the same 4 KB body with Jackson. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public String baselineJsonRoundTrip4k() throws Exception {
    return MAPPER.writeValueAsString(MAPPER.readTree(prompt));
  }

  /** One SSE event of an answer whose tokens are cut across events (parse, unmask, re-serialize). */
  @Benchmark
  public String unmaskSseEventWithTokens() {
    if (next == tokenEvents.size()) {
      next = 0;
      stream = new SseUnmasking(masking.unmasker());
    }
    return stream.data(tokenEvents.get(next++));
  }

  /** One SSE event of an answer without any token (fast path: no parse). */
  @Benchmark
  public String unmaskSseEventWithoutTokens() {
    if (nextPlain == plainEvents.size()) {
      nextPlain = 0;
      plainStream = new SseUnmasking(masking.unmasker());
    }
    return plainStream.data(plainEvents.get(nextPlain++));
  }

  /** Baseline: the Jackson parse a client does on each event anyway. */
  @Benchmark
  public Object baselineParseSseEvent() throws Exception {
    if (next == tokenEvents.size()) {
      next = 0;
    }
    return MAPPER.readTree(tokenEvents.get(next++));
  }
}
