package dev.residency.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.residency.Endpoint;
import dev.residency.ResidencyGuard;
import dev.residency.langchain4j.internal.GuardedChatModels;
import java.util.Objects;

/**
 * Decorates LangChain4j chat models so each call is decided by a {@link ResidencyGuard} and
 * personal data in prompts reaches the model only as tokens:
 *
 * <pre>{@code
 * ChatModel model = ResidencyLangChain4j.builder(guard)
 *     .setEndpoint(Endpoint.parse(EndpointKind.LLM, "https://eu.api.openai.com/v1"))
 *     .build()
 *     .wrap(openAiChatModel);
 * }</pre>
 *
 * <p>Per call, in this order: decide the endpoint (one audited decision; the request's model name
 * is recorded as attribute {@code model}); mask the text of every message (system, user text
 * parts, assistant text and tool-call arguments, tool results) and audit the counts; call the
 * model; restore tokens in the answer text and tool-call arguments. For a streaming model the
 * partial texts are unmasked as they arrive, a token split across partials being held back until
 * complete; partial tool calls ({@code onPartialToolCall}) pass as they are, complete ones are
 * unmasked.
 *
 * <p>LangChain4j models hide their HTTP client and base URL, so the endpoint is what you declare
 * with {@link ResidencyLangChain4jBuilder#setEndpoint(Endpoint)}; without it, the provider's public
 * default endpoint is assumed from {@code provider()} (OpenAI, Anthropic, Mistral, Gemini API) and
 * any other provider fails {@code wrap} with an {@link IllegalArgumentException}. A blocked call
 * throws {@link dev.residency.ResidencyViolationException} from {@code chat}, or, for a streaming
 * model, is reported to {@code onError} with it; the model is never called. Immutable and
 * thread-safe; the decorators are as thread-safe as the models they wrap.
 */
public final class ResidencyLangChain4j {
  private final ResidencyGuard guard;
  private final Endpoint endpoint;
  private final String strategy;

  ResidencyLangChain4j(ResidencyGuard guard, Endpoint endpoint, String strategy) {
    this.guard = guard;
    this.endpoint = endpoint;
    this.strategy = strategy;
  }

  /**
   * Returns an instance with default options (equivalent to {@code builder(guard).build()}).
   *
   * @throws NullPointerException when {@code guard} is null
   */
  public static ResidencyLangChain4j create(ResidencyGuard guard) {
    return builder(guard).build();
  }

  /**
   * Starts a builder for options.
   *
   * @throws NullPointerException when {@code guard} is null
   */
  public static ResidencyLangChain4jBuilder builder(ResidencyGuard guard) {
    return new ResidencyLangChain4jBuilder(Objects.requireNonNull(guard, "guard"));
  }

  /**
   * Returns a {@link ChatModel} that decides, masks and unmasks around {@code model}.
   *
   * @throws NullPointerException when {@code model} is null
   * @throws IllegalArgumentException when no endpoint was set and the model's provider has no
   *     known default endpoint
   */
  public ChatModel wrap(ChatModel model) {
    Objects.requireNonNull(model, "model");
    return GuardedChatModels.wrap(guard, endpointFor(model.provider()), strategy, model);
  }

  /**
   * Returns a {@link StreamingChatModel} that decides, masks and unmasks around {@code model}.
   *
   * @throws NullPointerException when {@code model} is null
   * @throws IllegalArgumentException when no endpoint was set and the model's provider has no
   *     known default endpoint
   */
  public StreamingChatModel wrap(StreamingChatModel model) {
    Objects.requireNonNull(model, "model");
    return GuardedChatModels.wrap(guard, endpointFor(model.provider()), strategy, model);
  }

  private Endpoint endpointFor(dev.langchain4j.model.ModelProvider provider) {
    if (endpoint != null) {
      return endpoint;
    }
    String url = ResidencyLangChain4jBuilder.defaultUrl(provider);
    if (url == null) {
      throw new IllegalArgumentException(
          "model provider " + provider + " has no known default endpoint; declare where it runs with "
              + "ResidencyLangChain4j.builder(guard).setEndpoint(...)");
    }
    return Endpoint.parse(dev.residency.EndpointKind.LLM, url);
  }
}
