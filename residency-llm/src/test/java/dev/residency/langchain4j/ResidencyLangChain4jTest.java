package dev.residency.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.Outcome;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ResidencyLangChain4jTest {
  static final String EMAIL = "alice@example.com";

  final InMemoryAuditSink sink = AuditSinks.inMemory();
  final ResidencyGuard guard = ResidencyGuard.builder(
      ResidencyPolicy.builder().allowJurisdictions("EEA").allowCountries("CH").build()).setAuditSink(sink).build();
  final Endpoint euOpenAi = Endpoint.parse(EndpointKind.LLM, "https://eu.api.openai.com/v1");

  /** A model that records what it was sent and answers with a canned response. */
  static class FakeModel implements ChatModel {
    final List<ChatRequest> requests = new ArrayList<>();
    ChatResponse answer;

    @Override
    public ChatResponse doChat(ChatRequest request) {
      requests.add(request);
      return answer;
    }

    @Override
    public ModelProvider provider() {
      return ModelProvider.OPEN_AI;
    }
  }

  /** A streaming model that replays partial texts. */
  static final class FakeStreamingModel implements StreamingChatModel {
    final List<ChatRequest> requests = new ArrayList<>();
    List<String> partials = List.of();

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
      requests.add(request);
      StringBuilder all = new StringBuilder();
      for (String p : partials) {
        handler.onPartialResponse(p);
        all.append(p);
      }
      handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from(all.toString())).build());
    }

    @Override
    public ModelProvider provider() {
      return ModelProvider.OPEN_AI;
    }
  }

  String token(String value) {
    return guard.masking().mask(value, "token").text();
  }

  static String text(ChatMessage m) {
    if (m instanceof UserMessage) {
      return ((UserMessage) m).singleText();
    }
    if (m instanceof SystemMessage) {
      return ((SystemMessage) m).text();
    }
    if (m instanceof ToolExecutionResultMessage) {
      return ((ToolExecutionResultMessage) m).text();
    }
    return ((AiMessage) m).toolExecutionRequests().get(0).arguments();
  }

  @Test
  void masksEveryMessageAndUnmasksTheAnswerAndToolCallArguments() {
    FakeModel fake = new FakeModel();
    fake.answer = ChatResponse.builder().aiMessage(AiMessage.builder()
        .text("Sent to " + token(EMAIL))
        .toolExecutionRequests(List.of(ToolExecutionRequest.builder().id("c2").name("send")
            .arguments("{\"to\":\"" + token(EMAIL) + "\"}").build()))
        .build()).build();
    ChatModel model = ResidencyLangChain4j.builder(guard).setEndpoint(euOpenAi).build().wrap(fake);

    ChatResponse response = model.chat(ChatRequest.builder().messages(
        SystemMessage.from("Sign as " + EMAIL),
        UserMessage.from("Write to " + EMAIL),
        AiMessage.from(ToolExecutionRequest.builder().id("c1").name("send").arguments("{\"to\":\"" + EMAIL + "\"}").build()),
        ToolExecutionResultMessage.from("c1", "send", "delivered to " + EMAIL)).build());

    assertThat(fake.requests).singleElement().satisfies(r ->
        assertThat(r.messages()).allSatisfy(m -> assertThat(text(m)).doesNotContain(EMAIL).contains("[[EMAIL:")));
    assertThat(response.aiMessage().text()).isEqualTo("Sent to " + EMAIL);
    assertThat(response.aiMessage().toolExecutionRequests().get(0).arguments()).isEqualTo("{\"to\":\"" + EMAIL + "\"}");
    assertThat(sink.events()).extracting(AuditEvent::type).containsExactly(AuditEvent.Type.DECISION, AuditEvent.Type.MASKING);
  }

  @Test
  void throwsTheViolationAndNeverCallsTheModelWhenDenied() {
    FakeModel fake = new FakeModel();
    ChatModel model = ResidencyLangChain4j.create(guard).wrap(fake);

    assertThatThrownBy(() -> model.chat("hello " + EMAIL))
        .isInstanceOfSatisfying(ResidencyViolationException.class, e -> {
          assertThat(e.decision().outcome()).isEqualTo(Outcome.DENY);
          assertThat(e.decision().endpoint().host()).isEqualTo("api.openai.com");
        });
    assertThat(fake.requests).isEmpty();
  }

  @Test
  void restoresATokenSplitAcrossStreamedPartials() {
    FakeStreamingModel fake = new FakeStreamingModel();
    String tok = token(EMAIL);
    fake.partials = List.of("Hi ", tok.substring(0, 5), tok.substring(5, 30), tok.substring(30), "!");
    StreamingChatModel model = ResidencyLangChain4j.builder(guard).setEndpoint(euOpenAi).build().wrap(fake);
    StringBuilder seen = new StringBuilder();
    AtomicReference<ChatResponse> complete = new AtomicReference<>();

    model.chat("Greet " + EMAIL, new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partial) {
        seen.append(partial);
      }

      @Override
      public void onCompleteResponse(ChatResponse response) {
        complete.set(response);
      }

      @Override
      public void onError(Throwable error) {
        throw new AssertionError(error);
      }
    });

    assertThat(((UserMessage) fake.requests.get(0).messages().get(0)).singleText()).doesNotContain(EMAIL);
    assertThat(seen.toString()).isEqualTo("Hi " + EMAIL + "!");
    assertThat(complete.get().aiMessage().text()).isEqualTo("Hi " + EMAIL + "!");
  }

  @Test
  void reportsADenialToTheStreamingHandler() {
    FakeStreamingModel fake = new FakeStreamingModel();
    StreamingChatModel model = ResidencyLangChain4j.create(guard).wrap(fake);
    AtomicReference<Throwable> error = new AtomicReference<>();

    model.chat("hi", new StreamingChatResponseHandler() {
      @Override
      public void onCompleteResponse(ChatResponse response) {
        throw new AssertionError("denied calls complete nothing");
      }

      @Override
      public void onError(Throwable t) {
        error.set(t);
      }
    });

    assertThat(error.get()).isInstanceOf(ResidencyViolationException.class);
    assertThat(fake.requests).isEmpty();
  }

  @Test
  void refusesToGuessTheEndpointOfAnUnknownProvider() {
    ChatModel other = new FakeModel() {
      @Override
      public ModelProvider provider() {
        return ModelProvider.OTHER;
      }
    };

    assertThatThrownBy(() -> ResidencyLangChain4j.create(guard).wrap(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("setEndpoint");
  }
}
