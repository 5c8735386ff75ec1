package dev.residency.bedrock.internal;

import dev.residency.Decision;
import dev.residency.ResidencyViolationException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Internal, may change without notice. What a Bedrock call fails with when the residency guard
 * blocks it: an {@link SdkClientException} (what SDK callers already catch; never retried) whose
 * cause is the core {@link ResidencyViolationException}, so callers use {@code
 * ResidencyViolationException.find(e)} rather than this type.
 */
public final class ResidencyBedrockException extends SdkClientException {
  private static final long serialVersionUID = 1L;

  ResidencyBedrockException(String message, ResidencyViolationException cause) {
    super(SdkClientException.builder().message(message).cause(cause));
  }

  /** Creates the exception for a blocking decision; the message is the decision's explanation. */
  public static ResidencyBedrockException of(Decision decision) {
    ResidencyViolationException cause = new ResidencyViolationException(decision);
    return new ResidencyBedrockException(cause.getMessage(), cause);
  }

  /**
   * Creates the exception for a blocking decision on one part of a call (an output location), with
   * a message that says which part; it must hold no data values.
   */
  public static ResidencyBedrockException of(String message, Decision decision) {
    return new ResidencyBedrockException(message, new ResidencyViolationException(decision));
  }

  /** The decision that blocked the call. */
  public Decision decision() {
    return ((ResidencyViolationException) getCause()).decision();
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
