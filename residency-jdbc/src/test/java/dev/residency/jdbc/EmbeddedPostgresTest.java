package dev.residency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.residency.Outcome;
import dev.residency.ResidencyViolationException;
import dev.residency.jdbc.Fixtures.Guarded;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/** The adapter behind a real HikariCP pool on a real (embedded) PostgreSQL. */
@SuppressWarnings("try") // registrations are held open by try-with-resources on purpose
class EmbeddedPostgresTest {
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeAll
  static void schema() {
    EmbeddedPg.exec(
        "CREATE TABLE IF NOT EXISTS widgets (id int PRIMARY KEY, label text)",
        "INSERT INTO widgets VALUES (1, 'one'), (2, 'two') ON CONFLICT DO NOTHING");
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private HikariDataSource pool(String jdbcUrl, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername("postgres");
    config.setPassword("pw-never-shown");
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(5_000);
    config.setRegisterMbeans(false);
    HikariDataSource ds = new HikariDataSource(config);
    closeables.add(ds);
    return ds;
  }

  private static String pgUrl() {
    return "jdbc:postgresql://localhost:" + EmbeddedPg.port() + "/postgres";
  }

  private static String residencyUrl(String hosts) {
    return "jdbc:residency:postgresql://" + hosts + "/postgres";
  }

  @Test
  void allowsLocalhostDeclaredInAnAllowedRegion() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(pool(pgUrl(), 2));

    String label;
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT label FROM widgets WHERE id = ?")) {
      ps.setInt(1, 2);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        label = rs.getString(1);
      }
    }

    assertThat(label).isEqualTo("two");
    assertThat(g.decisions()).singleElement().satisfies(d -> {
      assertThat(d.outcome()).isEqualTo(Outcome.ALLOW);
      assertThat(d.endpoint().host()).isEqualTo("localhost");
    });
  }

  @Test
  void deniesWhenThePolicyAllowsAnotherRegion() {
    Guarded g = Fixtures.guard(Fixtures.usOnlyWithLocalhostInEu());
    HikariDataSource hikari = pool(pgUrl(), 2);
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(hikari);

    SQLException e = catchThrowableOfType(SQLException.class, ds::getConnection);

    assertThat((Throwable) e).isInstanceOf(SQLNonTransientConnectionException.class);
    assertThat(e.getMessage()).contains("localhost", "aws:eu-central-1").doesNotContain("pw-never-shown");
    assertThat(ResidencyViolationException.find(e).decision().location().region().id()).isEqualTo("aws:eu-central-1");
  }

  @Test
  void driverPrefixDeniesAMultiHostUrlWithOneDeniedHost() {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost().declareHost("replica.us.example.com", "aws:us-east-1"));
    try (ResidencyJdbc.Registration r = ResidencyJdbc.create(g.guard).registerDriver()) {

      Throwable t = catchThrowable(() -> pool(residencyUrl("localhost:" + EmbeddedPg.port() + ",replica.us.example.com:5432"), 2));

      assertThat(ResidencyViolationException.find(t)).isNotNull();
      assertThat(ResidencyViolationException.find(t).decision().endpoint().host()).isEqualTo("replica.us.example.com");
    }
  }

  @Test
  void wrapperDeniesAMultiHostUrlWithOneDeniedHost() {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost().declareHost("replica.us.example.com", "aws:us-east-1"));
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://localhost:" + EmbeddedPg.port() + ",replica.us.example.com:5432/postgres");
    config.setUsername("postgres");
    config.setInitializationFailTimeout(-1);
    config.setMinimumIdle(0);
    config.setRegisterMbeans(false);
    HikariDataSource hikari = new HikariDataSource(config);
    closeables.add(hikari);
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(hikari);

    SQLException e = catchThrowableOfType(SQLException.class, ds::getConnection);

    assertThat((Throwable) e).isInstanceOf(SQLNonTransientConnectionException.class);
    assertThat(hikari.getHikariPoolMXBean().getTotalConnections()).isZero();
  }

  @Test
  void driverPrefixBehindHikariChecksEachPhysicalConnection() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    try (ResidencyJdbc.Registration r = ResidencyJdbc.create(g.guard).registerDriver()) {
      HikariDataSource pool = pool(residencyUrl("localhost:" + EmbeddedPg.port()), 3);

      try (Connection a = pool.getConnection(); Connection b = pool.getConnection(); Connection c = pool.getConnection()) {
        assertThat(a.unwrap(PGConnection.class)).isNotNull();
        assertThat(b.isValid(1) && c.isValid(1)).isTrue();
      }

      assertThat(g.decisions()).hasSize(3).allSatisfy(d -> assertThat(d.isAllowed()).isTrue());
    }
  }

  @Test
  void reportOnlyLetsTheConnectionThroughAndAuditsTheDenial() throws Exception {
    Guarded g = Fixtures.reportOnly(Fixtures.usOnlyWithLocalhostInEu());
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(pool(pgUrl(), 2));

    try (Connection c = ds.getConnection()) {
      assertThat(c.isValid(1)).isTrue();
    }

    assertThat(g.denials()).singleElement().satisfies(d -> assertThat(d.isBlocking()).isFalse());
  }

  @Test
  void metadataResultSetsAreTheDriversOwn() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    DataSource ds = ResidencyJdbc.builder(g.guard).setMaskResults(true).build().wrap(pool(pgUrl(), 1));

    try (Connection c = ds.getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet tables = md.getTables(null, "public", "widgets", null)) {
        assertThat(isResidencyWrapper(tables)).isFalse();
        assertThat(tables.next()).isTrue();
        assertThat(tables.getString("TABLE_NAME")).isEqualTo("widgets");
      }
    }
  }

  @Test
  void thirtyTwoConcurrentBorrowersFinishWithoutDeadlock() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    DataSource wrapped = ResidencyJdbc.builder(g.guard).setMaskResults(true).build().wrap(pool(pgUrl(), 8));
    try (ResidencyJdbc.Registration r = ResidencyJdbc.builder(g.guard).setMaskResults(true).build().registerDriver()) {
      DataSource viaDriver = pool(residencyUrl("localhost:" + EmbeddedPg.port()), 8);
      ExecutorService pool = Executors.newFixedThreadPool(32);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 32; t++) {
        DataSource ds = t % 2 == 0 ? wrapped : viaDriver;
        Callable<Integer> borrower = () -> {
          start.await();
          int rows = 0;
          for (int i = 0; i < 25; i++) {
            try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, label FROM widgets ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                rs.getString("label");
                rows++;
              }
            }
          }
          return rows;
        };
        results.add(pool.submit(borrower));
      }

      start.countDown();
      pool.shutdown();
      boolean finished = pool.awaitTermination(60, TimeUnit.SECONDS);

      assertThat(finished).as("all borrowers finished").isTrue();
      for (Future<Integer> f : results) {
        assertThat(f.get()).isEqualTo(50);
      }
      assertThat(g.denials()).isEmpty();
    }
  }

  private static boolean isResidencyWrapper(Object jdbcObject) {
    return jdbcObject.getClass().getPackageName().startsWith("dev.residency.jdbc");
  }
}
