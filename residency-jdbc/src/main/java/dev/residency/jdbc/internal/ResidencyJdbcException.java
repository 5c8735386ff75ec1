package dev.residency.jdbc.internal;

import dev.residency.Decision;
import dev.residency.ResidencyViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Objects;

/**
 * A JDBC connection the residency policy does not allow. Internal, may change without notice;
 * callers match on {@link java.sql.SQLNonTransientConnectionException}, SQLState {@value #SQL_STATE},
 * or {@link ResidencyViolationException#find(Throwable)}, which finds the cause.
 *
 * <p>Non-transient, so pools and retry templates do not retry it. The message is the decision's
 * explanation (host, region, rule); it never contains the URL, credentials or data values.
 */
public final class ResidencyJdbcException extends SQLNonTransientConnectionException {
  private static final long serialVersionUID = 1L;

  /**
   * SQLState of a residency denial: class 08 (connection exception), implementation-defined
   * subclass R01.
   */
  public static final String SQL_STATE = "08R01";

  private final transient Decision decision;

  /** Creates the exception for a blocking decision; the cause is a {@link ResidencyViolationException}. */
  public ResidencyJdbcException(Decision decision) {
    super("residency: JDBC connection denied: " + Objects.requireNonNull(decision, "decision").explanation(),
        SQL_STATE, new ResidencyViolationException(decision));
    this.decision = decision;
  }

  /** The decision that blocked the connection. */
  public Decision decision() {
    return decision;
  }
}
