package dev.residency.llm;

import static dev.residency.llm.TestLlm.EMAIL;
import static dev.residency.llm.TestLlm.decisions;
import static dev.residency.llm.TestLlm.euPolicy;
import static dev.residency.llm.TestLlm.guard;
import static dev.residency.llm.TestLlm.maskings;
import static dev.residency.llm.TestLlm.plainClient;
import static dev.residency.llm.TestLlm.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.Decision;
import dev.residency.Outcome;
import dev.residency.ReasonCode;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import dev.residency.mask.MaskingSettings;
import dev.residency.mask.MaskingSettings.CustomDetector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class OpenAiTest {
  static final MediaType JSON = MediaType.get("application/json");

  @StartStop final MockWebServer server = new MockWebServer();

  final InMemoryAuditSink sink = AuditSinks.inMemory();
  final ResidencyGuard guard = guard(euPolicy().build(), sink);
  final OkHttpClient client = ResidencyLlm.create(guard).wrap(plainClient());
  final ObjectMapper mapper = new ObjectMapper();

  HttpUrl url(String host, String path) {
    return server.url(path).newBuilder().host(host).build();
  }

  String post(HttpUrl url, String body) throws IOException {
    Request request = new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
    try (Response r = client.newCall(request).execute()) {
      return r.body().string();
    }
  }

  static String chatRequest(String user) {
    return "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"You are helpful.\"},"
        + "{\"role\":\"user\",\"content\":\"" + user + "\"}]}";
  }

  static String chatResponse(String content) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}]}";
  }

  static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
  }

  @Test
  void masksThePromptOnTheWireAndUnmasksTheAnswerForTheEuDataResidencyHost() throws Exception {
    server.enqueue(json(chatResponse("I will write to " + token(guard, EMAIL) + " today.")));

    String answer = post(url("eu.api.openai.com", "/v1/chat/completions"), chatRequest("Mail " + EMAIL + " please"));

    RecordedRequest recorded = server.takeRequest();
    String sent = recorded.getBody().string(StandardCharsets.UTF_8);
    assertThat(sent).doesNotContain(EMAIL).contains("[[EMAIL:");
    assertThat(mapper.readTree(sent).at("/messages/0/content").asText()).isEqualTo("You are helpful.");
    assertThat(mapper.readTree(answer).at("/choices/0/message/content").asText())
        .isEqualTo("I will write to " + EMAIL + " today.");
    assertThat(decisions(sink)).singleElement().satisfies(d -> {
      assertThat(d.outcome()).isEqualTo(Outcome.ALLOW);
      assertThat(d.endpoint().host()).isEqualTo("eu.api.openai.com");
      assertThat(d.endpoint().attribute("model")).isEqualTo("gpt-4o");
      assertThat(d.location().toString()).contains("openai:eu");
    });
    assertThat(maskings(sink)).containsExactly(Map.of("EMAIL:token", 1));
  }

  @Test
  void sendsAnEmptyJsonBodyAsItIsWithNothingToMask() throws Exception {
    server.enqueue(json("{}"));

    post(url("eu.api.openai.com", "/v1/chat/completions"), "");

    assertThat(server.takeRequest().getBody().size()).isZero();
    assertThat(maskings(sink)).isEmpty();
  }

  @Test
  void deniesTheGlobalHostUnderAnEuPolicyBeforeTheRequestLeaves() {
    Throwable thrown = catchThrowable(() -> post(url("api.openai.com", "/v1/chat/completions"), chatRequest("hi")));

    assertThat(thrown).isInstanceOf(IOException.class);
    Decision decision = ResidencyViolationException.find(thrown).decision();
    assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
    assertThat(decision.reasonCode()).isNotEqualTo(ReasonCode.DENIED_INVALID_ENDPOINT);
    assertThat(server.getRequestCount()).isZero();
    assertThat(decisions(sink)).hasSize(1);
  }

  @Test
  void roundTripsToolCallArguments() throws Exception {
    String request = "{\"model\":\"gpt-4o\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"Email Alice\"},"
        + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":"
        + "{\"name\":\"send_mail\",\"arguments\":\"{\\\"to\\\":\\\"" + EMAIL + "\\\"}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sent to " + EMAIL + "\"}]}";
    String tokenArgs = mapper.writeValueAsString("{\"to\":\"" + token(guard, EMAIL) + "\",\"cc\":\"" + token(guard, "bob@example.org") + "\"}");
    server.enqueue(json("{\"id\":\"c2\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":null,\"tool_calls\":[{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"send_mail\","
        + "\"arguments\":" + tokenArgs + "}}]},\"finish_reason\":\"tool_calls\"}]}"));

    String answer = post(url("eu.api.openai.com", "/v1/chat/completions"), request);

    String sent = server.takeRequest().getBody().string(StandardCharsets.UTF_8);
    assertThat(sent).doesNotContain(EMAIL);
    JsonNode args = mapper.readTree(mapper.readTree(answer).at("/choices/0/message/tool_calls/0/function/arguments").asText());
    assertThat(args.get("to").asText()).isEqualTo(EMAIL);
    assertThat(args.get("cc").asText()).isEqualTo("bob@example.org");
    assertThat(maskings(sink)).containsExactly(Map.of("EMAIL:token", 2));
  }

  @Test
  void restoresATokenSplitAcrossStreamedEventsExactly() throws Exception {
    String tok = token(guard, EMAIL);
    String text = "Contact " + tok + " now.";
    StringBuilder sse = new StringBuilder();
    // Cut the answer into 7-character deltas, so the token is spread over many events.
    for (int i = 0; i < text.length(); i += 7) {
      String piece = text.substring(i, Math.min(text.length(), i + 7));
      sse.append("data: {\"id\":\"c3\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":")
          .append(mapper.writeValueAsString(piece)).append("},\"finish_reason\":null}]}\n\n");
    }
    sse.append("data: [DONE]\n\n");
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(sse.toString()).build());

    String stream = post(url("eu.api.openai.com", "/v1/chat/completions"), chatRequest("stream please"));

    StringBuilder content = new StringBuilder();
    for (String line : stream.split("\n")) {
      if (line.startsWith("data: {")) {
        content.append(mapper.readTree(line.substring(6)).at("/choices/0/delta/content").asText());
      }
    }
    assertThat(content.toString()).isEqualTo("Contact " + EMAIL + " now.");
    assertThat(stream).doesNotContain("[[EMAIL").endsWith("data: [DONE]\n\n");
  }

  @Test
  void decidesARedirectToAnotherHostBeforeFollowingIt() {
    server.enqueue(new MockResponse.Builder().code(307)
        .addHeader("Location", url("api.openai.com", "/v1/chat/completions").toString()).build());

    Throwable thrown = catchThrowable(() -> post(url("eu.api.openai.com", "/v1/chat/completions"), chatRequest("hi")));

    assertThat(ResidencyViolationException.find(thrown).decision().endpoint().host()).isEqualTo("api.openai.com");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void allowsADeclaredSelfHostedServer() throws Exception {
    server.enqueue(json(chatResponse("ok")));

    String answer = post(url("localhost", "/v1/chat/completions"), chatRequest("hi"));

    assertThat(answer).contains("\"ok\"");
    assertThat(decisions(sink)).extracting(Decision::outcome).containsExactly(Outcome.ALLOW);
  }

  @Test
  void allowsMistralsEuEndpointAndDeniesItsGlobalOne() throws Exception {
    server.enqueue(json(chatResponse("ok")));

    post(url("api.eu.mistral.ai", "/v1/chat/completions"), chatRequest("hi"));
    Throwable thrown = catchThrowable(() -> post(url("api.mistral.ai", "/v1/chat/completions"), chatRequest("hi")));

    assertThat(ResidencyViolationException.find(thrown)).isNotNull();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void proceedsMaskedAndAuditedInReportOnlyMode() throws Exception {
    InMemoryAuditSink reportSink = AuditSinks.inMemory();
    ResidencyGuard reportOnly = ResidencyGuard.builder(euPolicy().build()).setAuditSink(reportSink)
        .setMode(dev.residency.Mode.REPORT_ONLY).build();
    OkHttpClient report = ResidencyLlm.create(reportOnly).wrap(plainClient());
    server.enqueue(json(chatResponse("ok")));

    try (Response r = report.newCall(new Request.Builder().url(url("api.openai.com", "/v1/chat/completions"))
        .post(RequestBody.create(chatRequest("Mail " + EMAIL), JSON)).build()).execute()) {
      r.body().string();
    }

    assertThat(server.takeRequest().getBody().string(StandardCharsets.UTF_8)).doesNotContain(EMAIL);
    assertThat(decisions(reportSink)).singleElement().satisfies(d -> assertThat(d.outcome()).isEqualTo(Outcome.DENY));
  }

  @Test
  void wrappingTwiceAddsTheInterceptorsOnce() {
    OkHttpClient again = ResidencyLlm.create(guard).wrap(client);

    assertThat(again).isSameAs(client);
  }

  /** A dictionary term with what JSON must escape in it. */
  static final String CODENAME = "Blue \"Falcon\" C:\\vault\\7";

  /** OpenAI chat-completions chunks calling {@code file_note} with these arguments, 5 characters a delta. */
  static String toolCallStream(String arguments) throws IOException {
    ObjectMapper m = new ObjectMapper();
    StringBuilder sse = new StringBuilder("data: {\"id\":\"c4\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_4\",\"type\":\"function\","
        + "\"function\":{\"name\":\"file_note\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n");
    for (int i = 0; i < arguments.length(); i += 5) {
      sse.append("data: {\"id\":\"c4\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":"
          + "[{\"index\":0,\"function\":{\"arguments\":").append(m.writeValueAsString(arguments.substring(i, Math.min(arguments.length(), i + 5))))
          .append("}}]},\"finish_reason\":null}]}\n\n");
    }
    return sse.append("data: {\"id\":\"c4\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
        + "\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n").toString();
  }

  /** How the fake model answers, built around the token it received ("none" when it got none). */
  interface EchoingAnswer {
    String sse(String token) throws IOException;
  }

  /**
   * Posts {@code body} to {@code path} through a guard that masks CODENAME, to a server that
   * answers with a stream echoing the token the wrapper put on the wire; returns what the caller read.
   */
  private String throughCodenameGuard(String path, String body, EchoingAnswer answer) throws IOException {
    ResidencyGuard dictionary = guard(euPolicy().setMasking(MaskingSettings.builder()
        .addCustomDetector(CustomDetector.terms("CODENAME", List.of(CODENAME))).build()).build(), sink);
    OkHttpClient wrapped = ResidencyLlm.create(dictionary).wrap(plainClient());
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        Matcher token = Pattern.compile("\\[\\[CODENAME:[^\\]]+]]").matcher(request.getBody().string(StandardCharsets.UTF_8));
        try {
          return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
              .body(answer.sse(token.find() ? token.group() : "none")).build();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    });
    try (Response r = wrapped.newCall(new Request.Builder().url(url("eu.api.openai.com", path))
        .post(RequestBody.create(body, JSON)).build()).execute()) {
      return r.body().string();
    }
  }

  @Test
  void escapesADictionaryTermWithQuotesAndBackslashesRestoredInStreamedToolCallArguments() throws Exception {
    // The model echoes the token the wrapper put on the wire, as a string value of its arguments.
    String body = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
        + mapper.writeValueAsString("File a note on " + CODENAME) + "}]}";

    String stream = throughCodenameGuard("/v1/chat/completions", body,
        t -> toolCallStream("{\"project\": \"" + t + "\", \"priority\": 2}"));

    assertThat(server.takeRequest().getBody().string(StandardCharsets.UTF_8)).doesNotContain("Falcon").contains("[[CODENAME:");
    StringBuilder arguments = new StringBuilder();
    for (String line : stream.split("\n")) {
      if (line.startsWith("data: {")) {
        arguments.append(mapper.readTree(line.substring(6)).at("/choices/0/delta/tool_calls/0/function/arguments").asText());
      }
    }
    JsonNode parsed = mapper.readTree(arguments.toString());
    assertThat(parsed.get("project").asText()).isEqualTo(CODENAME);
    assertThat(parsed.get("priority").asInt()).isEqualTo(2);
    assertThat(arguments.toString()).startsWith("{\"project\": \"Blue \\\"Falcon");
  }

  /** A Responses API stream: a text part, then a function call's arguments, each cut into pieces. */
  String responsesStream(String text, String arguments) throws IOException {
    StringBuilder sse = new StringBuilder();
    int seq = 0;
    for (int i = 0; i < text.length(); i += 6) {
      sse.append("event: response.output_text.delta\ndata: ").append(mapper.writeValueAsString(Map.of(
          "type", "response.output_text.delta", "item_id", "msg_1", "output_index", 0, "content_index", 0,
          "sequence_number", seq++, "delta", text.substring(i, Math.min(text.length(), i + 6))))).append("\n\n");
    }
    for (int i = 0; i < arguments.length(); i += 5) {
      sse.append("event: response.function_call_arguments.delta\ndata: ").append(mapper.writeValueAsString(Map.of(
          "type", "response.function_call_arguments.delta", "item_id", "fc_1", "output_index", 1,
          "sequence_number", seq++, "delta", arguments.substring(i, Math.min(arguments.length(), i + 5)))))
          .append("\n\n");
    }
    sse.append("event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":")
        .append(seq).append("}\n\n");
    return sse.toString();
  }

  @Test
  void restoresResponsesApiTextAndEscapesValuesInFunctionCallArgumentDeltas() throws Exception {
    String body = "{\"model\":\"gpt-4o\",\"stream\":true,\"input\":" + mapper.writeValueAsString("File a note on " + CODENAME) + "}";

    String stream = throughCodenameGuard("/v1/responses", body,
        t -> responsesStream("Filing it under " + t + " now.", "{\"project\": \"" + t + "\", \"priority\": 2}"));

    assertThat(server.takeRequest().getBody().string(StandardCharsets.UTF_8)).doesNotContain("Falcon").contains("[[CODENAME:");
    StringBuilder text = new StringBuilder();
    StringBuilder arguments = new StringBuilder();
    for (String line : stream.split("\n")) {
      if (line.startsWith("data: {")) {
        JsonNode event = mapper.readTree(line.substring(6));
        String type = event.path("type").asText();
        if (type.equals("response.output_text.delta")) {
          text.append(event.get("delta").asText());
        } else if (type.equals("response.function_call_arguments.delta")) {
          arguments.append(event.get("delta").asText());
        }
      }
    }
    assertThat(text).hasToString("Filing it under " + CODENAME + " now.");
    JsonNode parsed = mapper.readTree(arguments.toString());
    assertThat(parsed.get("project").asText()).isEqualTo(CODENAME);
    assertThat(parsed.get("priority").asInt()).isEqualTo(2);
  }
}
