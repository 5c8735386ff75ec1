package dev.residency.http.internal;

import dev.residency.Decision;
import dev.residency.ResidencyViolationException;
import java.io.IOException;
import java.util.Objects;

/**
 * Internal, may change without notice. The {@link IOException} an HTTP call fails with when the
 * residency guard blocks it; the core {@link ResidencyViolationException} is the cause, so callers
 * use {@code ResidencyViolationException.find(e)} rather than this type.
 */
public final class ResidencyIOException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Wraps a violation; the message is the decision's explanation. */
  public ResidencyIOException(ResidencyViolationException cause) {
    super(Objects.requireNonNull(cause, "cause").getMessage(), cause);
  }

  /** Wraps a violation with a message saying what could not be done (a body that cannot be masked). */
  public ResidencyIOException(String message, ResidencyViolationException cause) {
    super(message, Objects.requireNonNull(cause, "cause"));
  }

  /** The decision that blocked the call. */
  public Decision decision() {
    return ((ResidencyViolationException) getCause()).decision();
  }
}
