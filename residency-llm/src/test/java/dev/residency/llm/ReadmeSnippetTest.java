package dev.residency.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.data.message.AiMessage;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.bedrock.ResidencyBedrock;
import dev.residency.langchain4j.ResidencyLangChain4j;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/** The snippets quoted in residency-llm/README.md, kept compiling (and constructible) here. */
class ReadmeSnippetTest {
  static ResidencyGuard guard() {
    // README: policy
    ResidencyPolicy policy = ResidencyPolicy.parse(String.join("\n",
        "residency:",
        "  allow: { jurisdictions: [EEA], countries: [CH] }",
        "  endpoints:",
        "    - host: myres.openai.azure.com",
        "      region: azure:swedencentral",
        "      deployments: { gpt-4o-se: Standard, gpt-4o-global: GlobalStandard }",
        "    - host: localhost          # a self-hosted vLLM / Ollama server",
        "      region: aws:eu-central-1",
        "masking:",
        "  detectors: [EMAIL, PHONE, IBAN, CREDIT_CARD]",
        "  llm: token"), "residency.yaml");
    return ResidencyGuard.builder(policy).build();
    // README: end
  }

  @Test
  void okHttpSnippetBuildsAWrappedClient() {
    ResidencyGuard guard = guard();

    // README: okhttp
    OkHttpClient http = ResidencyLlm.builder(guard)
        .setAnthropicInferenceGeo("us")   // only if the policy allows the US
        .build()
        .wrap(new OkHttpClient());
    // hand `http` to any OkHttp-based SDK (OpenAI-compatible, Azure, Anthropic, Mistral, Vertex REST)
    // README: end

    assertThat(http.interceptors()).isNotEmpty();
  }

  @Test
  void bedrockSnippetBuildsAClient() {
    ResidencyGuard guard = guard();

    // README: bedrock
    BedrockRuntimeClient bedrock = BedrockRuntimeClient.builder()
        .region(Region.EU_CENTRAL_1)
        .overrideConfiguration(c -> c.addExecutionInterceptor(
            ResidencyBedrock.create(guard).createExecutionInterceptor()))
        .build();
    // README: end

    bedrock.close();
  }

  @Test
  void langChain4jSnippetWrapsAModel() {
    ResidencyGuard guard = guard();
    ChatModel openAiChatModel = new ChatModel() {
      @Override
      public ChatResponse doChat(ChatRequest request) {
        return ChatResponse.builder().aiMessage(AiMessage.from("ok")).build();
      }
    };

    // README: langchain4j
    ChatModel model = ResidencyLangChain4j.builder(guard)
        .setEndpoint(Endpoint.parse(EndpointKind.LLM, "https://eu.api.openai.com/v1"))
        .build()
        .wrap(openAiChatModel);
    // README: end

    assertThat(model.chat("hi")).isEqualTo("ok");
  }

  @Test
  void chatClientSnippetBuildsAClient() {
    ResidencyGuard guard = guard();

    // README: chatclient
    ResidencyChatClient chat = ResidencyChatClient.builder(guard)
        .setBaseUrl("https://api.eu.mistral.ai/v1")
        .setModel("mistral-small-latest")
        .setApiKey("test-key") // System.getenv("MISTRAL_API_KEY")
        .build();
    // String answer = chat.complete("Be brief.", "Reply to alice@example.com");
    // chat.stream(null, "Tell a story", System.out::print);
    // README: end

    assertThat(chat).isNotNull();
  }
}
