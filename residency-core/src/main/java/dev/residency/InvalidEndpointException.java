package dev.residency;

/**
 * A target (URL, host, JDBC URL, ARN...) that cannot be parsed safely. Guards deny such targets
 * with {@link ReasonCode#DENIED_INVALID_ENDPOINT}; the message names the problem, not the value's
 * secrets (userinfo and query strings are never echoed).
 */
public final class InvalidEndpointException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message describing what is wrong. */
  public InvalidEndpointException(String message) {
    super(message);
  }
}
