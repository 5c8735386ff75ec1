package dev.residency.llm;

import static dev.residency.llm.TestLlm.AZURE;
import static dev.residency.llm.TestLlm.EMAIL;
import static dev.residency.llm.TestLlm.decisions;
import static dev.residency.llm.TestLlm.euPolicy;
import static dev.residency.llm.TestLlm.guard;
import static dev.residency.llm.TestLlm.plainClient;
import static dev.residency.llm.TestLlm.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.Decision;
import dev.residency.Outcome;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import dev.residency.mask.MaskingSettings;
import dev.residency.mask.MaskingSettings.FieldRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

/** Azure OpenAI deployments, Anthropic Messages with inference_geo, Vertex AI generateContent. */
class ProvidersTest {
  static final MediaType JSON = MediaType.get("application/json");

  @StartStop final MockWebServer server = new MockWebServer();

  final InMemoryAuditSink sink = AuditSinks.inMemory();
  final ObjectMapper mapper = new ObjectMapper();

  HttpUrl url(String host, String pathAndQuery) {
    return HttpUrl.get("http://" + host + ":" + server.getPort() + pathAndQuery);
  }

  static String post(OkHttpClient client, HttpUrl url, String body, String... headers) throws IOException {
    Request.Builder b = new Request.Builder().url(url).post(RequestBody.create(body, JSON));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try (Response r = client.newCall(b.build()).execute()) {
      return r.body().string();
    }
  }

  static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
  }

  static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final String OK = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}}]}";

  @Test
  void allowsAStandardAzureDeploymentInItsResourceRegion() throws Exception {
    OkHttpClient client = ResidencyLlm.create(guard(euPolicy().build(), sink)).wrap(plainClient());
    server.enqueue(json(OK));

    post(client, url(AZURE, "/openai/deployments/gpt-4o-se/chat/completions?api-version=2024-10-21"), CHAT);

    assertThat(server.getRequestCount()).isEqualTo(1);
    Decision d = decisions(sink).get(0);
    assertThat(d.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(d.endpoint().resource()).isEqualTo("gpt-4o-se");
  }

  @Test
  void deniesAGlobalStandardAzureDeploymentUnderAnEuPolicy() {
    OkHttpClient client = ResidencyLlm.create(guard(euPolicy().build(), sink)).wrap(plainClient());

    Throwable thrown = catchThrowable(() ->
        post(client, url(AZURE, "/openai/deployments/gpt-4o-global/chat/completions?api-version=2024-10-21"), CHAT));

    assertThat(ResidencyViolationException.find(thrown).decision().explanation()).contains("Global");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void decidesTheAzureV1ApiByTheDeploymentNamedInTheBody() {
    OkHttpClient client = ResidencyLlm.create(guard(euPolicy().build(), sink)).wrap(plainClient());

    Throwable thrown = catchThrowable(() -> post(client, url(AZURE, "/openai/v1/chat/completions"),
        "{\"model\":\"gpt-4o-global\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));

    assertThat(ResidencyViolationException.find(thrown).decision().endpoint().resource()).isEqualTo("gpt-4o-global");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void deniesAnUndeclaredAzureDeployment() {
    OkHttpClient client = ResidencyLlm.create(guard(euPolicy().build(), sink)).wrap(plainClient());

    Throwable thrown = catchThrowable(() ->
        post(client, url(AZURE, "/openai/deployments/other/chat/completions?api-version=2024-10-21"), CHAT));

    assertThat(ResidencyViolationException.find(thrown)).isNotNull();
    assertThat(server.getRequestCount()).isZero();
  }

  static final String MESSAGES = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,\"system\":\"Reply briefly.\","
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Write to " + EMAIL + "\"}]}";

  @Test
  void readsAnAnthropicRequestWithoutInferenceGeoAsGlobalAndDeniesIt() {
    OkHttpClient client = ResidencyLlm.create(guard(euPolicy().build(), sink)).wrap(plainClient());

    Throwable thrown = catchThrowable(() -> post(client, url("api.anthropic.com", "/v1/messages"), MESSAGES,
        "anthropic-version", "2023-06-01"));

    // Anthropic's documented default when the body omits inference_geo is global.
    assertThat(ResidencyViolationException.find(thrown).decision().location().isGlobal()).isTrue();
    assertThat(ResidencyViolationException.find(thrown).decision().explanation()).contains("inference_geo");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void deniesAnthropicGlobalInferenceUnderAnEuPolicy() {
    OkHttpClient client = ResidencyLlm.create(guard(euPolicy().build(), sink)).wrap(plainClient());

    Throwable thrown = catchThrowable(() -> post(client, url("api.anthropic.com", "/v1/messages"),
        MESSAGES.replace("{\"model\"", "{\"inference_geo\":\"global\",\"model\""), "anthropic-version", "2023-06-01"));

    assertThat(ResidencyViolationException.find(thrown).decision().endpoint().attribute("inference_geo")).isEqualTo("global");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void setsInferenceGeoFromTheWrapperAndStreamsTheAnswerUnmasked() throws Exception {
    ResidencyGuard guard = guard(euPolicy().allowCountries("US").build(), sink);
    OkHttpClient client = ResidencyLlm.builder(guard).setAnthropicInferenceGeo("us").build().wrap(plainClient());
    String tok = token(guard, EMAIL);
    int cut = tok.length() / 2;
    String sse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[]}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Sent to " + tok.substring(0, cut) + "\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + tok.substring(cut) + ".\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(sse).build());

    String stream = post(client, url("api.anthropic.com", "/v1/messages"),
        MESSAGES.replace("{\"model\"", "{\"stream\":true,\"model\""), "anthropic-version", "2023-06-01");

    RecordedRequest recorded = server.takeRequest();
    String sent = recorded.getBody().string(StandardCharsets.UTF_8);
    assertThat(mapper.readTree(sent).get("inference_geo").asText()).isEqualTo("us");
    assertThat(sent).doesNotContain(EMAIL);
    StringBuilder text = new StringBuilder();
    for (String line : stream.split("\n")) {
      if (line.startsWith("data: ") && line.contains("text_delta")) {
        text.append(mapper.readTree(line.substring(6)).at("/delta/text").asText());
      }
    }
    assertThat(text.toString()).isEqualTo("Sent to " + EMAIL + ".");
    assertThat(stream).contains("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    assertThat(decisions(sink)).singleElement().satisfies(d -> assertThat(d.outcome()).isEqualTo(Outcome.ALLOW));
  }

  @Test
  void restoresTokensInStreamedToolUseJson() throws Exception {
    ResidencyGuard guard = guard(euPolicy().allowCountries("US").build(), sink);
    OkHttpClient client = ResidencyLlm.builder(guard).setAnthropicInferenceGeo("us").build().wrap(plainClient());
    String args = "{\"to\":\"" + token(guard, EMAIL) + "\"}";
    StringBuilder sse = new StringBuilder();
    for (int i = 0; i < args.length(); i += 11) {
      String piece = args.substring(i, Math.min(args.length(), i + 11));
      sse.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
          + "{\"type\":\"input_json_delta\",\"partial_json\":").append(mapper.writeValueAsString(piece)).append("}}\n\n");
    }
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(sse.toString()).build());

    String stream = post(client, url("api.anthropic.com", "/v1/messages"), MESSAGES, "anthropic-version", "2023-06-01");

    StringBuilder json = new StringBuilder();
    for (String line : stream.split("\n")) {
      if (line.startsWith("data: ")) {
        json.append(mapper.readTree(line.substring(6)).at("/delta/partial_json").asText());
      }
    }
    assertThat(mapper.readTree(json.toString()).get("to").asText()).isEqualTo(EMAIL);
  }

  /** A value a JSON field rule masks, with what JSON must escape in it. */
  static final String NOTE = "Line 1: \"quoted\"\nC:\\temp\\x\t€";

  /** Anthropic Messages stream of one tool_use block whose input arrives as 7-character partial_json pieces. */
  static String toolUseStream(String input) throws IOException {
    ObjectMapper m = new ObjectMapper();
    StringBuilder sse = new StringBuilder(
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"role\":\"assistant\",\"content\":[]}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
        + "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"file_note\",\"input\":{}}}\n\n");
    for (int i = 0; i < input.length(); i += 7) {
      sse.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
          + "{\"type\":\"input_json_delta\",\"partial_json\":").append(m.writeValueAsString(input.substring(i, Math.min(input.length(), i + 7))))
          .append("}}\n\n");
    }
    return sse.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n").toString();
  }

  @Test
  void escapesAFieldRuleValueWithQuotesAndBackslashesRestoredInStreamedPartialJson() throws Exception {
    ResidencyGuard guard = guard(euPolicy().allowCountries("US").setMasking(MaskingSettings.builder()
        .addRule(FieldRule.of(FieldRule.Target.FIELD, "note", "token")).build()).build(), sink);
    OkHttpClient client = ResidencyLlm.builder(guard).setAnthropicInferenceGeo("us").build().wrap(plainClient());
    // The model echoes the token the wrapper put on the wire into the input of its next tool call.
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        Matcher token = Pattern.compile("\\[\\[FIELD:[^\\]]+]]").matcher(request.getBody().string(StandardCharsets.UTF_8));
        try {
          String sse = toolUseStream(token.find() ? "{\"note\": \"" + token.group() + " (2)\", \"pinned\": true}" : "{}");
          return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(sse).build();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    });
    String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,\"stream\":true,\"messages\":["
        + "{\"role\":\"user\",\"content\":\"File the note again\"},"
        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"file_note\","
        + "\"input\":{\"note\":" + mapper.writeValueAsString(NOTE) + "}}]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"filed\"}]}]}";

    String stream = post(client, url("api.anthropic.com", "/v1/messages"), body, "anthropic-version", "2023-06-01");

    assertThat(server.takeRequest().getBody().string(StandardCharsets.UTF_8)).doesNotContain("quoted").contains("[[FIELD:");
    StringBuilder json = new StringBuilder();
    for (String line : stream.split("\n")) {
      if (line.startsWith("data: ") && line.contains("input_json_delta")) {
        json.append(mapper.readTree(line.substring(6)).at("/delta/partial_json").asText());
      }
    }
    JsonNode input = mapper.readTree(json.toString());
    assertThat(input.get("note").asText()).isEqualTo(NOTE + " (2)");
    assertThat(input.get("pinned").asBoolean()).isTrue();
    assertThat(stream).endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
  }

  static final String GENERATE = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Summarize for " + EMAIL + "\"}]}]}";

  @Test
  void allowsARegionalVertexEndpointAndUnmasksGenerateContent() throws Exception {
    ResidencyGuard guard = guard(euPolicy().build(), sink);
    OkHttpClient client = ResidencyLlm.create(guard).wrap(plainClient());
    server.enqueue(json("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Done for "
        + token(guard, EMAIL) + "\"}]},\"finishReason\":\"STOP\"}]}"));

    String answer = post(client, url("europe-west4-aiplatform.googleapis.com",
        "/v1/projects/p/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent"), GENERATE);

    assertThat(server.takeRequest().getBody().string(StandardCharsets.UTF_8)).doesNotContain(EMAIL);
    assertThat(mapper.readTree(answer).at("/candidates/0/content/parts/0/text").asText()).isEqualTo("Done for " + EMAIL);
    assertThat(decisions(sink).get(0).location().toString()).contains("europe-west4");
  }

  @Test
  void deniesVertexGlobalLocation() {
    OkHttpClient client = ResidencyLlm.create(guard(euPolicy().build(), sink)).wrap(plainClient());

    Throwable thrown = catchThrowable(() -> post(client, url("aiplatform.googleapis.com",
        "/v1/projects/p/locations/global/publishers/google/models/gemini-2.5-flash:generateContent"), GENERATE));

    assertThat(ResidencyViolationException.find(thrown)).isNotNull();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void deniesTheAsyncCallWithTheSameViolation() throws Exception {
    OkHttpClient client = ResidencyLlm.create(guard(euPolicy().build(), sink)).wrap(plainClient());
    java.util.concurrent.CompletableFuture<IOException> failure = new java.util.concurrent.CompletableFuture<>();

    client.newCall(new Request.Builder().url(url("api.openai.com", "/v1/chat/completions"))
        .post(RequestBody.create(CHAT, JSON)).build()).enqueue(new okhttp3.Callback() {
          @Override
          public void onFailure(okhttp3.Call call, IOException e) {
            failure.complete(e);
          }

          @Override
          public void onResponse(okhttp3.Call call, Response response) {
            response.close();
            failure.complete(null);
          }
        });

    assertThat(ResidencyViolationException.find(failure.get(5, java.util.concurrent.TimeUnit.SECONDS))).isNotNull();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void decidesBedrockOverPlainHttpByTheModelInThePath() {
    OkHttpClient client = ResidencyLlm.create(guard(euPolicy().build(), sink)).wrap(plainClient());

    Throwable thrown = catchThrowable(() -> post(client, url("bedrock-runtime.eu-central-1.amazonaws.com",
        "/model/global.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse"), "{\"messages\":[]}"));

    assertThat(ResidencyViolationException.find(thrown).decision().explanation()).contains("global");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void deniesAnAzurePathItCannotReadWhateverDeploymentTheBodyNames() {
    OkHttpClient client = ResidencyLlm.create(guard(euPolicy().build(), sink)).wrap(plainClient());
    String standard = "{\"model\":\"gpt-4o-se\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    Throwable empty = catchThrowable(() -> post(client,
        url(AZURE, "/openai/deployments//gpt-4o-global/chat/completions?api-version=2024-10-21"), standard));
    Throwable cased = catchThrowable(() -> post(client,
        url(AZURE, "/Openai/deployments/gpt-4o-global/chat/completions?api-version=2024-10-21"), standard));

    assertThat(ResidencyViolationException.find(empty).decision().location().isUnknown()).isTrue();
    assertThat(ResidencyViolationException.find(cased).decision().location().isUnknown()).isTrue();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void decidesBedrocksOpenAiCompatibleApiByTheModelInTheBody() throws Exception {
    OkHttpClient client = ResidencyLlm.create(guard(euPolicy().build(), sink)).wrap(plainClient());
    server.enqueue(json(OK));

    Throwable thrown = catchThrowable(() -> post(client, url("bedrock-runtime.eu-central-1.amazonaws.com",
        "/openai/v1/chat/completions"), "{\"model\":\"us.anthropic.claude-3-haiku-20240307-v1:0\",\"messages\":[]}"));
    post(client, url("bedrock-mantle.eu-central-1.api.aws", "/v1/chat/completions"),
        "{\"model\":\"mistral.mistral-large-2407-v1:0\",\"messages\":[]}");

    assertThat(ResidencyViolationException.find(thrown).decision().explanation()).contains("us.anthropic");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(decisions(sink).get(1).location().region().id()).isEqualTo("aws:eu-central-1");
  }

  @Test
  void decidesBedrockStartAsyncInvokeByTheModelIdInTheBody() {
    OkHttpClient client = ResidencyLlm.create(guard(euPolicy().build(), sink)).wrap(plainClient());

    Throwable thrown = catchThrowable(() -> post(client, url("bedrock-runtime.eu-central-1.amazonaws.com", "/async-invoke"),
        "{\"modelId\":\"us.amazon.nova-reel-v1:1\",\"modelInput\":{},\"outputDataConfig\":{}}"));
    Throwable noModel = catchThrowable(() -> post(client, url("bedrock-runtime.eu-central-1.amazonaws.com", "/async-invoke"),
        "{\"modelInput\":{}}"));

    assertThat(ResidencyViolationException.find(thrown).decision().endpoint().resource()).isEqualTo("us.amazon.nova-reel-v1:1");
    assertThat(ResidencyViolationException.find(noModel).decision().location().isUnknown()).isTrue();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void decidesBedrockApplyGuardrailOnlyByItsDeclaration() throws Exception {
    OkHttpClient undeclared = ResidencyLlm.create(guard(euPolicy().build(), sink)).wrap(plainClient());
    OkHttpClient declared = ResidencyLlm.create(guard(euPolicy().declareResource("gr1abc2def3", "aws:eu-central-1").build(), sink))
        .wrap(plainClient());
    HttpUrl apply = url("bedrock-runtime.eu-central-1.amazonaws.com", "/guardrail/gr1abc2def3/version/1/apply");
    String body = "{\"source\":\"INPUT\",\"content\":[{\"text\":{\"text\":\"hi\"}}]}";
    server.enqueue(json("{}"));

    Throwable thrown = catchThrowable(() -> post(undeclared, apply, body));
    post(declared, apply, body);

    // A guardrail with a cross-Region guardrail profile runs anywhere in its geography: the request does not show it.
    assertThat(ResidencyViolationException.find(thrown).decision().explanation()).contains("guardrail profile");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(decisions(sink).get(1).endpoint().resource()).isEqualTo("gr1abc2def3");
    assertThat(decisions(sink).get(1).outcome()).isEqualTo(Outcome.ALLOW);
  }

  @Test
  void restoresTokensInAStreamedVertexAnswer() throws Exception {
    ResidencyGuard guard = guard(euPolicy().build(), sink);
    OkHttpClient client = ResidencyLlm.create(guard).wrap(plainClient());
    String tok = token(guard, EMAIL);
    String sse = "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hi " + tok.substring(0, 20) + "\"}]}}]}\r\n\r\n"
        + "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"" + tok.substring(20) + "\"}]},\"finishReason\":\"STOP\"}]}\r\n\r\n";
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(sse).build());

    String stream = post(client, url("europe-west4-aiplatform.googleapis.com",
        "/v1/projects/p/locations/europe-west4/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse"), GENERATE);

    StringBuilder text = new StringBuilder();
    for (String line : stream.split("\n")) {
      if (line.startsWith("data: ")) {
        text.append(mapper.readTree(line.substring(6)).at("/candidates/0/content/parts/0/text").asText());
      }
    }
    assertThat(text.toString()).isEqualTo("Hi " + EMAIL);
  }
}
