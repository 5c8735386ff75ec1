package dev.residency.gcs.internal;

import dev.residency.Decision;
import dev.residency.ResidencyViolationException;
import java.io.IOException;

/**
 * The {@code IOException} an HTTP execute interceptor must throw; its cause is the core
 * {@link ResidencyViolationException}. Internal, may change without notice: callers see the
 * client's {@code StorageException} and use {@link ResidencyViolationException#find(Throwable)}.
 */
public final class ResidencyIOException extends IOException {
  private static final long serialVersionUID = 1L;

  public ResidencyIOException(ResidencyViolationException cause) {
    super(cause.getMessage(), cause);
  }

  public Decision decision() {
    return ((ResidencyViolationException) getCause()).decision();
  }
}
