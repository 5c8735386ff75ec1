package dev.residency.jdbc.internal;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Objects;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The {@code jdbc:residency:} driver: checks every physical connection against the registered
 * guard, then hands {@code jdbc:<rest>} to the driver that accepts it. The connection {@code
 * Properties} are checked with the URL, since drivers read hosts from them too. Internal, may
 * change without notice; registered through {@code META-INF/services/java.sql.Driver}.
 *
 * <p>At most one guard is registered at a time ({@link #register}); with none, connections fail
 * closed with SQLState {@value #NO_GUARD_SQL_STATE}. Thread-safe.
 */
public final class ResidencyDriver implements Driver {
  /** The URL prefix this driver accepts. */
  public static final String PREFIX = "jdbc:residency:";

  /** SQLState when no guard is registered: connection exception, implementation-defined R02. */
  public static final String NO_GUARD_SQL_STATE = "08R02";

  private static final AtomicReference<Registration> ACTIVE = new AtomicReference<>();

  static {
    try {
      DriverManager.registerDriver(new ResidencyDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Used by {@link java.util.ServiceLoader}; prefer the instance DriverManager holds. */
  public ResidencyDriver() {}

  /** A registered guard with its options; closing it unregisters. */
  public static final class Registration implements AutoCloseable {
    final ConnectionGate gate;
    final boolean maskResults;

    Registration(ConnectionGate gate, boolean maskResults) {
      this.gate = gate;
      this.maskResults = maskResults;
    }

    /** Unregisters; later {@code jdbc:residency:} connections fail closed until another registers. Idempotent. */
    @Override
    public void close() {
      ACTIVE.compareAndSet(this, null);
    }
  }

  /**
   * Registers the guard that checks {@code jdbc:residency:} connections.
   *
   * @throws IllegalStateException when another registration is open
   */
  public static Registration register(ConnectionGate gate, boolean maskResults) {
    Registration r = new Registration(Objects.requireNonNull(gate, "gate"), maskResults);
    if (!ACTIVE.compareAndSet(null, r)) {
      throw new IllegalStateException("a residency guard is already registered for jdbc:residency: URLs;"
          + " close that registration first (one guard per JVM; use ResidencyJdbc.wrap(DataSource) for others)");
    }
    return r;
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null; // the DriverManager contract: not our URL
    }
    Registration r = ACTIVE.get();
    if (r == null) {
      throw new SQLNonTransientConnectionException(
          "residency: no guard is registered for jdbc:residency: URLs; call ResidencyJdbc.create(guard).registerDriver()"
              + " before opening connections", NO_GUARD_SQL_STATE);
    }
    String target = target(url);
    // The properties go to the driver too, and may name the host (PGHOST, serverName...).
    r.gate.enforce(target, ConnectionGate.properties(info));
    Connection c = delegate(target).connect(target, info);
    if (c == null) {
      throw new SQLNonTransientConnectionException("residency: the driver for the wrapped URL refused it", "08001");
    }
    return r.maskResults ? MaskingProxies.connection(c, r.gate.guard()) : c;
  }

  private static String target(String url) throws SQLException {
    String target = "jdbc:" + url.substring(PREFIX.length());
    if (target.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw new SQLNonTransientConnectionException("residency: jdbc:residency: cannot wrap itself", "08001");
    }
    return target;
  }

  private static Driver delegate(String target) throws SQLException {
    // Never name the URL in errors: it may hold a password.
    try {
      return DriverManager.getDriver(target);
    } catch (SQLException e) {
      // DriverManager only offers drivers visible to this library's class loader; in containers
      // the application's driver may sit in the context class loader instead.
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      if (context != null) {
        for (Driver d : ServiceLoader.load(Driver.class, context)) {
          if (!(d instanceof ResidencyDriver) && d.acceptsURL(target)) {
            return d;
          }
        }
      }
      throw new SQLNonTransientConnectionException(
          "residency: no JDBC driver on the class path accepts the wrapped URL", "08001");
    }
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return new DriverPropertyInfo[0];
    }
    String target = target(url);
    return delegate(target).getPropertyInfo(target, info);
  }

  @Override
  public int getMajorVersion() {
    return 0;
  }

  @Override
  public int getMinorVersion() {
    return 1;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("dev.residency.jdbc");
  }

  /** Makes sure DriverManager knows this driver (class initialization registers it). */
  public static void ensureRegistered() {
    // Touching the class runs the static initializer once.
  }
}
