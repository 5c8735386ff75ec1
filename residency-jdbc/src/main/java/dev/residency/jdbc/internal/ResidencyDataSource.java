package dev.residency.jdbc.internal;

import dev.residency.Decision;
import dev.residency.ReasonCode;
import dev.residency.ResidencyGuard;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource that checks its JDBC URL against the residency policy before every
 * {@code getConnection}. Internal, may change without notice.
 *
 * <p>An allowed (or report-only) decision is cached per policy version, so a borrow costs one
 * volatile read and a version compare; a blocked URL, and one allowed only by a time-boxed
 * exception, is re-evaluated (and audited) on every attempt. {@code unwrap}/{@code isWrapperFor} try this wrapper, then the delegate; {@code close()}
 * passes through. Thread-safe.
 */
public final class ResidencyDataSource implements DataSource, Closeable {
  private final DataSource delegate;
  private final String jdbcUrl;
  private final ConnectionGate gate;
  private final boolean maskResults;
  private volatile Allowed allowed;

  private static final class Allowed {
    final long policyVersion;

    Allowed(long policyVersion) {
      this.policyVersion = policyVersion;
    }
  }

  /** Wraps {@code delegate}, whose connections go to {@code jdbcUrl}. */
  public ResidencyDataSource(DataSource delegate, String jdbcUrl, ConnectionGate gate, boolean maskResults) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.maskResults = maskResults;
  }

  @Override
  public Connection getConnection() throws SQLException {
    check();
    return guarded(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    check();
    return guarded(delegate.getConnection(username, password));
  }

  private void check() throws SQLException {
    ResidencyGuard guard = gate.guard();
    long version = guard.policyVersion();
    Allowed a = allowed;
    if (a != null && a.policyVersion == version) {
      return;
    }
    // A pool's data-source properties reach the driver with the URL and may name the host.
    List<Decision> decisions = gate.evaluate(jdbcUrl, JdbcUrlLookup.properties(delegate));
    Decision blocking = ConnectionGate.firstBlocking(decisions);
    if (blocking != null) {
      allowed = null;
      throw new ResidencyJdbcException(blocking);
    }
    for (Decision d : decisions) {
      if (d.reasonCode() == ReasonCode.ALLOWED_EXCEPTION) {
        // Exceptions expire by date, which does not change the policy version: ask every time.
        allowed = null;
        return;
      }
    }
    long decidedUnder = decisions.isEmpty() ? version : decisions.get(0).policyVersion();
    allowed = new Allowed(decidedUnder);
  }

  private Connection guarded(Connection c) {
    return maskResults ? MaskingProxies.connection(c, gate.guard()) : c;
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return Wrappers.unwrap(this, delegate, iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return Wrappers.isWrapperFor(this, delegate, iface);
  }

  /** Closes the delegate when it is closeable (a pool); otherwise does nothing. */
  @Override
  public void close() throws IOException {
    if (delegate instanceof AutoCloseable) {
      try {
        ((AutoCloseable) delegate).close();
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }

  @Override
  public String toString() {
    return "ResidencyDataSource[" + delegate.getClass().getName() + "]";
  }
}
