package dev.residency.llm;

import static dev.residency.llm.TestLlm.EMAIL;
import static dev.residency.llm.TestLlm.euPolicy;
import static dev.residency.llm.TestLlm.guard;
import static dev.residency.llm.TestLlm.plainClient;
import static dev.residency.llm.TestLlm.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditSinks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class ResidencyChatClientTest {
  @StartStop final MockWebServer server = new MockWebServer();

  final ResidencyGuard guard = guard(euPolicy().build(), AuditSinks.inMemory());

  ResidencyChatClient client(String host) {
    return ResidencyChatClient.builder(guard)
        .setBaseUrl("http://" + host + ":" + server.getPort() + "/v1")
        .setModel("llama-3.1-8b")
        .setApiKey("sk-test")
        .setOkHttpClient(plainClient())
        .build();
  }

  @Test
  void completesWithAMaskedPromptAndAnUnmaskedAnswer() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello " + token(guard, EMAIL) + "\"}}]}")
        .build());

    String answer = client("localhost").complete("Be brief.", "Greet " + EMAIL);

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test");
    assertThat(recorded.getBody().string(StandardCharsets.UTF_8)).doesNotContain(EMAIL).contains("\"model\":\"llama-3.1-8b\"");
    assertThat(answer).isEqualTo("Hello " + EMAIL);
  }

  @Test
  void streamsDeltasWithSplitTokensRestored() throws Exception {
    String tok = token(guard, EMAIL);
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi " + tok.substring(0, 9) + "\"}}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + tok.substring(9) + "!\"}}]}\n\n"
            + "data: [DONE]\n\n")
        .build());
    List<String> deltas = new ArrayList<>();

    String all = client("eu.api.openai.com").stream(null, "hi", deltas::add);

    assertThat(all).isEqualTo("Hi " + EMAIL + "!");
    assertThat(String.join("", deltas)).isEqualTo(all);
  }

  @Test
  void failsWithTheViolationWhenTheProviderIsNotAllowed() {
    Throwable thrown = catchThrowable(() -> client("api.openai.com").complete(null, "hi"));

    assertThat(thrown).isInstanceOf(IOException.class);
    assertThat(ResidencyViolationException.find(thrown)).isNotNull();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void requiresABaseUrlAndAModelAtBuildTime() {
    assertThatThrownBy(() -> ResidencyChatClient.builder(guard).setModel("m").build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ResidencyChatClient.builder(guard).setBaseUrl("not a url"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
