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

  ResidencyBedrockException(ResidencyViolationException cause) {
    super(SdkClientException.builder().message(cause.getMessage()).cause(cause));
  }

  /** Creates the exception for a blocking decision. */
  public static ResidencyBedrockException of(Decision decision) {
    return new ResidencyBedrockException(new ResidencyViolationException(decision));
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
