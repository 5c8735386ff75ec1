package dev.residency.bedrock;

import dev.residency.ResidencyGuard;
import dev.residency.mask.MaskingSettings;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Builds a {@link ResidencyBedrock}. Obtain one with {@link ResidencyBedrock#builder(ResidencyGuard)}.
 * Not thread-safe; the built instance is.
 */
public final class ResidencyBedrockBuilder {
  private final ResidencyGuard guard;
  private String strategy;
  private boolean maskPrompts = true;

  ResidencyBedrockBuilder(ResidencyGuard guard) {
    this.guard = guard;
  }

  /**
   * The strategy for values detected in prompts. Default: the policy's {@code masking.llm}
   * ({@code token} unless configured). Only {@code token} values are restored in answers.
   *
   * @throws IllegalArgumentException for an unknown strategy
   */
  public ResidencyBedrockBuilder setMaskingStrategy(String strategy) {
    Objects.requireNonNull(strategy, "strategy");
    if (!MaskingSettings.STRATEGIES.contains(strategy)) {
      throw new IllegalArgumentException(
          "unknown masking strategy '" + strategy + "' (expected one of " + new TreeSet<>(MaskingSettings.STRATEGIES) + ")");
    }
    this.strategy = strategy;
    return this;
  }

  /** Whether prompts are masked. Default {@code true}; residency decisions are made either way. */
  public ResidencyBedrockBuilder setMaskPrompts(boolean maskPrompts) {
    this.maskPrompts = maskPrompts;
    return this;
  }

  /** Builds the immutable, thread-safe {@link ResidencyBedrock}. */
  public ResidencyBedrock build() {
    return new ResidencyBedrock(guard, strategy, maskPrompts);
  }
}
