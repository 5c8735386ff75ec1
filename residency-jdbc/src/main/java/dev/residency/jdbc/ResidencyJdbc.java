package dev.residency.jdbc;

import dev.residency.ResidencyGuard;
import dev.residency.jdbc.internal.ConnectionGate;
import dev.residency.jdbc.internal.JdbcUrlLookup;
import dev.residency.jdbc.internal.ResidencyDataSource;
import dev.residency.jdbc.internal.ResidencyDriver;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Residency checks for JDBC: a drop-in {@link DataSource} wrapper and a {@code jdbc:residency:}
 * driver prefix, both asking one {@link ResidencyGuard} whether data may go to every host of a
 * JDBC URL, and optionally masking text values of result sets.
 *
 * <pre>{@code
 * ResidencyJdbc jdbc = ResidencyJdbc.create(guard);
 * DataSource ds = jdbc.wrap(hikariDataSource);            // checks the pool's URL on getConnection
 * try (ResidencyJdbc.Registration r = jdbc.registerDriver()) {
 *   // "jdbc:residency:postgresql://db.example.com/app": checks every physical connection
 * }
 * }</pre>
 *
 * <h2>Denials</h2>
 *
 * A denied connection opens no socket: the check runs before the wrapped DataSource or driver is
 * called. The error is a {@link java.sql.SQLNonTransientConnectionException} (so pools and retry
 * templates do not retry it) with SQLState {@code 08R01} (connection exception, implementation
 * subclass R01), whose message is the decision's explanation (host, region, rule; never the URL,
 * credentials or data), and whose cause is a {@link dev.residency.ResidencyViolationException}
 * holding the {@link dev.residency.Decision}: use {@link
 * dev.residency.ResidencyViolationException#find(Throwable)}. In report-only mode the connection
 * goes through and the guard's audit sink records the DENY.
 *
 * <p>Immutable and thread-safe; build one per guard and share it.
 */
public final class ResidencyJdbc {
  private final ResidencyGuard guard;
  private final boolean maskResults;
  private final ConnectionGate gate;

  ResidencyJdbc(ResidencyJdbcBuilder b) {
    this.guard = b.guard;
    this.maskResults = b.maskResults;
    this.gate = new ConnectionGate(b.guard, b.resolveAddresses);
  }

  /** A registration of a guard for {@code jdbc:residency:} URLs; closing it unregisters. */
  public interface Registration extends AutoCloseable {
    /**
     * Unregisters the guard: later {@code jdbc:residency:} connections fail closed until another
     * guard registers. Connections already open are not affected. Idempotent; never throws.
     */
    @Override
    void close();
  }

  /**
   * Creates the JDBC adapter with default options (no result-set masking; addresses resolved when
   * the policy declares CIDRs).
   *
   * @param guard the guard that decides; shared, thread-safe
   * @return the adapter
   * @throws NullPointerException when {@code guard} is null
   */
  public static ResidencyJdbc create(ResidencyGuard guard) {
    return builder(guard).build();
  }

  /**
   * Starts configuring the JDBC adapter.
   *
   * @param guard the guard that decides; shared, thread-safe
   * @return a new builder
   * @throws NullPointerException when {@code guard} is null
   */
  public static ResidencyJdbcBuilder builder(ResidencyGuard guard) {
    return new ResidencyJdbcBuilder(Objects.requireNonNull(guard, "guard"));
  }

  /**
   * Wraps a DataSource (a {@code HikariDataSource} or any other) so that every {@code
   * getConnection} is checked against the policy. The JDBC URL is read from the DataSource's
   * {@code getJdbcUrl()}, {@code getUrl()} or {@code getURL()}; every host of a multi-host URL must
   * be allowed, and so must every host named by the connection properties the DataSource passes to
   * its driver (HikariCP's {@code getDataSourceProperties()}: {@code PGHOST}, {@code serverName},
   * ...).
   *
   * <p>The URL is evaluated on the first {@code getConnection} and the non-blocking decision is
   * cached until the guard's policy changes, so a borrow from a pool costs a version compare; a
   * blocked URL is evaluated and audited on every attempt. Wrap outside the pool: the check runs on
   * every borrow. The pool itself still opens its physical connections (a denied host may see a
   * login attempt although no borrow succeeds); to stop the socket and to check each physical
   * connection (for example after DNS changes), use the {@code jdbc:residency:} prefix instead
   * ({@link #registerDriver()}).
   *
   * <p>The returned DataSource also implements {@link java.io.Closeable}: {@code close()} closes
   * the delegate when it is closeable. {@code unwrap} and {@code isWrapperFor} try the wrapper,
   * then the delegate, so {@code unwrap(HikariDataSource.class)} and HikariCP's MXBeans keep
   * working.
   *
   * @param dataSource the DataSource to guard, typically a pool
   * @return the guarded DataSource, also {@link java.io.Closeable}
   * @throws IllegalArgumentException when no JDBC URL can be read from {@code dataSource}; use
   *     {@link #wrap(DataSource, String)}
   */
  public DataSource wrap(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    String url = JdbcUrlLookup.find(dataSource);
    if (url == null) {
      throw new IllegalArgumentException("cannot read a JDBC URL from " + dataSource.getClass().getName()
          + " (no getJdbcUrl/getUrl/getURL); pass it with wrap(dataSource, jdbcUrl)");
    }
    return wrap(dataSource, url);
  }

  /**
   * Wraps a DataSource whose connections go to {@code jdbcUrl}, for DataSources that do not expose
   * their URL. Behaves as {@link #wrap(DataSource)} otherwise.
   *
   * @param dataSource the DataSource to guard, typically a pool
   * @param jdbcUrl the URL the DataSource connects to; it may hold credentials, which are never
   *     logged, audited or put in exception messages
   * @return the guarded DataSource, also {@link java.io.Closeable}
   */
  public DataSource wrap(DataSource dataSource, String jdbcUrl) {
    return new ResidencyDataSource(
        Objects.requireNonNull(dataSource, "dataSource"), Objects.requireNonNull(jdbcUrl, "jdbcUrl"), gate, maskResults);
  }

  /**
   * Registers this adapter's guard for {@code jdbc:residency:} URLs, so that frameworks which only
   * take a URL (HikariCP's {@code jdbcUrl}, Spring's {@code spring.datasource.url}) check every
   * physical connection: {@code jdbc:residency:postgresql://host/db} is checked, then opened as
   * {@code jdbc:postgresql://host/db} by the driver that accepts it.
   *
   * <p>One guard at a time per JVM (per class loader of this library): a second registration while
   * one is open throws, so that no guard silently replaces another. Without a registration,
   * {@code jdbc:residency:} connections fail closed with an {@code SQLNonTransientConnectionException}
   * (SQLState {@code 08R02}). Close the registration when the application stops.
   *
   * @return the open registration
   * @throws IllegalStateException when another registration is open
   */
  public Registration registerDriver() {
    ResidencyDriver.ensureRegistered();
    ResidencyDriver.Registration r = ResidencyDriver.register(gate, maskResults);
    return r::close;
  }

  /**
   * The guard this adapter asks.
   *
   * @return the guard given to {@link #create} or {@link #builder}
   */
  public ResidencyGuard guard() {
    return guard;
  }
}
