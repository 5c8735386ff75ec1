package dev.residency.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.eventstream.HeaderValue;

/**
 * Streamed Bedrock answers through the real async SDK (Netty, HTTP/1.1) against MockWebServer
 * serving real event-stream frames.
 */
class ResidencyBedrockStreamTest {
  static final String EMAIL = "alice@example.com";
  static final String IBAN = "DE89370400440532013000";
  static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * HTTP/1.1, so that chunked transfer encoding can cut the body into 7-byte pieces; the client's
   * default (HTTP/2) has a test of its own. Shared, because a Netty client per test spends seconds
   * shutting down.
   */
  static final SdkAsyncHttpClient HTTP = NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1).build();

  @StartStop final MockWebServer server = new MockWebServer();

  @AfterAll
  static void closeHttp() {
    HTTP.close();
  }

  final InMemoryAuditSink sink = AuditSinks.inMemory();
  final ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EEA")
      .declareHost("localhost", "aws:eu-central-1").build()).setAuditSink(sink).build();
  final String emailToken = guard.masking().mask(EMAIL, "token").text();
  final String ibanToken = guard.masking().mask(IBAN, "token").text();

  /** Response bytes as the HTTP client delivered them, and as the SDK's decoder received them. */
  final List<byte[]> wire = Collections.synchronizedList(new ArrayList<>());
  final List<byte[]> decoded = Collections.synchronizedList(new ArrayList<>());

  BedrockRuntimeAsyncClient client(ResidencyBedrock residency) {
    return BedrockRuntimeAsyncClient.builder()
        .region(Region.EU_CENTRAL_1)
        .endpointOverride(URI.create("http://localhost:" + server.getPort()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .httpClient(HTTP)
        // Response-side hooks run last-added first: `decoded` sees our output, `wire` the raw body.
        .overrideConfiguration(c -> c.addExecutionInterceptor(new Recording(decoded))
            .addExecutionInterceptor(residency.createExecutionInterceptor())
            .addExecutionInterceptor(new Recording(wire)))
        .build();
  }

  BedrockRuntimeAsyncClient client() {
    return client(ResidencyBedrock.create(guard));
  }

  // ---- frames as Bedrock sends them ----

  static byte[] frame(String eventType, String json) {
    Map<String, HeaderValue> h = new LinkedHashMap<>();
    h.put(":event-type", HeaderValue.fromString(eventType));
    h.put(":content-type", HeaderValue.fromString("application/json"));
    h.put(":message-type", HeaderValue.fromString("event"));
    return bytes(new software.amazon.eventstream.Message(h, json.getBytes(StandardCharsets.UTF_8)).toByteBuffer());
  }

  static byte[] exceptionFrame(String exceptionType, String json) {
    Map<String, HeaderValue> h = new LinkedHashMap<>();
    h.put(":exception-type", HeaderValue.fromString(exceptionType));
    h.put(":content-type", HeaderValue.fromString("application/json"));
    h.put(":message-type", HeaderValue.fromString("exception"));
    return bytes(new software.amazon.eventstream.Message(h, json.getBytes(StandardCharsets.UTF_8)).toByteBuffer());
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  static String quote(String s) throws Exception {
    return JSON.writeValueAsString(s);
  }

  static byte[] textDelta(int index, String text) throws Exception {
    return frame("contentBlockDelta", "{\"contentBlockIndex\":" + index + ",\"delta\":{\"text\":" + quote(text) + "},\"p\":\"abcdefgh\"}");
  }

  static List<byte[]> converseStream(List<byte[]> deltas) {
    List<byte[]> frames = new ArrayList<>();
    frames.add(frame("messageStart", "{\"role\":\"assistant\",\"p\":\"abcd\"}"));
    frames.add(frame("contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{},\"p\":\"ab\"}"));
    frames.addAll(deltas);
    frames.add(frame("contentBlockStop", "{\"contentBlockIndex\":0,\"p\":\"abc\"}"));
    frames.add(frame("messageStop", "{\"stopReason\":\"end_turn\",\"p\":\"abcdef\"}"));
    frames.add(frame("metadata", "{\"usage\":{\"inputTokens\":5,\"outputTokens\":7,\"totalTokens\":12},\"metrics\":{\"latencyMs\":3},\"p\":\"a\"}"));
    return frames;
  }

  static Buffer concat(List<byte[]> frames) {
    Buffer b = new Buffer();
    frames.forEach(b::write);
    return b;
  }

  static byte[] join(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    synchronized (parts) {
      parts.forEach(out::writeBytes);
    }
    return out.toByteArray();
  }

  void serve(List<byte[]> frames) {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/vnd.amazon.eventstream")
        .addHeader("x-amzn-RequestId", "req-1").body(concat(frames)).build());
  }

  /** Served in 7-byte HTTP chunks, a few bytes at a time, so frames arrive cut at odd places. */
  void serveChopped(List<byte[]> frames) {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/vnd.amazon.eventstream")
        .chunkedBody(concat(frames), 7).throttleBody(23, 1, TimeUnit.MILLISECONDS).build());
  }

  static Message user(String text) {
    return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
  }

  /** Streams a ConverseStream answer; returns every contentBlockDelta event the caller's visitor saw. */
  static List<ContentBlockDeltaEvent> converse(BedrockRuntimeAsyncClient bedrock, String prompt) {
    List<ContentBlockDeltaEvent> deltas = Collections.synchronizedList(new ArrayList<>());
    bedrock.converseStream(r -> r.modelId(MODEL).messages(user(prompt)),
        ConverseStreamResponseHandler.builder()
            .subscriber(ConverseStreamResponseHandler.Visitor.builder().onContentBlockDelta(deltas::add).build())
            .build()).join();
    return deltas;
  }

  static String text(List<ContentBlockDeltaEvent> deltas) {
    return deltas.stream().map(d -> d.delta().text() == null ? "" : d.delta().text()).collect(Collectors.joining());
  }

  // ---- ConverseStream ----

  @Test
  void restoresATokenSplitAcrossThreeConverseStreamDeltasAndSendsOnlyTokens() throws Exception {
    String t = emailToken;
    serve(converseStream(List.of(textDelta(0, "Wrote to " + t.substring(0, 5)), textDelta(0, t.substring(5, 20)),
        textDelta(0, t.substring(20) + " and " + ibanToken.substring(0, 1)), textDelta(0, ibanToken.substring(1) + "."))));

    List<ContentBlockDeltaEvent> deltas;
    try (BedrockRuntimeAsyncClient bedrock = client()) {
      deltas = converse(bedrock, "Write to " + EMAIL + " about " + IBAN);
    }

    String prompt = server.takeRequest().getBody().string(StandardCharsets.UTF_8);
    assertThat(prompt).doesNotContain(EMAIL).doesNotContain(IBAN).contains(emailToken).contains(ibanToken);
    assertThat(text(deltas)).isEqualTo("Wrote to " + EMAIL + " and " + IBAN + ".");
    assertThat(deltas).hasSize(4).allSatisfy(d -> assertThat(d.contentBlockIndex()).isZero());
    assertThat(deltas.get(2).delta().text()).isEqualTo(EMAIL + " and ");
    assertThat(sink.events().stream().filter(e -> e.type() == AuditEvent.Type.MASKING).map(AuditEvent::maskCounts))
        .containsExactly(Map.of("EMAIL:token", 1, "IBAN:token", 1));
  }

  @Test
  void restoresTokensOverHttp2WithTheClientsDefaultProtocol() throws Exception {
    server.setProtocols(List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE));
    serve(converseStream(List.of(textDelta(0, "To " + emailToken.substring(0, 20)), textDelta(0, emailToken.substring(20)))));

    List<ContentBlockDeltaEvent> deltas;
    try (BedrockRuntimeAsyncClient bedrock = BedrockRuntimeAsyncClient.builder()
        .region(Region.EU_CENTRAL_1)
        .endpointOverride(URI.create("http://localhost:" + server.getPort()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .overrideConfiguration(c -> c.addExecutionInterceptor(ResidencyBedrock.create(guard).createExecutionInterceptor()))
        .build()) {
      deltas = converse(bedrock, "hi");
    }

    assertThat(server.takeRequest().getVersion()).isEqualTo("HTTP/2");
    assertThat(text(deltas)).isEqualTo("To " + EMAIL);
  }

  @Test
  void restoresTokensWhenTheHttpBodyArrivesCutMidFrame() throws Exception {
    List<byte[]> deltas = new ArrayList<>();
    String text = "To " + emailToken + ", cc " + emailToken + " [1] done";
    for (int i = 0; i < text.length(); i += 9) {
      deltas.add(textDelta(0, text.substring(i, Math.min(text.length(), i + 9))));
    }
    List<byte[]> frames = converseStream(deltas);
    serveChopped(frames);

    List<ContentBlockDeltaEvent> seen;
    try (BedrockRuntimeAsyncClient bedrock = client()) {
      seen = converse(bedrock, "hi");
    }

    assertThat(text(seen)).isEqualTo("To " + EMAIL + ", cc " + EMAIL + " [1] done");
    assertThat(wire.size()).as("buffers the HTTP client delivered").isGreaterThan(frames.size());
    assertThat(cutMidFrame(frames, wire)).as("some buffer ends inside a frame").isTrue();
  }

  @Test
  void deliversAHeldBackPrefixThatNeverBecameATokenBeforeContentBlockStop() throws Exception {
    serve(converseStream(List.of(textDelta(0, "Array a[0] and b["), textDelta(0, "[EMAIL:k"))));
    List<String> order = Collections.synchronizedList(new ArrayList<>());

    try (BedrockRuntimeAsyncClient bedrock = client()) {
      bedrock.converseStream(r -> r.modelId(MODEL).messages(user("hi")), ConverseStreamResponseHandler.builder()
          .subscriber(ConverseStreamResponseHandler.Visitor.builder()
              .onContentBlockDelta(d -> order.add("delta:" + d.delta().text()))
              .onContentBlockStop(s -> order.add("stop:" + s.contentBlockIndex()))
              .onMessageStop(s -> order.add("messageStop"))
              .build())
          .build()).join();
    }

    assertThat(order).containsExactly("delta:Array a[0] and b", "delta:", "delta:[[EMAIL:k", "stop:0", "messageStop");
  }

  @Test
  void passesAnExceptionFrameThroughAndTheSdkRaisesIt() throws Exception {
    byte[] exception = exceptionFrame("modelStreamErrorException", "{\"message\":\"model failed\",\"originalStatusCode\":500}");
    List<byte[]> frames = List.of(frame("messageStart", "{\"role\":\"assistant\"}"),
        textDelta(0, "To " + emailToken.substring(0, 12)), textDelta(0, emailToken.substring(12) + " ["), exception);
    serve(frames);
    List<ContentBlockDeltaEvent> deltas = Collections.synchronizedList(new ArrayList<>());

    Throwable thrown;
    try (BedrockRuntimeAsyncClient bedrock = client()) {
      thrown = catchThrowable(() -> bedrock.converseStream(r -> r.modelId(MODEL).messages(user("hi")),
          ConverseStreamResponseHandler.builder()
              .subscriber(ConverseStreamResponseHandler.Visitor.builder().onContentBlockDelta(deltas::add).build())
              .build()).join());
    }

    assertThat(thrown).hasRootCauseInstanceOf(ModelStreamErrorException.class);
    assertThat(text(deltas)).isEqualTo("To " + EMAIL + " [");
    byte[] out = join(decoded);
    assertThat(ByteBuffer.wrap(out, out.length - exception.length, exception.length)).isEqualTo(ByteBuffer.wrap(exception));
  }

  @Test
  void passesAStreamWithoutTokensThroughByteForByteWhenNothingIsMasked() throws Exception {
    ResidencyBedrock noMasking = ResidencyBedrock.builder(guard).setMaskPrompts(false).build();
    List<byte[]> frames = converseStream(List.of(textDelta(0, "Plain answer, "), textDelta(0, "a [link](x) and [1].")));
    serve(frames);

    List<ContentBlockDeltaEvent> deltas;
    try (BedrockRuntimeAsyncClient bedrock = client(noMasking)) {
      deltas = converse(bedrock, "Write to " + EMAIL);
    }

    assertThat(server.takeRequest().getBody().string(StandardCharsets.UTF_8)).contains(EMAIL);
    assertThat(text(deltas)).isEqualTo("Plain answer, a [link](x) and [1].");
    assertThat(join(decoded)).isEqualTo(concat(frames).readByteArray()).isEqualTo(join(wire));
  }

  @Test
  void restoresStreamedToolUseInputAndReasoningPerContentBlock() throws Exception {
    String input = "{\"to\":\"" + emailToken + "\"}";
    List<byte[]> frames = List.of(
        frame("messageStart", "{\"role\":\"assistant\"}"),
        frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"text\":"
            + quote("User is " + emailToken.substring(0, 9)) + "}}}"),
        frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"text\":"
            + quote(emailToken.substring(9)) + "}}}"),
        frame("contentBlockStop", "{\"contentBlockIndex\":0}"),
        frame("contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"send\"}}}"),
        frame("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":" + quote(input.substring(0, 14)) + "}}}"),
        frame("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":" + quote(input.substring(14)) + "}}}"),
        frame("contentBlockStop", "{\"contentBlockIndex\":1}"),
        frame("messageStop", "{\"stopReason\":\"tool_use\"}"));
    serve(frames);
    StringBuilder reasoning = new StringBuilder();
    StringBuilder tool = new StringBuilder();

    try (BedrockRuntimeAsyncClient bedrock = client()) {
      bedrock.converseStream(r -> r.modelId(MODEL).messages(user("hi")), ConverseStreamResponseHandler.builder()
          .subscriber(ConverseStreamResponseHandler.Visitor.builder().onContentBlockDelta(d -> {
            if (d.delta().reasoningContent() != null) {
              reasoning.append(d.delta().reasoningContent().text());
            } else if (d.delta().toolUse() != null) {
              tool.append(d.delta().toolUse().input());
            }
          }).build())
          .build()).join();
    }

    assertThat(reasoning).hasToString("User is " + EMAIL);
    assertThat(JSON.readTree(tool.toString()).get("to").asText()).isEqualTo(EMAIL);
  }

  @Test
  void escapesAValueWithQuotesAndBackslashesRestoredInStreamedToolUseInput() throws Exception {
    // a value masked by a field rule or a dictionary term may hold characters JSON must escape
    String awkward = "He said \"hi\"\nC:\\temp\\x";
    String token = guard.masking().maskValue(awkward, "FIELD", "token");
    String input = "{\"note\":\"" + token + "\",\"n\":1}";
    List<byte[]> frames = new java.util.ArrayList<>();
    frames.add(frame("messageStart", "{\"role\":\"assistant\"}"));
    frames.add(frame("contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"note\"}}}"));
    for (int i = 0; i < input.length(); i += 7) {
      frames.add(frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":"
          + quote(input.substring(i, Math.min(input.length(), i + 7))) + "}}}"));
    }
    frames.add(frame("contentBlockStop", "{\"contentBlockIndex\":0}"));
    frames.add(frame("messageStop", "{\"stopReason\":\"tool_use\"}"));
    serve(frames);
    StringBuilder tool = new StringBuilder();

    try (BedrockRuntimeAsyncClient bedrock = client()) {
      bedrock.converseStream(r -> r.modelId(MODEL).messages(user("hi")), ConverseStreamResponseHandler.builder()
          .subscriber(ConverseStreamResponseHandler.Visitor.builder().onContentBlockDelta(d -> {
            if (d.delta().toolUse() != null) {
              tool.append(d.delta().toolUse().input());
            }
          }).build())
          .build()).join();
    }

    assertThat(JSON.readTree(tool.toString()).get("note").asText()).isEqualTo(awkward);
    assertThat(JSON.readTree(tool.toString()).get("n").asInt()).isEqualTo(1);
  }

  // ---- InvokeModelWithResponseStream ----

  static byte[] chunk(String modelEvent) {
    String b64 = Base64.getEncoder().encodeToString(modelEvent.getBytes(StandardCharsets.UTF_8));
    return frame("chunk", "{\"bytes\":\"" + b64 + "\"}");
  }

  static List<byte[]> anthropicStream(List<String> texts) throws Exception {
    List<byte[]> frames = new ArrayList<>();
    frames.add(chunk("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[]}}"));
    frames.add(chunk("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
    for (String t : texts) {
      frames.add(chunk("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + quote(t) + "}}"));
    }
    frames.add(chunk("{\"type\":\"content_block_stop\",\"index\":0}"));
    frames.add(chunk("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9}}"));
    frames.add(chunk("{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":5,"
        + "\"outputTokenCount\":9,\"invocationLatency\":40,\"firstByteLatency\":10}}"));
    return frames;
  }

  /** The model events the caller's visitor saw, decoded from each chunk's bytes. */
  static List<JsonNode> invoke(BedrockRuntimeAsyncClient bedrock, String prompt) throws Exception {
    List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());
    String body = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":"
        + quote(prompt) + "}]}";
    bedrock.invokeModelWithResponseStream(r -> r.modelId(MODEL).contentType("application/json").body(SdkBytes.fromUtf8String(body)),
        InvokeModelWithResponseStreamResponseHandler.builder()
            .subscriber(InvokeModelWithResponseStreamResponseHandler.Visitor.builder().onChunk(c -> {
              try {
                events.add(JSON.readTree(c.bytes().asUtf8String()));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }).build())
            .build()).join();
    return events;
  }

  static String anthropicText(List<JsonNode> events) {
    return events.stream().filter(e -> e.path("type").asText().equals("content_block_delta"))
        .map(e -> e.at("/delta/text").asText()).collect(Collectors.joining());
  }

  @Test
  void restoresAnthropicChunksOfInvokeModelWithResponseStreamCutAcrossEventsAndBuffers() throws Exception {
    String t = emailToken;
    List<byte[]> frames = anthropicStream(List.of("Hi ", t.substring(0, 3), t.substring(3, 30), t.substring(30) + " and [", "[x]] ["));
    serveChopped(frames);

    List<JsonNode> events;
    try (BedrockRuntimeAsyncClient bedrock = client()) {
      events = invoke(bedrock, "Write to " + EMAIL);
    }

    assertThat(server.takeRequest().getBody().string(StandardCharsets.UTF_8)).doesNotContain(EMAIL).contains(emailToken);
    assertThat(anthropicText(events)).isEqualTo("Hi " + EMAIL + " and [[x]] [");
    List<String> types = events.stream().map(e -> e.path("type").asText()).collect(Collectors.toList());
    // The trailing "[" held back comes out in an extra delta before its block's stop.
    assertThat(types.subList(types.size() - 5, types.size()))
        .containsExactly("content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
    assertThat(events.get(events.size() - 4).at("/delta/text").asText()).isEqualTo("[");
    assertThat(events.get(events.size() - 1).has("amazon-bedrock-invocationMetrics")).isTrue();
    assertThat(cutMidFrame(frames, wire)).isTrue();
  }

  @Test
  void restoresTitanAndMistralShapedChunks() throws Exception {
    String t = ibanToken;
    List<byte[]> frames = List.of(
        chunk("{\"outputText\":" + quote("IBAN " + t.substring(0, 10)) + ",\"index\":0,\"completionReason\":null}"),
        chunk("{\"outputText\":" + quote(t.substring(10)) + ",\"index\":0,\"completionReason\":\"FINISH\"}"),
        chunk("{\"outputs\":[{\"text\":" + quote(" / " + t.substring(0, 17)) + ",\"stop_reason\":null}]}"),
        chunk("{\"outputs\":[{\"text\":" + quote(t.substring(17)) + ",\"stop_reason\":\"stop\"}]}"));
    serve(frames);

    List<JsonNode> events;
    try (BedrockRuntimeAsyncClient bedrock = client()) {
      events = invoke(bedrock, "hi");
    }

    assertThat(events.get(0).get("outputText").asText() + events.get(1).get("outputText").asText()).isEqualTo("IBAN " + IBAN);
    assertThat(events.get(1).get("completionReason").asText()).isEqualTo("FINISH");
    assertThat(events.get(2).at("/outputs/0/text").asText() + events.get(3).at("/outputs/0/text").asText()).isEqualTo(" / " + IBAN);
  }

  @Test
  void passesAnInvokeStreamWithoutTokensThroughByteForByte() throws Exception {
    List<byte[]> frames = anthropicStream(List.of("No ", "tokens [1] here."));
    serve(frames);

    List<JsonNode> events;
    try (BedrockRuntimeAsyncClient bedrock = client(ResidencyBedrock.builder(guard).setMaskPrompts(false).build())) {
      events = invoke(bedrock, "hi");
    }

    assertThat(anthropicText(events)).isEqualTo("No tokens [1] here.");
    assertThat(join(decoded)).isEqualTo(concat(frames).readByteArray());
  }

  // ---- helpers ----

  /** Whether some delivered buffer ended strictly inside a frame. */
  static boolean cutMidFrame(List<byte[]> frames, List<byte[]> buffers) {
    List<Integer> ends = new ArrayList<>();
    int at = 0;
    for (byte[] f : frames) {
      at += f.length;
      ends.add(at);
    }
    int pos = 0;
    synchronized (buffers) {
      for (byte[] b : buffers) {
        pos += b.length;
        if (!ends.contains(pos)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Records the response body buffers that pass its place in the interceptor chain. */
  static final class Recording implements ExecutionInterceptor {
    private final List<byte[]> into;

    Recording(List<byte[]> into) {
      this.into = into;
    }

    @Override
    public Optional<Publisher<ByteBuffer>> modifyAsyncHttpResponseContent(Context.ModifyHttpResponse context,
        ExecutionAttributes attributes) {
      return context.responsePublisher().map(p -> subscriber -> p.subscribe(new Subscriber<ByteBuffer>() {
        @Override
        public void onSubscribe(Subscription s) {
          subscriber.onSubscribe(s);
        }

        @Override
        public void onNext(ByteBuffer b) {
          into.add(bytes(b.duplicate()));
          subscriber.onNext(b);
        }

        @Override
        public void onError(Throwable t) {
          subscriber.onError(t);
        }

        @Override
        public void onComplete() {
          subscriber.onComplete();
        }
      }));
    }
  }
}
