package dev.residency.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.Decision;
import dev.residency.Outcome;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

class ResidencyBedrockTest {
  static final String EMAIL = "alice@example.com";
  static final String IBAN = "DE89370400440532013000";
  static final String PLAIN_MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

  @StartStop final MockWebServer server = new MockWebServer();

  final InMemoryAuditSink sink = AuditSinks.inMemory();

  /** The EEA and Switzerland allowed, the loopback name of the MockWebServer declared in Frankfurt. */
  static ResidencyPolicy.Builder policy() {
    return ResidencyPolicy.builder().allowJurisdictions("EEA").allowCountries("CH").declareHost("localhost", "aws:eu-central-1");
  }

  ResidencyGuard guard(ResidencyPolicy policy) {
    return ResidencyGuard.builder(policy).setAuditSink(sink).build();
  }

  BedrockRuntimeClient client(ResidencyGuard guard, Region region, String host) {
    return BedrockRuntimeClient.builder()
        .region(region)
        .endpointOverride(URI.create("http://" + host + ":" + server.getPort()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.addExecutionInterceptor(ResidencyBedrock.create(guard).createExecutionInterceptor()))
        .build();
  }

  List<Decision> decisions() {
    return sink.events().stream().filter(e -> e.type() == AuditEvent.Type.DECISION).map(AuditEvent::decision)
        .collect(Collectors.toList());
  }

  static Message user(String text) {
    return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
  }

  static String converseResponse(String text) {
    return "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"" + text + "\"}]}},"
        + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":5,\"outputTokens\":7,\"totalTokens\":12},\"metrics\":{\"latencyMs\":3}}";
  }

  @Test
  void conversesWithAnInRegionModelMaskingThePromptAndUnmaskingTheAnswer() throws Exception {
    ResidencyGuard guard = guard(policy().build());
    String token = guard.masking().mask(EMAIL, "token").text();
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body(converseResponse("Wrote to " + token)).build());

    ConverseResponse response;
    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1, "localhost")) {
      response = bedrock.converse(r -> r.modelId(PLAIN_MODEL).messages(user("Write to " + EMAIL))
          .system(s -> s.text("Signed by " + EMAIL)));
    }

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/model/" + PLAIN_MODEL.replace(":", "%3A") + "/converse");
    assertThat(recorded.getBody().string(StandardCharsets.UTF_8)).doesNotContain(EMAIL).contains("[[EMAIL:");
    assertThat(response.output().message().content().get(0).text()).isEqualTo("Wrote to " + EMAIL);
    Decision logical = decisions().get(0);
    assertThat(logical.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(logical.endpoint().host()).isEqualTo("bedrock-runtime.eu-central-1.amazonaws.com");
    assertThat(logical.location().toString()).contains("eu-central-1");
    assertThat(decisions()).hasSize(2);
    assertThat(sink.events().stream().filter(e -> e.type() == AuditEvent.Type.MASKING).map(AuditEvent::maskCounts))
        .containsExactly(Map.of("EMAIL:token", 2));
  }

  @Test
  void deniesAGlobalInferenceProfileUnderAnEuPolicyWithAnSdkClientException() {
    ResidencyGuard guard = guard(policy().build());

    Throwable thrown;
    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1, "localhost")) {
      thrown = catchThrowable(() -> bedrock.converse(r -> r.modelId("global.anthropic.claude-sonnet-4-5-20250929-v1:0")
          .messages(user("hi"))));
    }

    assertThat(thrown).isInstanceOf(SdkClientException.class);
    assertThat(ResidencyViolationException.find(thrown).decision().outcome()).isEqualTo(Outcome.DENY);
    assertThat(server.getRequestCount()).isZero();
    assertThat(decisions()).hasSize(1);
  }

  @Test
  void deniesTheEuProfileWhileACountryItSpansIsNotAllowed() {
    ResidencyGuard guard = guard(policy().build());

    Throwable thrown;
    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1, "localhost")) {
      thrown = catchThrowable(() -> bedrock.converse(r -> r.modelId("eu.anthropic.claude-3-7-sonnet-20250219-v1:0")
          .messages(user("hi"))));
    }

    assertThat(ResidencyViolationException.find(thrown).decision().explanation()).contains("GB");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void allowsTheEuProfileWhenEveryCountryItSpansIsAllowed() {
    ResidencyGuard guard = guard(policy().allowCountries("GB").build());
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(converseResponse("ok")).build());

    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1, "localhost")) {
      bedrock.converse(r -> r.modelId("eu.anthropic.claude-3-7-sonnet-20250219-v1:0").messages(user("hi")));
    }

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(decisions().get(0).location().toString()).contains("aws-bedrock:eu");
  }

  @Test
  void deniesAnUndeclaredPhysicalHostEvenWhenTheModelIsAllowed() {
    ResidencyGuard guard = guard(policy().build());

    Throwable thrown;
    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1, "127.0.0.1")) {
      thrown = catchThrowable(() -> bedrock.converse(r -> r.modelId(PLAIN_MODEL).messages(user("hi"))));
    }

    assertThat(ResidencyViolationException.find(thrown).decision().endpoint().host()).isEqualTo("127.0.0.1");
    assertThat(server.getRequestCount()).isZero();
    assertThat(decisions()).extracting(Decision::outcome).containsExactly(Outcome.ALLOW, Outcome.DENY);
  }

  @Test
  void deniesConverseStreamOnTheAsyncClientBeforeItLeaves() {
    ResidencyGuard guard = guard(policy().build());
    BedrockRuntimeAsyncClient bedrock = BedrockRuntimeAsyncClient.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create("http://localhost:" + server.getPort()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .overrideConfiguration(c -> c.addExecutionInterceptor(ResidencyBedrock.create(guard).createExecutionInterceptor()))
        .build();

    Throwable thrown;
    try (bedrock) {
      thrown = catchThrowable(() -> bedrock.converseStream(r -> r.modelId("us.anthropic.claude-3-5-haiku-20241022-v1:0")
          .messages(user("hi")), ConverseStreamResponseHandler.builder().subscriber(e -> { }).build()).join());
    }

    assertThat(ResidencyViolationException.find(thrown).decision().endpoint().path()).endsWith("/converse-stream");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void masksAndUnmasksAnInvokeModelJsonBody() throws Exception {
    ResidencyGuard guard = guard(policy().build());
    String token = guard.masking().mask(EMAIL, "token").text();
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"content\":[{\"type\":\"text\",\"text\":\"To " + token + "\"}]}").build());

    InvokeModelResponse response;
    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1, "localhost")) {
      response = bedrock.invokeModel(r -> r.modelId(PLAIN_MODEL).contentType("application/json")
          .body(SdkBytes.fromUtf8String("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"Write to " + EMAIL + "\"}]}")));
    }

    assertThat(server.takeRequest().getBody().string(StandardCharsets.UTF_8)).doesNotContain(EMAIL);
    assertThat(response.body().asUtf8String()).contains("To " + EMAIL);
  }

  @Test
  void sendsABlankInvokeModelBodyAsItIsWithNothingToMask() throws Exception {
    ResidencyGuard guard = guard(policy().build());
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body("{}").build());

    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1, "localhost")) {
      bedrock.invokeModel(r -> r.modelId(PLAIN_MODEL).contentType("application/json").body(SdkBytes.fromUtf8String(" ")));
    }

    assertThat(server.takeRequest().getBody().string(StandardCharsets.UTF_8)).isEqualTo(" ");
    assertThat(sink.events()).noneMatch(e -> e.type() == AuditEvent.Type.MASKING);
  }

  @Test
  void auditsARetriedCallOnce() {
    ResidencyGuard guard = guard(policy().build());
    server.enqueue(new MockResponse.Builder().code(500).addHeader("Content-Type", "application/json")
        .body("{\"message\":\"internal\"}").build());
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(converseResponse("ok")).build());

    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1, "localhost")) {
      bedrock.converse(r -> r.modelId(PLAIN_MODEL).messages(user("hi")));
    }

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(decisions()).extracting(d -> d.endpoint().host())
        .containsExactly("bedrock-runtime.eu-central-1.amazonaws.com", "localhost");
  }

  @Test
  void masksToolUseAndJsonToolResultDocumentsAndRestoresToolUseInputInTheAnswer() throws Exception {
    ResidencyGuard guard = guard(policy().build());
    String emailToken = guard.masking().mask(EMAIL, "token").text();
    String ibanToken = guard.masking().mask(IBAN, "token").text();
    Document args = Document.mapBuilder().putString("to", EMAIL).putNumber("retries", 3).putBoolean("urgent", true)
        .putNull("cc").putList("tags", l -> l.addString("x").addString("iban " + IBAN)).build();
    Document result = Document.mapBuilder().putString("status", "sent to " + EMAIL).putNumber("id", 42L).build();
    String answerInput = "{\"to\":\"" + emailToken + "\",\"n\":1.50,\"list\":[\"" + ibanToken + "\",true,null]}";
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(
        "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Again \"},{\"toolUse\":{\"toolUseId\":\"t2\","
            + "\"name\":\"send\",\"input\":" + answerInput + "}}]}},\"stopReason\":\"tool_use\","
            + "\"usage\":{\"inputTokens\":5,\"outputTokens\":7,\"totalTokens\":12},\"metrics\":{\"latencyMs\":3}}").build());
    Message assistant = Message.builder().role(ConversationRole.ASSISTANT).content(
        ContentBlock.fromToolUse(ToolUseBlock.builder().toolUseId("t1").name("send").input(args).build())).build();
    Message toolResult = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromToolResult(
        ToolResultBlock.builder().toolUseId("t1").content(ToolResultContentBlock.fromJson(result)).build())).build();

    ConverseResponse response;
    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1, "localhost")) {
      response = bedrock.converse(r -> r.modelId(PLAIN_MODEL).messages(user("Mail " + EMAIL), assistant, toolResult));
    }

    JsonNode sent = new ObjectMapper().readTree(server.takeRequest().getBody().string(StandardCharsets.UTF_8));
    JsonNode sentArgs = sent.at("/messages/1/content/0/toolUse/input");
    assertThat(sent.toString()).doesNotContain(EMAIL).doesNotContain(IBAN);
    assertThat(sentArgs.get("to").asText()).isEqualTo(emailToken);
    assertThat(sentArgs.get("retries").isInt()).isTrue();
    assertThat(sentArgs.get("urgent").asBoolean()).isTrue();
    assertThat(sentArgs.get("cc").isNull()).isTrue();
    assertThat(sentArgs.get("tags").get(1).asText()).isEqualTo("iban " + ibanToken);
    assertThat(sent.at("/messages/2/content/0/toolResult/content/0/json/status").asText()).isEqualTo("sent to " + emailToken);
    assertThat(sent.at("/messages/2/content/0/toolResult/content/0/json/id").asLong()).isEqualTo(42L);
    assertThat(sink.events().stream().filter(e -> e.type() == AuditEvent.Type.MASKING).map(AuditEvent::maskCounts))
        .containsExactly(Map.of("EMAIL:token", 3, "IBAN:token", 1));

    Document input = response.output().message().content().get(1).toolUse().input();
    assertThat(input.asMap().keySet()).containsExactly("to", "n", "list");
    assertThat(input.asMap().get("to").asString()).isEqualTo(EMAIL);
    assertThat(input.asMap().get("n").asNumber().stringValue()).isEqualTo("1.50");
    assertThat(input.asMap().get("list").asList().get(0).asString()).isEqualTo(IBAN);
    assertThat(input.asMap().get("list").asList().get(1).asBoolean()).isTrue();
    assertThat(input.asMap().get("list").asList().get(2).isNull()).isTrue();
  }

  @Test
  void restoresReasoningTextAndMasksItAgainToTheSameTokensWhenItIsSentBack() throws Exception {
    ResidencyGuard guard = guard(policy().build());
    String token = guard.masking().mask(EMAIL, "token").text();
    String reasoning = "The user is " + token + ".";
    for (int i = 0; i < 2; i++) {
      server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(
          "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"reasoningContent\":{\"reasoningText\":"
              + "{\"text\":\"" + reasoning + "\",\"signature\":\"sig-1\"}}},{\"text\":\"ok\"}]}},\"stopReason\":\"end_turn\","
              + "\"usage\":{\"inputTokens\":5,\"outputTokens\":7,\"totalTokens\":12},\"metrics\":{\"latencyMs\":3}}").build());
    }

    ConverseResponse first;
    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1, "localhost")) {
      first = bedrock.converse(r -> r.modelId(PLAIN_MODEL).messages(user("hi")));
      Message answer = first.output().message();
      bedrock.converse(r -> r.modelId(PLAIN_MODEL).messages(user("hi"), answer, user("go on")));
    }

    assertThat(first.output().message().content().get(0).reasoningContent().reasoningText().text())
        .isEqualTo("The user is " + EMAIL + ".");
    server.takeRequest();
    JsonNode resent = new ObjectMapper().readTree(server.takeRequest().getBody().string(StandardCharsets.UTF_8))
        .at("/messages/1/content/0/reasoningContent/reasoningText");
    assertThat(resent.get("text").asText()).isEqualTo(reasoning);
    assertThat(resent.get("signature").asText()).isEqualTo("sig-1");
  }
}
