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
 * <p>Every Bedrock Runtime call is decided once, before anything is marshalled, on the provider
 * endpoint it logically goes to: {@code bedrock-runtime.<client region>.amazonaws.com} with the
 * operation's REST path and method, so that the core's Bedrock rules place it.
 *
 * <ul>
 *   <li>Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream, CountTokens and
 *       InvokeModelWithBidirectionalStream: by the model id or inference profile ({@code eu.} runs
 *       anywhere in Bedrock's EU geography, {@code global.} anywhere; application inference
 *       profiles are unknown unless declared).
 *   <li>StartAsyncInvoke: by its model id, and its S3 output location ({@code
 *       outputDataConfig.s3OutputDataConfig.s3Uri}) as well: the bucket must be declared in the
 *       policy ({@code endpoints: - resource: <bucket>}, or {@code declareResource}) in an allowed region, or the call is denied.
 *   <li>GetAsyncInvoke and ListAsyncInvokes: reads that carry no prompt, placed in the client's
 *       region.
 *   <li>ApplyGuardrail: unknown (and denied by default) unless the policy declares the guardrail
 *       identifier as a resource (in the region the guardrail runs in), since a guardrail with a cross-Region profile evaluates content
 *       anywhere in its geography; the client's region must be allowed too.
 *   <li>An operation this interceptor does not know (one added to the SDK later) is decided on the
 *       path the SDK marshals, which the core leaves unknown: denied unless the policy allows
 *       unknown locations, and then still refused (unless it is a read) while prompts are to be
 *       masked, since its content cannot be.
 * </ul>
 *
 * <p>When the SDK's physical host differs (an {@code endpointOverride}, a VPC endpoint), that host
 * is decided as well and both must be allowed.
 *
 * <p>Prompts are masked (Converse and ConverseStream text blocks, system prompt, text and JSON tool
 * results and the strings of tool-use input; the InvokeModel JSON body; CountTokens input in
 * either form; ApplyGuardrail text blocks, qualifiers kept; the strings of StartAsyncInvoke's
 * {@code modelInput}) and answers unmasked (Converse text blocks and tool-use input, the
 * InvokeModel JSON body, ApplyGuardrail output text). On {@code BedrockRuntimeAsyncClient},
 * streamed answers are unmasked too, event by event, before the SDK decodes them: ConverseStream
 * text, tool-use input and reasoning deltas, and every string of the model's JSON in
 * InvokeModelWithResponseStream chunks; a token cut across events is restored in the event that
 * completes it, and a stream without tokens reaches the SDK byte for byte.
 *
 * <p>InvokeModelWithBidirectionalStream sends its content through an input publisher that
 * interceptors never see, so it cannot be masked: while prompts are masked ({@link
 * ResidencyBedrockBuilder#setMaskPrompts}, the default) or the decision requires masking, it is
 * denied (rule {@code bedrock.masking}); with masking off and not required, the endpoint decision
 * alone applies and its content goes as the caller sends it.
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
