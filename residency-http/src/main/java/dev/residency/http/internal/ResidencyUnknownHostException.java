package dev.residency.http.internal;

import dev.residency.Decision;
import dev.residency.ResidencyViolationException;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Internal, may change without notice. The {@link UnknownHostException} a residency-checked DNS
 * lookup fails with when the answer lies outside the allowed locations; the core {@link
 * ResidencyViolationException} is the cause.
 */
public final class ResidencyUnknownHostException extends UnknownHostException {
  private static final long serialVersionUID = 1L;

  /** Wraps a violation; the message is the decision's explanation. */
  public ResidencyUnknownHostException(ResidencyViolationException cause) {
    super(Objects.requireNonNull(cause, "cause").getMessage());
    initCause(cause);
  }

  /** The decision that blocked the lookup. */
  public Decision decision() {
    return ((ResidencyViolationException) getCause()).decision();
  }
}
