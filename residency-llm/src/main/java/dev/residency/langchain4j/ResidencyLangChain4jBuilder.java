package dev.residency.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.ResidencyGuard;
import dev.residency.mask.MaskingSettings;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Builds a {@link ResidencyLangChain4j}. Obtain one with {@link
 * ResidencyLangChain4j#builder(ResidencyGuard)}. Not thread-safe; the built instance is.
 */
public final class ResidencyLangChain4jBuilder {
  private final ResidencyGuard guard;
  private Endpoint endpoint;
  private String strategy;

  ResidencyLangChain4jBuilder(ResidencyGuard guard) {
    this.guard = guard;
  }

  /**
   * Where the wrapped models send their requests: the host of the model's base URL, and whatever
   * else placement needs (an Azure deployment as {@code resource}, Anthropic's {@code
   * inference_geo} as an attribute, a Bedrock path {@code /model/<id>/converse}). Default: the
   * provider's public endpoint, from {@code provider()}: {@code api.openai.com}, {@code
   * api.anthropic.com}, {@code api.mistral.ai}, {@code generativelanguage.googleapis.com}; none
   * for other providers.
   *
   * @throws IllegalArgumentException when the endpoint is not of kind LLM or HTTP
   */
  public ResidencyLangChain4jBuilder setEndpoint(Endpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    if (endpoint.kind() != EndpointKind.LLM && endpoint.kind() != EndpointKind.HTTP) {
      throw new IllegalArgumentException("endpoint kind " + endpoint.kind() + " is not LLM or HTTP");
    }
    this.endpoint = endpoint;
    return this;
  }

  /**
   * The strategy for values detected in prompts. Default: the policy's {@code masking.llm}
   * ({@code token} unless configured). Only {@code token} values are restored in answers.
   *
   * @throws IllegalArgumentException for an unknown strategy
   */
  public ResidencyLangChain4jBuilder setMaskingStrategy(String strategy) {
    Objects.requireNonNull(strategy, "strategy");
    if (!MaskingSettings.STRATEGIES.contains(strategy)) {
      throw new IllegalArgumentException(
          "unknown masking strategy '" + strategy + "' (expected one of " + new TreeSet<>(MaskingSettings.STRATEGIES) + ")");
    }
    this.strategy = strategy;
    return this;
  }

  /** Builds the immutable, thread-safe {@link ResidencyLangChain4j}. */
  public ResidencyLangChain4j build() {
    return new ResidencyLangChain4j(guard, endpoint, strategy);
  }

  static String defaultUrl(ModelProvider provider) {
    if (provider == null) {
      return null;
    }
    switch (provider) {
      case OPEN_AI:
        return "https://api.openai.com/v1";
      case ANTHROPIC:
        return "https://api.anthropic.com/v1";
      case MISTRAL_AI:
        return "https://api.mistral.ai/v1";
      case GOOGLE_AI_GEMINI:
        return "https://generativelanguage.googleapis.com/v1beta";
      default:
        return null;
    }
  }
}
