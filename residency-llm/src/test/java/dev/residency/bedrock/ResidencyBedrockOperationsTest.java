package dev.residency.bedrock;

import static dev.residency.bedrock.ResidencyBedrockTest.EMAIL;
import static dev.residency.bedrock.ResidencyBedrockTest.IBAN;
import static dev.residency.bedrock.ResidencyBedrockTest.PLAIN_MODEL;
import static dev.residency.bedrock.ResidencyBedrockTest.policy;
import static dev.residency.bedrock.ResidencyBedrockTest.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.Decision;
import dev.residency.Outcome;
import dev.residency.ReasonCode;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.ResidencyViolationException;
import dev.residency.ResidencyPolicy.UnknownAction;
import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Protocol;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ApplyGuardrailResponse;
import software.amazon.awssdk.services.bedrockruntime.model.AsyncInvokeOutputDataConfig;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensInput;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContentQualifier;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContentSource;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithBidirectionalStreamInput;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithBidirectionalStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.StartAsyncInvokeRequest;

/**
 * The Bedrock Runtime operations besides Converse and InvokeModel (CountTokens, ApplyGuardrail,
 * the async-invoke family, the bidirectional stream, and one this interceptor does not know),
 * through the real SDK against MockWebServer: each is decided before it leaves, and masked where
 * it carries a prompt.
 */
class ResidencyBedrockOperationsTest {
  static final String GUARDRAIL = "gr1abc2def3";
  static final String NOVA_REEL = "amazon.nova-reel-v1:0";
  static final String INVOCATION_ARN = "arn:aws:bedrock:eu-central-1:123456789012:async-invoke/ab12cd34";
  static final String SONIC = "amazon.nova-sonic-v1:0";
  static final ObjectMapper JSON = new ObjectMapper();

  @StartStop final MockWebServer server = new MockWebServer();

  final InMemoryAuditSink sink = AuditSinks.inMemory();

  @BeforeEach
  void answerUnexpectedRequestsAtOnce() {
    // A request that should have been denied gets a 404 instead of waiting for a response.
    ((QueueDispatcher) server.getDispatcher()).setFailFast(true);
  }

  ResidencyGuard guard(ResidencyPolicy policy) {
    return ResidencyGuard.builder(policy).setAuditSink(sink).build();
  }

  BedrockRuntimeClient client(ResidencyGuard guard, Region region) {
    return client(ResidencyBedrock.create(guard), region, "localhost");
  }

  BedrockRuntimeClient client(ResidencyBedrock residency, Region region, String host) {
    return BedrockRuntimeClient.builder()
        .region(region)
        .endpointOverride(URI.create("http://" + host + ":" + server.getPort()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.addExecutionInterceptor(residency.createExecutionInterceptor()))
        .build();
  }

  BedrockRuntimeAsyncClient asyncClient(ResidencyBedrock residency, Region region) {
    return BedrockRuntimeAsyncClient.builder()
        .region(region)
        .endpointOverride(URI.create("http://localhost:" + server.getPort()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .overrideConfiguration(c -> c.addExecutionInterceptor(residency.createExecutionInterceptor()))
        .build();
  }

  void respond(String json) {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(json).build());
  }

  List<Decision> decisions() {
    return sink.events().stream().filter(e -> e.type() == AuditEvent.Type.DECISION).map(AuditEvent::decision)
        .collect(Collectors.toList());
  }

  List<Map<String, Integer>> maskings() {
    return sink.events().stream().filter(e -> e.type() == AuditEvent.Type.MASKING).map(AuditEvent::maskCounts)
        .collect(Collectors.toList());
  }

  static Decision denial(Throwable thrown) {
    assertThat(thrown).isInstanceOf(SdkClientException.class);
    return ResidencyViolationException.find(thrown).decision();
  }

  // ---- CountTokens ----

  @Test
  void countsTokensOfAConverseInputWithTheMaskedTextTheModelWouldSee() throws Exception {
    ResidencyGuard guard = guard(policy().build());
    String token = guard.masking().mask(EMAIL, "token").text();
    respond("{\"inputTokens\":12}");

    int tokens;
    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1)) {
      tokens = bedrock.countTokens(r -> r.modelId(PLAIN_MODEL).input(CountTokensInput.fromConverse(c -> c
          .messages(user("Write to " + EMAIL)).system(s -> s.text("Signed by " + EMAIL))))).inputTokens();
    }

    RecordedRequest recorded = server.takeRequest();
    JsonNode sent = JSON.readTree(recorded.getBody().string(StandardCharsets.UTF_8));
    assertThat(tokens).isEqualTo(12);
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/model/" + PLAIN_MODEL.replace(":", "%3A") + "/count-tokens");
    assertThat(sent.toString()).doesNotContain(EMAIL);
    assertThat(sent.at("/input/converse/messages/0/content/0/text").asText()).isEqualTo("Write to " + token);
    assertThat(sent.at("/input/converse/system/0/text").asText()).isEqualTo("Signed by " + token);
    assertThat(decisions().get(0).endpoint().path()).endsWith("/count-tokens");
    assertThat(maskings()).containsExactly(Map.of("EMAIL:token", 2));
  }

  @Test
  void countsTokensOfAnInvokeModelBodyMaskedAsInvokeModelIs() throws Exception {
    ResidencyGuard guard = guard(policy().build());
    respond("{\"inputTokens\":9}");

    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1)) {
      bedrock.countTokens(r -> r.modelId(PLAIN_MODEL).input(CountTokensInput.fromInvokeModel(i -> i.body(SdkBytes.fromUtf8String(
          "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"Pay " + IBAN + "\"}]}")))));
    }

    JsonNode sent = JSON.readTree(server.takeRequest().getBody().string(StandardCharsets.UTF_8));
    String body = new String(Base64.getDecoder().decode(sent.at("/input/invokeModel/body").asText()), StandardCharsets.UTF_8);
    assertThat(JSON.readTree(body).at("/messages/0/content").asText()).startsWith("Pay [[IBAN:").doesNotContain(IBAN);
    assertThat(maskings()).containsExactly(Map.of("IBAN:token", 1));
  }

  @Test
  void deniesCountTokensForAModelInADisallowedRegionBeforeItLeaves() {
    ResidencyGuard guard = guard(policy().build());

    Throwable thrown;
    try (BedrockRuntimeClient bedrock = client(guard, Region.US_EAST_1)) {
      thrown = catchThrowable(() -> bedrock.countTokens(r -> r.modelId(PLAIN_MODEL)
          .input(CountTokensInput.fromConverse(c -> c.messages(user("hi"))))));
    }

    Decision d = denial(thrown);
    assertThat(d.endpoint().host()).isEqualTo("bedrock-runtime.us-east-1.amazonaws.com");
    assertThat(d.endpoint().path()).endsWith("/count-tokens");
    assertThat(server.getRequestCount()).isZero();
  }

  // ---- ApplyGuardrail ----

  @Test
  void appliesADeclaredGuardrailToMaskedTextAndUnmasksItsOutput() throws Exception {
    ResidencyGuard guard = guard(policy().declareResource(GUARDRAIL, "aws:eu-central-1").build());
    String token = guard.masking().mask(EMAIL, "token").text();
    respond("{\"action\":\"GUARDRAIL_INTERVENED\",\"outputs\":[{\"text\":\"Reply to " + token + " only\"}],"
        + "\"assessments\":[],\"usage\":{\"topicPolicyUnits\":1}}");

    ApplyGuardrailResponse response;
    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1)) {
      response = bedrock.applyGuardrail(r -> r.guardrailIdentifier(GUARDRAIL).guardrailVersion("1")
          .source(GuardrailContentSource.INPUT)
          .content(GuardrailContentBlock.fromText(t -> t.text("Mail " + EMAIL).qualifiers(GuardrailContentQualifier.QUERY))));
    }

    RecordedRequest recorded = server.takeRequest();
    JsonNode sent = JSON.readTree(recorded.getBody().string(StandardCharsets.UTF_8));
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/guardrail/" + GUARDRAIL + "/version/1/apply");
    assertThat(sent.toString()).doesNotContain(EMAIL);
    assertThat(sent.at("/content/0/text/text").asText()).isEqualTo("Mail " + token);
    assertThat(sent.at("/content/0/text/qualifiers/0").asText()).isEqualTo("query");
    assertThat(response.outputs().get(0).text()).isEqualTo("Reply to " + EMAIL + " only");
    assertThat(decisions().get(0).outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(decisions().get(0).endpoint().resource()).isEqualTo(GUARDRAIL);
    assertThat(maskings()).containsExactly(Map.of("EMAIL:token", 1));
  }

  @Test
  void deniesApplyGuardrailOnAGuardrailThePolicyDoesNotDeclare() {
    ResidencyGuard guard = guard(policy().build());

    Throwable thrown;
    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1)) {
      thrown = catchThrowable(() -> bedrock.applyGuardrail(r -> r.guardrailIdentifier(GUARDRAIL).guardrailVersion("1")
          .source(GuardrailContentSource.INPUT).content(GuardrailContentBlock.fromText(t -> t.text("hi")))));
    }

    Decision d = denial(thrown);
    assertThat(d.reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
    assertThat(d.explanation()).contains("guardrail");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void deniesApplyGuardrailOnAGuardrailDeclaredInADisallowedRegion() {
    ResidencyGuard guard = guard(policy().declareResource(GUARDRAIL, "aws:us-east-1").build());

    Throwable thrown;
    try (BedrockRuntimeClient bedrock = client(guard, Region.US_EAST_1)) {
      thrown = catchThrowable(() -> bedrock.applyGuardrail(r -> r.guardrailIdentifier(GUARDRAIL).guardrailVersion("DRAFT")
          .source(GuardrailContentSource.OUTPUT).content(GuardrailContentBlock.fromText(t -> t.text("hi")))));
    }

    assertThat(denial(thrown).reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void deniesADeclaredGuardrailCalledThroughAClientInADisallowedRegion() {
    ResidencyGuard guard = guard(policy().declareResource(GUARDRAIL, "aws:eu-central-1").build());

    Throwable thrown;
    try (BedrockRuntimeClient bedrock = client(guard, Region.US_EAST_1)) {
      thrown = catchThrowable(() -> bedrock.applyGuardrail(r -> r.guardrailIdentifier(GUARDRAIL).guardrailVersion("1")
          .source(GuardrailContentSource.INPUT).content(GuardrailContentBlock.fromText(t -> t.text("hi")))));
    }

    // The guardrail's declaration places its evaluation, but the content would reach us-east-1 first.
    Decision d = denial(thrown);
    assertThat(d.endpoint().host()).isEqualTo("bedrock-runtime.us-east-1.amazonaws.com");
    assertThat(d.location().toString()).contains("us-east-1");
    assertThat(decisions()).hasSize(1);
    assertThat(server.getRequestCount()).isZero();
  }

  // ---- StartAsyncInvoke ----

  static StartAsyncInvokeRequest startAsync(String model, String s3Uri) {
    Document input = Document.mapBuilder().putString("taskType", "TEXT_VIDEO")
        .putDocument("textToVideoParams", Document.mapBuilder().putString("text", "A postcard to " + EMAIL).build())
        .putNumber("seed", 42).build();
    return StartAsyncInvokeRequest.builder().modelId(model).modelInput(input)
        .outputDataConfig(o -> o.s3OutputDataConfig(s -> s.s3Uri(s3Uri))).build();
  }

  @Test
  void startsAnAsyncInvokeWritingToADeclaredInRegionBucketWithTheModelInputMasked() throws Exception {
    ResidencyGuard guard = guard(policy().declareResource("eu-outputs", "aws:eu-central-1").build());
    String token = guard.masking().mask(EMAIL, "token").text();
    respond("{\"invocationArn\":\"" + INVOCATION_ARN + "\"}");

    String arn;
    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1)) {
      arn = bedrock.startAsyncInvoke(startAsync(NOVA_REEL, "s3://eu-outputs/videos/")).invocationArn();
    }

    RecordedRequest recorded = server.takeRequest();
    JsonNode sent = JSON.readTree(recorded.getBody().string(StandardCharsets.UTF_8));
    assertThat(arn).isEqualTo(INVOCATION_ARN);
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/async-invoke");
    assertThat(sent.toString()).doesNotContain(EMAIL);
    assertThat(sent.at("/modelInput/textToVideoParams/text").asText()).isEqualTo("A postcard to " + token);
    assertThat(sent.at("/modelInput/taskType").asText()).isEqualTo("TEXT_VIDEO");
    assertThat(sent.at("/modelInput/seed").asInt()).isEqualTo(42);
    assertThat(decisions()).extracting(d -> d.endpoint().resource()).startsWith(NOVA_REEL, "eu-outputs");
    assertThat(decisions()).extracting(Decision::outcome).containsOnly(Outcome.ALLOW);
    assertThat(maskings()).containsExactly(Map.of("EMAIL:token", 1));
  }

  @Test
  void deniesAnAsyncInvokeWhoseOutputBucketThePolicyDoesNotDeclare() {
    ResidencyGuard guard = guard(policy().build());

    Throwable thrown;
    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1)) {
      thrown = catchThrowable(() -> bedrock.startAsyncInvoke(startAsync(NOVA_REEL, "s3://somewhere-else/out/")));
    }

    Decision d = denial(thrown);
    assertThat(d.endpoint().resource()).isEqualTo("somewhere-else");
    assertThat(thrown.getMessage()).contains("StartAsyncInvoke output location").contains("somewhere-else");
    assertThat(decisions()).extracting(Decision::outcome).containsExactly(Outcome.ALLOW, Outcome.DENY);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void deniesAnAsyncInvokeWritingToABucketInADisallowedRegion() {
    ResidencyGuard guard = guard(policy().declareResource("us-outputs", "aws:us-east-1").build());

    Throwable thrown;
    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1)) {
      thrown = catchThrowable(() -> bedrock.startAsyncInvoke(startAsync(NOVA_REEL, "s3://us-outputs/out/")));
    }

    Decision d = denial(thrown);
    assertThat(d.reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
    assertThat(d.endpoint().resource()).isEqualTo("us-outputs");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void deniesAnAsyncInvokeWithoutAnS3OutputLocation() {
    ResidencyGuard guard = guard(policy().build());

    Throwable thrown;
    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1)) {
      thrown = catchThrowable(() -> bedrock.startAsyncInvoke(startAsync(NOVA_REEL, "s3://x/").toBuilder()
          .outputDataConfig((AsyncInvokeOutputDataConfig) null).build()));
    }

    assertThat(denial(thrown).reasonCode()).isEqualTo(ReasonCode.DENIED_INVALID_ENDPOINT);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void deniesAnAsyncInvokeOfAModelInADisallowedRegionEvenWithADeclaredBucket() {
    ResidencyGuard guard = guard(policy().declareResource("eu-outputs", "aws:eu-central-1").build());

    Throwable thrown;
    try (BedrockRuntimeClient bedrock = client(guard, Region.US_EAST_1)) {
      thrown = catchThrowable(() -> bedrock.startAsyncInvoke(startAsync(NOVA_REEL, "s3://eu-outputs/out/")));
    }

    Decision d = denial(thrown);
    assertThat(d.endpoint().path()).isEqualTo("/async-invoke");
    assertThat(d.endpoint().resource()).isEqualTo(NOVA_REEL);
    assertThat(server.getRequestCount()).isZero();
  }

  // ---- GetAsyncInvoke, ListAsyncInvokes ----

  @Test
  void readsAnAsyncInvokeInAnAllowedRegion() throws Exception {
    ResidencyGuard guard = guard(policy().build());
    respond("{\"invocationArn\":\"" + INVOCATION_ARN + "\",\"modelArn\":\"arn:aws:bedrock:eu-central-1::foundation-model/"
        + NOVA_REEL + "\",\"status\":\"InProgress\"}");

    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1)) {
      bedrock.getAsyncInvoke(r -> r.invocationArn(INVOCATION_ARN));
    }

    RecordedRequest recorded = server.takeRequest();
    Decision logical = decisions().get(0);
    assertThat(recorded.getMethod()).isEqualTo("GET");
    assertThat(logical.outcome()).isEqualTo(Outcome.ALLOW);
    // The logical path is the one the SDK sends: the ARN escaped into one segment.
    assertThat(logical.endpoint().path()).isEqualTo(recorded.getUrl().encodedPath())
        .isEqualTo("/async-invoke/arn%3Aaws%3Abedrock%3Aeu-central-1%3A123456789012%3Aasync-invoke%2Fab12cd34");
  }

  @Test
  void deniesReadingAnAsyncInvokeInADisallowedRegion() {
    ResidencyGuard guard = guard(policy().build());

    Throwable thrown;
    try (BedrockRuntimeClient bedrock = client(guard, Region.US_EAST_1)) {
      thrown = catchThrowable(() -> bedrock.getAsyncInvoke(r -> r.invocationArn(INVOCATION_ARN)));
    }

    assertThat(denial(thrown).endpoint().host()).isEqualTo("bedrock-runtime.us-east-1.amazonaws.com");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void listsAsyncInvokesInAnAllowedRegion() throws Exception {
    ResidencyGuard guard = guard(policy().build());
    respond("{\"asyncInvokeSummaries\":[]}");

    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1)) {
      bedrock.listAsyncInvokes(r -> r.maxResults(10));
    }

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("GET");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/async-invoke");
    assertThat(decisions().get(0).endpoint().path()).isEqualTo("/async-invoke");
    assertThat(decisions().get(0).outcome()).isEqualTo(Outcome.ALLOW);
  }

  @Test
  void deniesListingAsyncInvokesInADisallowedRegion() {
    ResidencyGuard guard = guard(policy().build());

    Throwable thrown;
    try (BedrockRuntimeClient bedrock = client(guard, Region.US_EAST_1)) {
      thrown = catchThrowable(() -> bedrock.listAsyncInvokes(r -> r.maxResults(10)));
    }

    assertThat(denial(thrown).reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void deniesANewOperationOnAnUndeclaredPhysicalHostToo() {
    ResidencyGuard guard = guard(policy().build());

    Throwable thrown;
    try (BedrockRuntimeClient bedrock = client(ResidencyBedrock.create(guard), Region.EU_CENTRAL_1, "127.0.0.1")) {
      thrown = catchThrowable(() -> bedrock.listAsyncInvokes(r -> r.maxResults(10)));
    }

    assertThat(denial(thrown).endpoint().host()).isEqualTo("127.0.0.1");
    assertThat(decisions()).extracting(Decision::outcome).containsExactly(Outcome.ALLOW, Outcome.DENY);
    assertThat(server.getRequestCount()).isZero();
  }

  // ---- An operation this interceptor does not know ----

  @Test
  void deniesAnOperationItDoesNotKnowOnItsMarshalledPath() {
    ResidencyGuard guard = guard(policy().build());

    Throwable thrown;
    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1)) {
      // InvokeGuardrailChecks: in the SDK, but not an operation the core knows where to place.
      thrown = catchThrowable(() -> bedrock.invokeGuardrailChecks(r -> { }));
    }

    Decision d = denial(thrown);
    assertThat(d.reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
    assertThat(d.endpoint().host()).isEqualTo("bedrock-runtime.eu-central-1.amazonaws.com");
    assertThat(d.endpoint().path()).isEqualTo("/guardrail-checks/invoke");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void refusesAnUnknownOperationUnmaskedEvenWhenThePolicyAllowsUnknownLocations() {
    ResidencyGuard guard = guard(policy().setUnknown(UnknownAction.ALLOW).build());

    Throwable thrown;
    try (BedrockRuntimeClient bedrock = client(guard, Region.EU_CENTRAL_1)) {
      thrown = catchThrowable(() -> bedrock.invokeGuardrailChecks(r -> { }));
    }

    Decision d = denial(thrown);
    assertThat(d.ruleId()).isEqualTo("bedrock.masking");
    assertThat(d.explanation()).contains("cannot mask");
    assertThat(server.getRequestCount()).isZero();
  }

  // ---- InvokeModelWithBidirectionalStream ----

  static Throwable startBidirectional(BedrockRuntimeAsyncClient bedrock, String model) {
    // Input that never comes: the call must fail on the request alone.
    SdkPublisher<InvokeModelWithBidirectionalStreamInput> input = s -> s.onSubscribe(new Subscription() {
      @Override
      public void request(long n) {}

      @Override
      public void cancel() {}
    });
    return catchThrowable(() -> bedrock.invokeModelWithBidirectionalStream(r -> r.modelId(model), input,
        InvokeModelWithBidirectionalStreamResponseHandler.builder().subscriber(e -> { }).build())
        .get(10, TimeUnit.SECONDS));
  }

  @Test
  void refusesABidirectionalStreamWhilePromptsAreToBeMaskedBeforeAnythingIsSent() {
    ResidencyGuard guard = guard(policy().build());

    Throwable thrown;
    try (BedrockRuntimeAsyncClient bedrock = asyncClient(ResidencyBedrock.create(guard), Region.EU_CENTRAL_1)) {
      thrown = startBidirectional(bedrock, SONIC);
    }

    Decision d = ResidencyViolationException.find(thrown).decision();
    assertThat(d.ruleId()).isEqualTo("bedrock.masking");
    assertThat(d.explanation()).contains("InvokeModelWithBidirectionalStream").contains("cannot mask");
    assertThat(d.endpoint().path()).isEqualTo("/model/" + SONIC.replace(":", "%3A") + "/invoke-with-bidirectional-stream");
    assertThat(decisions()).extracting(Decision::outcome).containsExactly(Outcome.ALLOW, Outcome.DENY);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void deniesABidirectionalStreamToADisallowedRegionWithMaskingOff() {
    ResidencyGuard guard = guard(policy().build());

    Throwable thrown;
    try (BedrockRuntimeAsyncClient bedrock =
        asyncClient(ResidencyBedrock.builder(guard).setMaskPrompts(false).build(), Region.US_EAST_1)) {
      thrown = startBidirectional(bedrock, SONIC);
    }

    Decision d = ResidencyViolationException.find(thrown).decision();
    assertThat(d.reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
    assertThat(d.endpoint().host()).isEqualTo("bedrock-runtime.us-east-1.amazonaws.com");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void sendsABidirectionalStreamToAnAllowedRegionWhenPromptsAreNotMasked() throws Exception {
    // The SDK sends this operation over HTTP/2 only; cleartext, so with prior knowledge.
    server.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    ResidencyGuard guard = guard(policy().build());
    SdkAsyncHttpClient h2 = NettyNioAsyncHttpClient.builder().protocol(software.amazon.awssdk.http.Protocol.HTTP2)
        .protocolNegotiation(ProtocolNegotiation.ASSUME_PROTOCOL).build();
    SdkPublisher<InvokeModelWithBidirectionalStreamInput> noInput = s -> {
      s.onSubscribe(new Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
      });
      s.onComplete();
    };

    RecordedRequest recorded;
    try (BedrockRuntimeAsyncClient bedrock = BedrockRuntimeAsyncClient.builder()
        .region(Region.EU_CENTRAL_1)
        .endpointOverride(URI.create("http://localhost:" + server.getPort()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .httpClient(h2)
        .overrideConfiguration(c -> c.addExecutionInterceptor(
            ResidencyBedrock.builder(guard).setMaskPrompts(false).build().createExecutionInterceptor()))
        .build()) {
      CompletableFuture<Void> call = bedrock.invokeModelWithBidirectionalStream(r -> r.modelId(SONIC), noInput,
          InvokeModelWithBidirectionalStreamResponseHandler.builder().subscriber(e -> { }).build());
      recorded = server.takeRequest(10, TimeUnit.SECONDS);
      call.cancel(true);
    } finally {
      h2.close();
    }

    assertThat(recorded).isNotNull();
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/model/" + SONIC.replace(":", "%3A") + "/invoke-with-bidirectional-stream");
    assertThat(decisions()).extracting(Decision::outcome).containsExactly(Outcome.ALLOW, Outcome.ALLOW);
    assertThat(decisions().get(0).endpoint().host()).isEqualTo("bedrock-runtime.eu-central-1.amazonaws.com");
  }
}
