package dev.residency.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.Outcome;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import dev.residency.mask.MaskingSettings;
import dev.residency.mask.MaskingSettings.FieldRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /** One piece of a streamed tool call: the call's index and a fragment of its arguments. */
  record Piece(int index, String arguments) {}

  /**
   * A streaming model that plays tool calls as LangChain4j 1.19's ToolCallBuilder does: a partial
   * tool call per piece, a complete tool call right after a call's last piece (with the arguments
   * concatenated as received), then a response holding every call. The pieces may depend on the
   * (masked) request, as a model echoing a token from its prompt does.
   */
  static final class FakeToolCallingModel implements StreamingChatModel {
    static final StreamingHandle HANDLE = new StreamingHandle() {
      @Override
      public void cancel() {}

      @Override
      public boolean isCancelled() {
        return false;
      }
    };

    final List<ChatRequest> requests = new ArrayList<>();
    Function<ChatRequest, List<Piece>> pieces = r -> List.of();
    boolean withContext = true;

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
      requests.add(request);
      List<Piece> all = pieces.apply(request);
      Map<Integer, StringBuilder> arguments = new TreeMap<>();
      for (int i = 0; i < all.size(); i++) {
        Piece p = all.get(i);
        arguments.computeIfAbsent(p.index(), k -> new StringBuilder()).append(p.arguments());
        PartialToolCall partial = PartialToolCall.builder().index(p.index()).id("call_" + p.index()).name("tool_" + p.index())
            .partialArguments(p.arguments()).build();
        if (withContext) {
          handler.onPartialToolCall(partial, new PartialToolCallContext(HANDLE));
        } else {
          handler.onPartialToolCall(partial);
        }
        if (all.subList(i + 1, all.size()).stream().noneMatch(q -> q.index() == p.index())) {
          handler.onCompleteToolCall(new CompleteToolCall(p.index(), request(p.index(), arguments.get(p.index()))));
        }
      }
      List<ToolExecutionRequest> calls = new ArrayList<>();
      arguments.forEach((i, a) -> calls.add(request(i, a)));
      handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from(calls)).build());
    }

    static ToolExecutionRequest request(int index, CharSequence arguments) {
      return ToolExecutionRequest.builder().id("call_" + index).name("tool_" + index).arguments(arguments.toString()).build();
    }

    @Override
    public ModelProvider provider() {
      return ModelProvider.OPEN_AI;
    }
  }

  /** What a streaming caller saw: partial tool calls, complete tool calls and the response. */
  static final class ToolCallRecorder implements StreamingChatResponseHandler {
    final List<PartialToolCall> partials = new ArrayList<>();
    final Map<Integer, String> complete = new LinkedHashMap<>();
    ChatResponse response;
    final boolean overrideContextOverload;

    ToolCallRecorder(boolean overrideContextOverload) {
      this.overrideContextOverload = overrideContextOverload;
    }

    @Override
    public void onPartialToolCall(PartialToolCall partial) {
      add(partial);
    }

    @Override
    public void onPartialToolCall(PartialToolCall partial, PartialToolCallContext context) {
      assertThat(context.streamingHandle()).isSameAs(FakeToolCallingModel.HANDLE);
      if (overrideContextOverload) {
        add(partial);
      } else {
        StreamingChatResponseHandler.super.onPartialToolCall(partial, context);
      }
    }

    private void add(PartialToolCall partial) {
      assertThat(complete).as("no piece of a call after it completed").doesNotContainKey(partial.index());
      partials.add(partial);
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall call) {
      assertThat(response).as("complete tool calls come before the response").isNull();
      complete.put(call.index(), call.toolExecutionRequest().arguments());
    }

    @Override
    public void onCompleteResponse(ChatResponse r) {
      response = r;
    }

    @Override
    public void onError(Throwable error) {
      throw new AssertionError(error);
    }

    /** The partial arguments of one call, concatenated as a caller assembling them would. */
    String assembled(int index) {
      StringBuilder sb = new StringBuilder();
      for (PartialToolCall p : partials) {
        if (p.index() == index) {
          assertThat(p.id()).isEqualTo("call_" + index);
          assertThat(p.name()).isEqualTo("tool_" + index);
          sb.append(p.partialArguments());
        }
      }
      return sb.toString();
    }

    String finalArguments(int index) {
      return response.aiMessage().toolExecutionRequests().stream()
          .filter(r -> r.id().equals("call_" + index)).findFirst().orElseThrow().arguments();
    }
  }

  /** Cuts {@code text} at the given positions. */
  static List<Piece> cut(int index, String text, int... at) {
    List<Piece> out = new ArrayList<>();
    int from = 0;
    for (int a : at) {
      out.add(new Piece(index, text.substring(from, a)));
      from = a;
    }
    out.add(new Piece(index, text.substring(from)));
    return out;
  }

  static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void restoresATokenSplitAcrossThreePartialToolCallsAndAssemblesTheCompleteArguments() throws Exception {
    FakeToolCallingModel fake = new FakeToolCallingModel();
    String args = "{\"to\": \"" + token(EMAIL) + "\", \"subject\": \"[draft] hi\"}";
    int start = args.indexOf("[[");
    fake.pieces = r -> cut(0, args, start + 1, start + 12, start + 40);
    StreamingChatModel model = ResidencyLangChain4j.builder(guard).setEndpoint(euOpenAi).build().wrap(fake);
    ToolCallRecorder seen = new ToolCallRecorder(true);

    model.chat(ChatRequest.builder().messages(UserMessage.from("Mail " + EMAIL)).build(), seen);

    String expected = "{\"to\": \"" + EMAIL + "\", \"subject\": \"[draft] hi\"}";
    assertThat(seen.partials).extracting(PartialToolCall::partialArguments).allSatisfy(p ->
        assertThat(p).isNotEmpty().doesNotContain("[[EMAIL"));
    assertThat(seen.assembled(0)).isEqualTo(expected);
    assertThat(seen.complete).containsExactly(Map.entry(0, expected));
    assertThat(seen.finalArguments(0)).isEqualTo(expected);
  }

  @Test
  void keepsOneStreamPerIndexWhenTwoToolCallsAreInterleaved() throws Exception {
    FakeToolCallingModel fake = new FakeToolCallingModel();
    fake.withContext = false;
    String first = "{\"to\":\"" + token(EMAIL) + "\"}";
    String second = "{\"to\":\"" + token("bob@example.org") + "\",\"n\":2}";
    List<Piece> a = cut(0, first, 9, 20, 35);
    List<Piece> b = cut(1, second, 11, 25, 40, 60);
    List<Piece> interleaved = new ArrayList<>();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      if (i < a.size()) {
        interleaved.add(a.get(i));
      }
      if (i < b.size()) {
        interleaved.add(b.get(i));
      }
    }
    fake.pieces = r -> interleaved;
    StreamingChatModel model = ResidencyLangChain4j.builder(guard).setEndpoint(euOpenAi).build().wrap(fake);
    ToolCallRecorder seen = new ToolCallRecorder(false);

    model.chat(ChatRequest.builder().messages(UserMessage.from("Mail " + EMAIL)).build(), seen);

    assertThat(seen.assembled(0)).isEqualTo("{\"to\":\"" + EMAIL + "\"}").isEqualTo(seen.complete.get(0));
    assertThat(seen.assembled(1)).isEqualTo("{\"to\":\"bob@example.org\",\"n\":2}").isEqualTo(seen.complete.get(1))
        .isEqualTo(seen.finalArguments(1));
    assertThat(seen.partials).extracting(PartialToolCall::partialArguments).noneMatch(p -> p.contains("[["));
  }

  @Test
  void escapesAFieldRuleValueRestoredInPartialToolCallArguments() throws Exception {
    String note = "Line 1: \"quoted\"\nC:\\temp\\x\t€";
    ResidencyGuard rules = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EEA").allowCountries("CH")
        .setMasking(MaskingSettings.builder().addRule(FieldRule.of(FieldRule.Target.FIELD, "note", "token")).build())
        .build()).setAuditSink(sink).build();
    FakeToolCallingModel fake = new FakeToolCallingModel();
    // The model files the note again, echoing the token it was sent in the earlier call's arguments.
    fake.pieces = r -> {
      String sent = ((AiMessage) r.messages().get(1)).toolExecutionRequests().get(0).arguments();
      Matcher token = Pattern.compile("\\[\\[FIELD:[^\\]]+]]").matcher(sent);
      assertThat(token.find()).as("the field was masked: %s", sent).isTrue();
      String args = "{\"note\":\"" + token.group() + "\",\"pinned\":true}";
      List<Piece> out = new ArrayList<>();
      for (int i = 0; i < args.length(); i += 4) {
        out.add(new Piece(0, args.substring(i, Math.min(args.length(), i + 4))));
      }
      return out;
    };
    StreamingChatModel model = ResidencyLangChain4j.builder(rules).setEndpoint(euOpenAi).build().wrap(fake);
    ToolCallRecorder seen = new ToolCallRecorder(true);

    model.chat(ChatRequest.builder().messages(
        UserMessage.from("File the note again"),
        AiMessage.from(ToolExecutionRequest.builder().id("c1").name("file_note")
            .arguments("{\"note\":" + MAPPER.writeValueAsString(note) + "}").build()),
        ToolExecutionResultMessage.from("c1", "file_note", "filed")).build(), seen);

    assertThat(text(fake.requests.get(0).messages().get(1))).doesNotContain("quoted");
    JsonNode parsed = MAPPER.readTree(seen.assembled(0));
    assertThat(parsed.get("note").asText()).isEqualTo(note);
    assertThat(parsed.get("pinned").asBoolean()).isTrue();
    assertThat(seen.assembled(0)).isEqualTo(seen.complete.get(0)).isEqualTo(seen.finalArguments(0));
  }

  @Test
  void flushesAPrefixThatNeverBecameATokenBeforeTheCallCompletes() {
    FakeToolCallingModel fake = new FakeToolCallingModel();
    fake.pieces = r -> List.of(new Piece(0, "{\"q\":\"see [["), new Piece(0, "EMAIL:k"));
    StreamingChatModel model = ResidencyLangChain4j.builder(guard).setEndpoint(euOpenAi).build().wrap(fake);
    ToolCallRecorder seen = new ToolCallRecorder(true);

    model.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(), seen);

    assertThat(seen.partials).extracting(PartialToolCall::partialArguments)
        .containsExactly("{\"q\":\"see ", "[[EMAIL:k");
    assertThat(seen.complete.get(0)).isEqualTo("{\"q\":\"see [[EMAIL:k");
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

  /** Keeps the complete response; any error fails the test. Tests override the callbacks they watch. */
  private static class CompletingHandler implements StreamingChatResponseHandler {
    ChatResponse complete;

    @Override
    public void onCompleteResponse(ChatResponse response) {
      complete = response;
    }

    @Override
    public void onError(Throwable error) {
      throw new AssertionError(error);
    }
  }

  @Test
  void restoresATokenSplitAcrossStreamedPartials() {
    FakeStreamingModel fake = new FakeStreamingModel();
    String tok = token(EMAIL);
    fake.partials = List.of("Hi ", tok.substring(0, 5), tok.substring(5, 30), tok.substring(30), "!");
    StreamingChatModel model = ResidencyLangChain4j.builder(guard).setEndpoint(euOpenAi).build().wrap(fake);
    StringBuilder seen = new StringBuilder();
    CompletingHandler handler = new CompletingHandler() {
      @Override
      public void onPartialResponse(String partial) {
        seen.append(partial);
      }
    };

    model.chat("Greet " + EMAIL, handler);

    assertThat(((UserMessage) fake.requests.get(0).messages().get(0)).singleText()).doesNotContain(EMAIL);
    assertThat(seen.toString()).isEqualTo("Hi " + EMAIL + "!");
    assertThat(handler.complete.aiMessage().text()).isEqualTo("Hi " + EMAIL + "!");
  }

  @Test
  void restoresStreamedThinkingAndPassesUnmappedEventsOnAndMasksThinkingSentBack() {
    String tok = token(EMAIL);
    Object raw = new Object();
    List<ChatRequest> requests = new ArrayList<>();
    StreamingChatModel fake = new StreamingChatModel() {
      @Override
      public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        requests.add(request);
        PartialThinkingContext context = new PartialThinkingContext(FakeToolCallingModel.HANDLE);
        handler.onPartialThinking(new PartialThinking("The user is " + tok.substring(0, 12)), context);
        handler.onUnmappedRawEvent(raw);
        handler.onPartialThinking(new PartialThinking(tok.substring(12) + ". Also ["), context);
        handler.onCompleteResponse(ChatResponse.builder()
            .aiMessage(AiMessage.builder().text("ok").thinking("The user is " + tok + ". Also [").build()).build());
      }

      @Override
      public ModelProvider provider() {
        return ModelProvider.OPEN_AI;
      }
    };
    StreamingChatModel model = ResidencyLangChain4j.builder(guard).setEndpoint(euOpenAi).build().wrap(fake);
    StringBuilder thought = new StringBuilder();
    List<Object> rawSeen = new ArrayList<>();
    CompletingHandler handler = new CompletingHandler() {
      @Override
      public void onPartialThinking(PartialThinking partial, PartialThinkingContext context) {
        thought.append(partial.text());
      }

      @Override
      public void onUnmappedRawEvent(Object event) {
        rawSeen.add(event);
      }
    };

    model.chat("hi", handler);

    assertThat(thought).hasToString("The user is " + EMAIL + ". Also [");
    assertThat(rawSeen).containsExactly(raw);
    assertThat(handler.complete.aiMessage().thinking()).isEqualTo("The user is " + EMAIL + ". Also [");

    // the restored reasoning goes back into the history: the model sees the token again, not the value
    model.chat(ChatRequest.builder().messages(UserMessage.from("hi"), handler.complete.aiMessage(), UserMessage.from("go on"))
        .build(), new CompletingHandler());
    AiMessage sentBack = (AiMessage) requests.get(1).messages().get(1);
    assertThat(sentBack.thinking()).doesNotContain(EMAIL).contains(tok);
  }

  @Test
  void sendsHeldBackTextThroughTheOverloadTheModelUsed() {
    StreamingChatModel fake = new StreamingChatModel() {
      @Override
      public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        PartialResponseContext context = new PartialResponseContext(FakeToolCallingModel.HANDLE);
        handler.onPartialResponse(new PartialResponse("See [1] and ["), context);
        handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("See [1] and [")).build());
      }

      @Override
      public ModelProvider provider() {
        return ModelProvider.OPEN_AI;
      }
    };
    StreamingChatModel model = ResidencyLangChain4j.builder(guard).setEndpoint(euOpenAi).build().wrap(fake);
    StringBuilder seen = new StringBuilder();

    // A handler that overrides only the context overload, as LangChain4j's own services may.
    model.chat("hi", new CompletingHandler() {
      @Override
      public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        seen.append(partial.text());
      }
    });

    assertThat(seen.toString()).isEqualTo("See [1] and [");
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
