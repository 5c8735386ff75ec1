package dev.residency.llm;

import dev.residency.ResidencyGuard;
import dev.residency.llm.internal.LlmInterceptor;
import dev.residency.mask.MaskingSettings;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Builds a {@link ResidencyLlm}. Obtain one with {@link ResidencyLlm#builder(ResidencyGuard)}. Not
 * thread-safe; the built instance is.
 */
public final class ResidencyLlmBuilder {
  private static final Pattern GEO = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private final ResidencyGuard guard;
  private String strategy;
  private boolean maskPrompts = true;
  private boolean unmaskAnswers = true;
  private String inferenceGeo;

  ResidencyLlmBuilder(ResidencyGuard guard) {
    this.guard = guard;
  }

  /**
   * The strategy for values detected in prompts: {@code token} (reversible), {@code redact},
   * {@code partial} or {@code hash}. Default: the policy's {@code masking.llm} (itself {@code
   * token} by default). Only {@code token} values can be restored in answers.
   *
   * @throws IllegalArgumentException for an unknown strategy
   */
  public ResidencyLlmBuilder setMaskingStrategy(String strategy) {
    Objects.requireNonNull(strategy, "strategy");
    if (!MaskingSettings.STRATEGIES.contains(strategy)) {
      throw new IllegalArgumentException(
          "unknown masking strategy '" + strategy + "' (expected one of " + new TreeSet<>(MaskingSettings.STRATEGIES) + ")");
    }
    this.strategy = strategy;
    return this;
  }

  /**
   * Whether JSON prompts are masked on every allowed call. Default {@code true}. When {@code false}
   * a prompt is still masked if the decision is ALLOW_MASKED (and a body that cannot be masked
   * then fails the call). The whole request body is buffered in memory either way.
   */
  public ResidencyLlmBuilder setMaskPrompts(boolean maskPrompts) {
    this.maskPrompts = maskPrompts;
    return this;
  }

  /**
   * Whether tokens in answers (JSON and server-sent events) are restored before the caller reads
   * them. Default {@code true}. A JSON answer is buffered; a stream is rewritten event by event.
   */
  public ResidencyLlmBuilder setUnmaskAnswers(boolean unmaskAnswers) {
    this.unmaskAnswers = unmaskAnswers;
    return this;
  }

  /**
   * The {@code inference_geo} to put into Anthropic Messages requests that carry none (for example
   * {@code "us"}), so the request says where it runs and the guard can decide it. Default: none;
   * a request without {@code inference_geo} runs where the workspace default says, which the guard
   * cannot see, so it is placed unknown. A request's own value is never overwritten.
   *
   * @throws IllegalArgumentException when {@code geo} is not a lower-case identifier
   */
  public ResidencyLlmBuilder setAnthropicInferenceGeo(String geo) {
    Objects.requireNonNull(geo, "geo");
    if (!GEO.matcher(geo).matches()) {
      throw new IllegalArgumentException("inference_geo '" + geo + "' is not a lower-case identifier such as 'us' or 'global'");
    }
    this.inferenceGeo = geo;
    return this;
  }

  /** Builds the immutable, thread-safe {@link ResidencyLlm}. */
  public ResidencyLlm build() {
    return new ResidencyLlm(guard, new LlmInterceptor.Options(strategy, maskPrompts, unmaskAnswers, inferenceGeo));
  }
}
