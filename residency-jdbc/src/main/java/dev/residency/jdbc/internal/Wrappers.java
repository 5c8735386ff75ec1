package dev.residency.jdbc.internal;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * {@link Wrapper} semantics shared by our wrappers: try the wrapper, then the delegate, then what
 * the delegate wraps, so {@code unwrap(HikariDataSource.class)} and pool MXBeans keep working.
 * Internal, may change without notice.
 */
final class Wrappers {
  private Wrappers() {}

  static <T> T unwrap(Object wrapper, Wrapper delegate, Class<T> iface) throws SQLException {
    if (iface.isInstance(wrapper)) {
      return iface.cast(wrapper);
    }
    if (iface.isInstance(delegate)) {
      return iface.cast(delegate);
    }
    return delegate.unwrap(iface);
  }

  static boolean isWrapperFor(Object wrapper, Wrapper delegate, Class<?> iface) throws SQLException {
    return iface.isInstance(wrapper) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
  }
}
