package dev.residency.bedrock;

import dev.residency.ResidencyGuard;
import dev.residency.bedrock.internal.BedrockInterceptor;
import java.util.Objects;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Keeps Amazon Bedrock Runtime calls ({@code BedrockRuntimeClient}, {@code
 * BedrockRuntimeAsyncClient}) inside the regions a {@link ResidencyGuard}'s policy allows:
 *
 * <pre>{@code
 * BedrockRuntimeClient bedrock = BedrockRuntimeClient.builder()
 *     .region(Region.EU_CENTRAL_1)
 *     .overrideConfiguration(c -> c.addExecutionInterceptor(
 *         ResidencyBedrock.create(guard).createExecutionInterceptor()))
 *     .build();
 * }</pre>
 *
 * <p>For Converse, ConverseStream, InvokeModel and InvokeModelWithResponseStream the interceptor
 * decides, once per call and before anything is marshalled, the provider endpoint the call
 * logically goes to: the client's region plus the model id or inference profile ({@code eu.} runs
 * anywhere in Bedrock's EU geography, {@code global.} anywhere; application inference profiles are
 * unknown unless declared). When the SDK's physical host differs (an {@code endpointOverride}, a
 * VPC endpoint), that host is decided as well and both must be allowed. Other operations pass
 * through unchecked.
 *
 * <p>Prompts are masked (Converse and ConverseStream text blocks, system prompt, text and JSON tool
 * results and the strings of tool-use input; the InvokeModel JSON body) and answers unmasked
 * (Converse text blocks and tool-use input, the InvokeModel JSON body). On {@code
 * BedrockRuntimeAsyncClient}, streamed answers are unmasked too, event by event, before the SDK
 * decodes them: ConverseStream text, tool-use input and reasoning deltas, and every string of the
 * model's JSON in InvokeModelWithResponseStream chunks; a token cut across events is restored in
 * the event that completes it, and a stream without tokens reaches the SDK byte for byte.
 *
 * <p>A blocked call throws an {@link software.amazon.awssdk.core.exception.SdkClientException}
 * (not retried) whose cause is the core {@link dev.residency.ResidencyViolationException}; the
 * async client completes its future exceptionally with it (wrapped in a {@code
 * CompletionException}). Use {@link dev.residency.ResidencyViolationException#find(Throwable)}.
 * Immutable and thread-safe.
 */
public final class ResidencyBedrock {
  private final ResidencyGuard guard;
  private final String strategy;
  private final boolean maskPrompts;

  ResidencyBedrock(ResidencyGuard guard, String strategy, boolean maskPrompts) {
    this.guard = guard;
    this.strategy = strategy;
    this.maskPrompts = maskPrompts;
  }

  /**
   * Returns an instance with default options (equivalent to {@code builder(guard).build()}).
   *
   * @throws NullPointerException when {@code guard} is null
   */
  public static ResidencyBedrock create(ResidencyGuard guard) {
    return builder(guard).build();
  }

  /**
   * Starts a builder for options.
   *
   * @throws NullPointerException when {@code guard} is null
   */
  public static ResidencyBedrockBuilder builder(ResidencyGuard guard) {
    return new ResidencyBedrockBuilder(Objects.requireNonNull(guard, "guard"));
  }

  /**
   * Returns a new interceptor to register with {@code
   * ClientOverrideConfiguration.Builder#addExecutionInterceptor}. Stateless between calls; one
   * instance may serve several clients.
   */
  public ExecutionInterceptor createExecutionInterceptor() {
    return new BedrockInterceptor(guard, strategy, maskPrompts);
  }
}
