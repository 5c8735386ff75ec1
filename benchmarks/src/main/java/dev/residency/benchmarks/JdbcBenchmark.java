package dev.residency.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditSink;
import dev.residency.jdbc.ResidencyJdbc;
import dev.residency.mask.MaskingSettings;
import dev.residency.mask.MaskingSettings.FieldRule;
import dev.residency.mask.MaskingSettings.FieldRule.Target;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * residency-jdbc against raw HikariCP on an embedded PostgreSQL, in the same run.
 *
 * <ul>
 *   <li>{@code borrow*}: {@code getConnection()} + {@code SELECT 1} + close, raw pool vs the
 *       {@code ResidencyJdbc} wrapper around the same pool (target ratio &lt;= 1.02).
 *   <li>{@code read*}: 10,000 rows of a customers table, three text columns read with {@code
 *       getString}; the score is rows per second: raw pool, wrapper without masking, wrapper with
 *       three column rules (email, phone, IBAN).
 *   <li>{@code checkOnly*}: the wrapper's own cost per {@code getConnection()} against a DataSource
 *       that returns a ready connection, free of database and scheduler noise.
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar JdbcBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
public class JdbcBenchmark {
  static final int ROWS = 10_000;
  private static final String READ = "SELECT id, email, phone, iban FROM customers";

  private EmbeddedPostgres pg;
  private HikariDataSource pool;
  private DataSource wrapped;
  private DataSource wrappedMasking;
  private DataSource noop;
  private DataSource noopWrapped;

  @Setup(Level.Trial)
  public void setUp() throws IOException, SQLException {
    pg = EmbeddedPostgres.builder().start();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS customers");
      s.execute("CREATE TABLE customers (id int PRIMARY KEY, email text, phone text, iban text)");
      s.execute("INSERT INTO customers SELECT g, 'user' || g || '@example.com', '+49 30 ' || (9000000 + g),"
          + " 'DE89370400440532' || lpad(g::text, 6, '0') FROM generate_series(1, " + ROWS + ") g");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres");
    config.setUsername("postgres");
    config.setMaximumPoolSize(4);
    config.setRegisterMbeans(false);
    pool = new HikariDataSource(config);

    MaskingSettings masking = MaskingSettings.builder()
        .addRule(FieldRule.of(Target.COLUMN, "customers.email", "redact"))
        .addRule(FieldRule.of(Target.COLUMN, "phone", "partial"))
        .addRule(FieldRule.of(Target.COLUMN, "*.iban", "redact"))
        .setScanStrings(false)
        .build();
    ResidencyPolicy policy = ResidencyPolicy.builder()
        .setHome("aws:eu-central-1")
        .allowJurisdictions("EU")
        .declareHost("localhost", "aws:eu-central-1")
        .setMasking(masking)
        .build();
    ResidencyGuard guard = ResidencyGuard.builder(policy).setAuditSink(AuditSink.NOOP).build();
    wrapped = ResidencyJdbc.create(guard).wrap(pool);
    wrappedMasking = ResidencyJdbc.builder(guard).setMaskResults(true).build().wrap(pool);
    noop = new ReadyDataSource(pool.getConnection());
    noopWrapped = ResidencyJdbc.create(guard).wrap(noop, "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException, SQLException {
    ((ReadyDataSource) noop).connection.close();
    pool.close();
    pg.close();
  }

  private static int selectOne(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void readAll(DataSource ds, Blackhole bh) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(READ)) {
      ps.setFetchSize(1_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          bh.consume(rs.getInt(1));
          bh.consume(rs.getString(2));
          bh.consume(rs.getString(3));
          bh.consume(rs.getString(4));
        }
      }
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int borrowRaw() throws SQLException {
    return selectOne(pool);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int borrowWrapped() throws SQLException {
    return selectOne(wrapped);
  }

  /**
   * The wrapper's own cost, without the database's noise: {@code getConnection()} on a DataSource
   * that returns a ready connection, raw vs wrapped.
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Connection checkOnlyRaw() throws SQLException {
    return noop.getConnection();
  }

  /** See {@link #checkOnlyRaw()}. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Connection checkOnlyWrapped() throws SQLException {
    return noopWrapped.getConnection();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(ROWS)
  public void readRaw(Blackhole bh) throws SQLException {
    readAll(pool, bh);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(ROWS)
  public void readWrappedNoMasking(Blackhole bh) throws SQLException {
    readAll(wrapped, bh);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(ROWS)
  public void readWrappedMasking(Blackhole bh) throws SQLException {
    readAll(wrappedMasking, bh);
  }

  /** Hands out one ready connection: isolates the cost of the residency check. */
  static final class ReadyDataSource implements DataSource {
    final Connection connection;

    ReadyDataSource(Connection connection) {
      this.connection = connection;
    }

    @Override
    public Connection getConnection() {
      return connection;
    }

    @Override
    public Connection getConnection(String username, String password) {
      return connection;
    }

    @Override
    public java.io.PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(java.io.PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
      return java.util.logging.Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
