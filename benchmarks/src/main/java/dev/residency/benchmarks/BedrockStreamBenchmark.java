package dev.residency.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditSink;
import dev.residency.bedrock.internal.ConverseStreamUnmasking;
import dev.residency.bedrock.internal.EventStreamFramer;
import dev.residency.bedrock.internal.InvokeStreamUnmasking;
import dev.residency.mask.MaskingPipeline;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * Unmasking a streamed Bedrock answer, per event-stream frame (target, as for SSE: at most 20 us
 * added per event). ConverseStream {@code contentBlockDelta} frames and InvokeModelWithResponseStream
 * Anthropic {@code chunk} frames, 6 characters of text each, of an answer dense with tokens cut
 * across events, one frame per buffer, through the same {@link EventStreamFramer} the interceptor
 * uses. Baselines in the same run: decoding and re-encoding the same frame (CRCs checked and
 * recomputed) with the AWS event-stream library, plus for chunks the base64 and Jackson round trip
 * of the model's JSON; and the fast path of an answer without tokens.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class BedrockStreamBenchmark {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private MaskingPipeline masking;
  private List<byte[]> converseFrames;
  private List<byte[]> plainConverseFrames;
  private List<byte[]> invokeFrames;
  private EventStreamFramer converse;
  private EventStreamFramer plainConverse;
  private EventStreamFramer invoke;
  private int nextConverse;
  private int nextPlain;
  private int nextInvoke;
  private int nextBaseline;
  private int nextChunkBaseline;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU").build())
        .setAuditSink(AuditSink.NOOP).build();
    masking = guard.masking();
    String answer = "Dear customer, I have forwarded your request to " + masking.mask("alice@example.com", "token").text()
        + " and copied " + masking.mask("bob.smith@example.org", "token").text() + ". The refund goes to IBAN "
        + masking.mask("DE89 3704 0044 0532 0130 00", "token").text() + " within five working days. ";
    converseFrames = frames(answer.repeat(4), BedrockStreamBenchmark::converseDelta);
    plainConverseFrames = frames("Dear customer, your request was forwarded and the refund is on its way. ".repeat(8),
        BedrockStreamBenchmark::converseDelta);
    invokeFrames = frames(answer.repeat(4), BedrockStreamBenchmark::anthropicChunk);
    converse = new EventStreamFramer(new ConverseStreamUnmasking(masking.unmasker()));
    plainConverse = new EventStreamFramer(new ConverseStreamUnmasking(masking.unmasker()));
    invoke = new EventStreamFramer(new InvokeStreamUnmasking(masking.unmasker()));
  }

  private static List<byte[]> frames(String text, Function<String, byte[]> frame) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < text.length(); i += 6) {
      out.add(frame.apply(text.substring(i, Math.min(text.length(), i + 6))));
    }
    return out;
  }

  private static byte[] converseDelta(String piece) {
    return frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":" + quote(piece) + "},\"p\":\"abcdefghijkl\"}");
  }

  private static byte[] anthropicChunk(String piece) {
    String event = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + quote(piece) + "}}";
    return frame("chunk", "{\"bytes\":\"" + Base64.getEncoder().encodeToString(event.getBytes(StandardCharsets.UTF_8)) + "\"}");
  }

  private static String quote(String s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] frame(String eventType, String json) {
    Map<String, HeaderValue> h = new LinkedHashMap<>();
    h.put(":event-type", HeaderValue.fromString(eventType));
    h.put(":content-type", HeaderValue.fromString("application/json"));
    h.put(":message-type", HeaderValue.fromString("event"));
    ByteBuffer b = new Message(h, json.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** One ConverseStream delta frame of an answer whose tokens are cut across events. */
  @Benchmark
  public ByteBuffer unmaskConverseFrameWithTokens() {
    if (nextConverse == converseFrames.size()) {
      nextConverse = 0;
      converse = new EventStreamFramer(new ConverseStreamUnmasking(masking.unmasker()));
    }
    return converse.feed(ByteBuffer.wrap(converseFrames.get(nextConverse++)));
  }

  /** One ConverseStream delta frame of an answer without tokens (decoded, not parsed, copied as is). */
  @Benchmark
  public ByteBuffer unmaskConverseFrameWithoutTokens() {
    if (nextPlain == plainConverseFrames.size()) {
      nextPlain = 0;
      plainConverse = new EventStreamFramer(new ConverseStreamUnmasking(masking.unmasker()));
    }
    return plainConverse.feed(ByteBuffer.wrap(plainConverseFrames.get(nextPlain++)));
  }

  /** One InvokeModelWithResponseStream chunk (Anthropic JSON in base64) of the same answer. */
  @Benchmark
  public ByteBuffer unmaskInvokeChunkWithTokens() {
    if (nextInvoke == invokeFrames.size()) {
      nextInvoke = 0;
      invoke = new EventStreamFramer(new InvokeStreamUnmasking(masking.unmasker()));
    }
    return invoke.feed(ByteBuffer.wrap(invokeFrames.get(nextInvoke++)));
  }

  /** Baseline: decode the same ConverseStream frame (CRCs checked) and encode it again. */
  @Benchmark
  public ByteBuffer baselineDecodeEncodeConverseFrame() {
    if (nextBaseline == converseFrames.size()) {
      nextBaseline = 0;
    }
    return Message.decode(ByteBuffer.wrap(converseFrames.get(nextBaseline++))).toByteBuffer();
  }

  /** Baseline: decode a chunk frame, base64 and Jackson round trip of its model JSON, encode again. */
  @Benchmark
  public ByteBuffer baselineDecodeEncodeInvokeChunk() throws Exception {
    if (nextChunkBaseline == invokeFrames.size()) {
      nextChunkBaseline = 0;
    }
    Message m = Message.decode(ByteBuffer.wrap(invokeFrames.get(nextChunkBaseline++)));
    String b64 = MAPPER.readTree(m.getPayload()).get("bytes").asText();
    byte[] inner = MAPPER.writeValueAsBytes(MAPPER.readTree(Base64.getDecoder().decode(b64)));
    byte[] payload = ("{\"bytes\":\"" + Base64.getEncoder().encodeToString(inner) + "\"}").getBytes(StandardCharsets.UTF_8);
    return new Message(m.getHeaders(), payload).toByteBuffer();
  }
}
