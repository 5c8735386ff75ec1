package dev.residency.s3;

import dev.residency.Decision;
import dev.residency.ResidencyViolationException;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * An S3 call was refused because data would leave the allowed region; nothing was sent. This is
 * the AWS SDK's own {@link SdkClientException} type, so existing error handling keeps working; the
 * core {@link ResidencyViolationException} is its cause.
 *
 * <p>A synchronous client throws it directly; an asynchronous client completes its future
 * exceptionally with a {@code CompletionException} whose cause is this exception. Either way
 * {@link ResidencyViolationException#find(Throwable)} finds the decision. Not retryable.
 */
public final class ResidencyS3Exception extends SdkClientException {
  private static final long serialVersionUID = 1L;

  private final transient ResidencyViolationException violation;

  private ResidencyS3Exception(Builder b) {
    super(b);
    this.violation = b.violation;
  }

  /**
   * Wraps a core violation; used by the S3 adapter.
   *
   * @param violation the violation, never {@code null}
   * @return the exception, whose message is the decision's explanation
   */
  public static ResidencyS3Exception of(ResidencyViolationException violation) {
    Objects.requireNonNull(violation, "violation");
    Builder b = new Builder(violation);
    b.message(violation.getMessage());
    b.cause(violation);
    return new ResidencyS3Exception(b);
  }

  /** The decision that refused the call. */
  public Decision decision() {
    return violation.decision();
  }

  @Override
  public boolean retryable() {
    return false;
  }

  @Override
  public SdkClientException.Builder toBuilder() {
    // The SDK rebuilds exceptions (to record attempt counts, say); keep the type and decision.
    Builder b = new Builder(violation);
    b.message(getMessage());
    b.cause(getCause());
    return b;
  }

  private static final class Builder extends SdkClientException.BuilderImpl {
    private final ResidencyViolationException violation;

    Builder(ResidencyViolationException violation) {
      this.violation = violation;
    }

    @Override
    public SdkClientException build() {
      return new ResidencyS3Exception(this);
    }
  }
}
