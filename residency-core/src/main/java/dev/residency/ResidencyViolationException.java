package dev.residency;

import java.util.Objects;

/**
 * Data was about to go somewhere the policy does not allow. Carries the {@link Decision}; the
 * message is the decision's explanation and never contains data values or credentials.
 *
 * <p>Adapters rethrow it as their client's own exception type (SQLException, IOException,
 * SdkClientException...) with this exception as the cause; {@link #find(Throwable)} digs it out.
 */
public final class ResidencyViolationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Decision decision;

  /** Creates the exception for a blocking decision. */
  public ResidencyViolationException(Decision decision) {
    super(Objects.requireNonNull(decision, "decision").explanation());
    this.decision = decision;
  }

  /** The decision that blocked the call. */
  public Decision decision() {
    return decision;
  }

  /** The first {@code ResidencyViolationException} in the cause chain of {@code t}, or {@code null}. */
  public static ResidencyViolationException find(Throwable t) {
    Throwable current = t;
    for (int depth = 0; current != null && depth < 64; depth++) {
      if (current instanceof ResidencyViolationException) {
        return (ResidencyViolationException) current;
      }
      for (Throwable suppressed : current.getSuppressed()) {
        if (suppressed instanceof ResidencyViolationException) {
          return (ResidencyViolationException) suppressed;
        }
      }
      current = current.getCause();
    }
    return null;
  }
}
