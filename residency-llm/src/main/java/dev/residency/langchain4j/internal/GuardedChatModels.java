package dev.residency.langchain4j.internal;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.llm.internal.JsonFragmentUnmasker;
import dev.residency.mask.StreamingUnmasker;
import dev.residency.mask.Unmasker;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Internal, may change without notice. The LangChain4j decorators. */
public final class GuardedChatModels {
  private GuardedChatModels() {}

  /** Decides the endpoint for one call (one audited decision); the model name is recorded. */
  static Decision decide(ResidencyGuard guard, Endpoint endpoint, ChatRequest request, ChatRequestParameters defaults) {
    String model = request.modelName() != null ? request.modelName() : defaults == null ? null : defaults.modelName();
    Endpoint e = model == null || endpoint.resource() != null ? endpoint : endpoint.toBuilder().attribute("model", model).build();
    return guard.evaluate(e);
  }

  /** Wraps a {@link ChatModel}. */
  public static ChatModel wrap(ResidencyGuard guard, Endpoint endpoint, String strategy, ChatModel delegate) {
    return new Sync(guard, endpoint, new MessageMasking(guard, strategy), delegate);
  }

  /** Wraps a {@link StreamingChatModel}. */
  public static StreamingChatModel wrap(ResidencyGuard guard, Endpoint endpoint, String strategy, StreamingChatModel delegate) {
    return new Streaming(guard, endpoint, new MessageMasking(guard, strategy), delegate);
  }

  private static final class Sync implements ChatModel {
    private final ResidencyGuard guard;
    private final Endpoint endpoint;
    private final MessageMasking masking;
    private final ChatModel delegate;

    Sync(ResidencyGuard guard, Endpoint endpoint, MessageMasking masking, ChatModel delegate) {
      this.guard = guard;
      this.endpoint = endpoint;
      this.masking = masking;
      this.delegate = delegate;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      return chat(request, null);
    }

    @Override
    public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
      Decision d = decide(guard, endpoint, request, delegate.defaultRequestParameters());
      if (d.isBlocking()) {
        throw new ResidencyViolationException(d);
      }
      ChatRequest masked = masking.mask(request);
      ChatResponse response = options == null ? delegate.chat(masked) : delegate.chat(masked, options);
      return masking.unmask(response);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
      return chat(request, null);
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
      return delegate.defaultRequestParameters();
    }

    @Override
    public List<ChatModelListener> listeners() {
      // The delegate notifies its own listeners; repeating them here would report each call twice.
      return List.of();
    }

    @Override
    public ModelProvider provider() {
      return delegate.provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
      return delegate.supportedCapabilities();
    }
  }

  private static final class Streaming implements StreamingChatModel {
    private final ResidencyGuard guard;
    private final Endpoint endpoint;
    private final MessageMasking masking;
    private final StreamingChatModel delegate;

    Streaming(ResidencyGuard guard, Endpoint endpoint, MessageMasking masking, StreamingChatModel delegate) {
      this.guard = guard;
      this.endpoint = endpoint;
      this.masking = masking;
      this.delegate = delegate;
    }

    @Override
    public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
      chat(request, null, handler);
    }

    @Override
    public void chat(ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
      Decision d = decide(guard, endpoint, request, delegate.defaultRequestParameters());
      if (d.isBlocking()) {
        // The streaming contract reports failures through the handler, never by throwing.
        handler.onError(new ResidencyViolationException(d));
        return;
      }
      ChatRequest masked = masking.mask(request);
      UnmaskingHandler wrapped = new UnmaskingHandler(handler, masking, guard.masking().unmasker());
      if (options == null) {
        delegate.chat(masked, wrapped);
      } else {
        delegate.chat(masked, options, wrapped);
      }
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
      chat(request, null, handler);
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
      return delegate.defaultRequestParameters();
    }

    @Override
    public List<ChatModelListener> listeners() {
      return List.of();
    }

    @Override
    public ModelProvider provider() {
      return delegate.provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
      return delegate.supportedCapabilities();
    }
  }

  /**
   * Restores tokens in partial text (held back across partials), in partial tool-call arguments
   * (one held-back stream per tool-call index), in complete tool calls and in the complete response.
   */
  private static final class UnmaskingHandler implements StreamingChatResponseHandler {
    private final StreamingChatResponseHandler handler;
    private final MessageMasking masking;
    private final StreamingUnmasker text;
    // Reasoning ("thinking") refers to the prompt's values too: its own held-back stream.
    private final StreamingUnmasker thinking;
    private final Unmasker unmasker;
    private final Map<Integer, ToolCallStream> toolCalls = new TreeMap<>();
    // The last text context, so the held-back rest goes through the overload the model used.
    private PartialResponseContext textContext;
    private PartialThinkingContext thinkingContext;

    UnmaskingHandler(StreamingChatResponseHandler handler, MessageMasking masking, Unmasker unmasker) {
      this.handler = handler;
      this.masking = masking;
      this.unmasker = unmasker;
      this.text = unmasker.streaming();
      this.thinking = unmasker.streaming();
    }

    /** The arguments of one tool call so far, and how to address a late piece of it. */
    private static final class ToolCallStream {
      final JsonFragmentUnmasker arguments;
      PartialToolCall last;
      PartialToolCallContext context; // null when the model used the one-argument overload

      ToolCallStream(JsonFragmentUnmasker arguments) {
        this.arguments = arguments;
      }
    }

    @Override
    public void onPartialResponse(String partial) {
      String out = text.push(partial);
      if (!out.isEmpty()) {
        handler.onPartialResponse(out);
      }
    }

    @Override
    public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
      textContext = context;
      String out = text.push(partial.text());
      if (!out.isEmpty()) {
        handler.onPartialResponse(new PartialResponse(out), context);
      }
    }

    @Override
    public void onPartialThinking(PartialThinking partial) {
      String out = thinking.push(partial.text());
      if (!out.isEmpty()) {
        handler.onPartialThinking(new PartialThinking(out));
      }
    }

    @Override
    public void onPartialThinking(PartialThinking partial, PartialThinkingContext context) {
      thinkingContext = context;
      String out = thinking.push(partial.text());
      if (!out.isEmpty()) {
        handler.onPartialThinking(new PartialThinking(out), context);
      }
    }

    /** Provider events LangChain4j does not map are passed on as they are (opaque objects). */
    @Override
    public void onUnmappedRawEvent(Object event) {
      handler.onUnmappedRawEvent(event);
    }

    @Override
    public void onPartialToolCall(PartialToolCall partial) {
      partialToolCall(partial, null);
    }

    @Override
    public void onPartialToolCall(PartialToolCall partial, PartialToolCallContext context) {
      partialToolCall(partial, context);
    }

    /**
     * Streams are per index and held across other indexes' pieces, so interleaved tool calls each
     * get their tokens back; what a call holds is flushed when that call (or the response) completes.
     */
    private void partialToolCall(PartialToolCall partial, PartialToolCallContext context) {
      ToolCallStream s = toolCalls.computeIfAbsent(partial.index(),
          i -> new ToolCallStream(new JsonFragmentUnmasker(unmasker)));
      s.last = partial;
      s.context = context;
      emit(s, s.arguments.push(partial.partialArguments()));
    }

    /** Sends a piece of arguments with the call's index, id and name; nothing when it is empty. */
    private void emit(ToolCallStream s, String arguments) {
      // PartialToolCall refuses empty arguments, and an empty piece tells the caller nothing.
      if (arguments.isEmpty()) {
        return;
      }
      PartialToolCall piece = PartialToolCall.builder().index(s.last.index()).id(s.last.id()).name(s.last.name())
          .partialArguments(arguments).build();
      // The overload the model used, so the handler sees what it would see unwrapped.
      if (s.context != null) {
        handler.onPartialToolCall(piece, s.context);
      } else {
        handler.onPartialToolCall(piece);
      }
    }

    private void flush(ToolCallStream s) {
      if (s != null) {
        emit(s, s.arguments.finish());
      }
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall call) {
      flush(toolCalls.remove(call.index()));
      handler.onCompleteToolCall(new CompleteToolCall(call.index(), masking.unmask(call.toolExecutionRequest())));
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
      String thought = thinking.finish();
      if (!thought.isEmpty() && thinkingContext != null) {
        handler.onPartialThinking(new PartialThinking(thought), thinkingContext);
      } else if (!thought.isEmpty()) {
        handler.onPartialThinking(new PartialThinking(thought));
      }
      String rest = text.finish();
      if (!rest.isEmpty() && textContext != null) {
        handler.onPartialResponse(new PartialResponse(rest), textContext);
      } else if (!rest.isEmpty()) {
        handler.onPartialResponse(rest);
      }
      for (ToolCallStream s : toolCalls.values()) {
        flush(s);
      }
      toolCalls.clear();
      handler.onCompleteResponse(masking.unmask(response));
    }

    @Override
    public void onError(Throwable error) {
      handler.onError(error);
    }
  }
}
