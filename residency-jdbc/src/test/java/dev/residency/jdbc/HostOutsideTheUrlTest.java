package dev.residency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.residency.Decision;
import dev.residency.Outcome;
import dev.residency.ReasonCode;
import dev.residency.ResidencyViolationException;
import dev.residency.jdbc.Fixtures.CountingServer;
import dev.residency.jdbc.Fixtures.Guarded;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pgjdbc (behind the {@code jdbc:residency:} prefix and behind the DataSource wrapper) when the
 * host is not, or not only, in the URL: hostless URLs, {@code pg_service.conf} services and
 * connection properties such as {@code PGHOST}. A listener on 127.0.0.2, which the policy does not
 * place, stands for "elsewhere": it must never see a connection.
 */
@SuppressWarnings("try") // registrations are held open by try-with-resources on purpose
class HostOutsideTheUrlTest {
  private static final String SERVICE_FILE_PROPERTY = "org.postgresql.pgservicefile";
  private static Path serviceFile;
  private static String previousServiceFile;

  private CountingServer elsewhere;

  @BeforeAll
  static void serviceFilePointingElsewhere() throws IOException {
    serviceFile = Files.createTempFile("pg_service", ".conf");
    previousServiceFile = System.getProperty(SERVICE_FILE_PROPERTY);
    System.setProperty(SERVICE_FILE_PROPERTY, serviceFile.toString());
  }

  @AfterAll
  static void restoreServiceFile() throws IOException {
    if (previousServiceFile == null) {
      System.clearProperty(SERVICE_FILE_PROPERTY);
    } else {
      System.setProperty(SERVICE_FILE_PROPERTY, previousServiceFile);
    }
    Files.deleteIfExists(serviceFile);
  }

  @BeforeEach
  void listenElsewhere() throws IOException {
    elsewhere = new CountingServer(InetAddress.getByName("127.0.0.2"));
    Files.writeString(serviceFile, "[prod-us]\nhost=127.0.0.2\nport=" + elsewhere.port() + "\nuser=postgres\n");
  }

  @AfterEach
  void close() throws IOException {
    elsewhere.close();
  }

  /** Connection properties that send pgjdbc to the listener elsewhere when the URL names no host. */
  private Properties elsewhereInfo() {
    Properties info = new Properties();
    info.setProperty("user", "postgres");
    info.setProperty("password", "pw-never-shown");
    info.setProperty("PGHOST", "127.0.0.2");
    info.setProperty("PGPORT", Integer.toString(elsewhere.port()));
    return info;
  }

  private static Properties user() {
    Properties info = new Properties();
    info.setProperty("user", "postgres");
    info.setProperty("password", "pw-never-shown");
    return info;
  }

  private static void assertRefused(SQLException e, String reason) {
    assertThat((Throwable) e).isInstanceOf(SQLNonTransientConnectionException.class);
    assertThat(e.getSQLState()).isEqualTo("08R01");
    assertThat(e.getMessage()).contains(reason).doesNotContain("pw-never-shown");
    assertThat(ResidencyViolationException.find(e).decision().reasonCode()).isEqualTo(ReasonCode.DENIED_INVALID_ENDPOINT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql:postgres", "postgresql:///postgres", "postgresql://:5432/postgres"})
  void driverPrefixRefusesAPostgresUrlWithoutHost(String url) throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    try (ResidencyJdbc.Registration r = ResidencyJdbc.create(g.guard).registerDriver()) {

      SQLException e = catchThrowableOfType(SQLException.class,
          () -> DriverManager.getConnection("jdbc:residency:" + url, elsewhereInfo()));

      assertRefused(e, "names no host");
      assertThat(elsewhere.accepted()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql:postgres?service=prod-us", "postgresql://?service=prod-us"})
  void driverPrefixRefusesAPostgresService(String url) throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    try (ResidencyJdbc.Registration r = ResidencyJdbc.create(g.guard).registerDriver()) {

      SQLException e = catchThrowableOfType(SQLException.class,
          () -> DriverManager.getConnection("jdbc:residency:" + url, user()));

      assertRefused(e, "pg_service.conf");
      assertThat(elsewhere.accepted()).isZero();
    }
  }

  @Test
  void driverPrefixRefusesAServiceInTheConnectionProperties() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    Properties info = user();
    info.setProperty("service", "prod-us");
    try (ResidencyJdbc.Registration r = ResidencyJdbc.create(g.guard).registerDriver()) {

      SQLException e = catchThrowableOfType(SQLException.class,
          () -> DriverManager.getConnection("jdbc:residency:postgresql://localhost:" + EmbeddedPg.port() + "/postgres", info));

      assertRefused(e, "pg_service.conf");
    }
  }

  @Test
  void driverPrefixStillOpensAUrlThatNamesItsHost() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());

    int one;
    try (ResidencyJdbc.Registration r = ResidencyJdbc.create(g.guard).registerDriver();
        Connection c = DriverManager.getConnection("jdbc:residency:postgresql://localhost:" + EmbeddedPg.port() + "/postgres", user());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
      one = rs.getInt(1);
    }

    assertThat(one).isEqualTo(1);
    assertThat(g.decisions()).singleElement().satisfies(d -> assertThat(d.outcome()).isEqualTo(Outcome.ALLOW));
  }

  @Test
  void driverPrefixAllowsAHostPropertyNamingAnAllowedHost() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    Properties info = user();
    info.setProperty("PGHOST", "localhost");

    try (ResidencyJdbc.Registration r = ResidencyJdbc.create(g.guard).registerDriver();
        Connection c = DriverManager.getConnection("jdbc:residency:postgresql://localhost:" + EmbeddedPg.port() + "/postgres", info)) {
      assertThat(c.isValid(1)).isTrue();
    }

    assertThat(g.decisions()).hasSize(2).allSatisfy(d -> assertThat(d.isAllowed()).isTrue());
  }

  @Test
  void driverPrefixDeniesAHostPropertyNamingADeniedHost() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost().declareHost("replica.us.example.com", "aws:us-east-1"));
    Properties info = user();
    info.setProperty("PGHOST", "replica.us.example.com");

    try (ResidencyJdbc.Registration r = ResidencyJdbc.create(g.guard).registerDriver()) {
      SQLException e = catchThrowableOfType(SQLException.class,
          () -> DriverManager.getConnection("jdbc:residency:postgresql://localhost:" + EmbeddedPg.port() + "/postgres", info));

      assertThat(e.getSQLState()).isEqualTo("08R01");
      assertThat(e.getMessage()).contains("replica.us.example.com", "aws:us-east-1").doesNotContain("pw-never-shown");
      Decision d = ResidencyViolationException.find(e).decision();
      assertThat(d.reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
      assertThat(d.endpoint().host()).isEqualTo("replica.us.example.com");
    }
  }

  @Test
  void driverPrefixDeniesAHostPropertyNamingAnUnplacedHost() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    Properties info = elsewhereInfo();

    try (ResidencyJdbc.Registration r = ResidencyJdbc.create(g.guard).registerDriver()) {
      SQLException e = catchThrowableOfType(SQLException.class,
          () -> DriverManager.getConnection("jdbc:residency:postgresql://localhost:" + EmbeddedPg.port() + "/postgres", info));

      assertThat(ResidencyViolationException.find(e).decision().endpoint().host()).isEqualTo("127.0.0.2");
      assertThat(elsewhere.accepted()).isZero();
    }
  }

  private HikariDataSource lazyPool(String jdbcUrl, Properties dataSourceProperties) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setDataSourceProperties(dataSourceProperties);
    config.setInitializationFailTimeout(-1);
    config.setMinimumIdle(0);
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(1_000);
    config.setRegisterMbeans(false);
    return new HikariDataSource(config);
  }

  @Test
  void wrapperRefusesAHostlessUrlWhoseHostIsInThePoolsProperties() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    try (HikariDataSource hikari = lazyPool("jdbc:postgresql:postgres", elsewhereInfo())) {
      DataSource ds = ResidencyJdbc.create(g.guard).wrap(hikari);

      SQLException e = catchThrowableOfType(SQLException.class, ds::getConnection);

      assertRefused(e, "names no host");
      assertThat(elsewhere.accepted()).isZero();
      assertThat(hikari.getHikariPoolMXBean().getTotalConnections()).isZero();
    }
  }

  @Test
  void wrapperChecksTheHostsNamedInThePoolsProperties() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost().declareHost("replica.us.example.com", "aws:us-east-1"));
    String url = "jdbc:postgresql://localhost:" + EmbeddedPg.port() + "/postgres";
    Properties allowed = user();
    allowed.setProperty("PGHOST", "localhost");
    Properties denied = user();
    denied.setProperty("PGHOST", "replica.us.example.com");

    try (HikariDataSource good = lazyPool(url, allowed); HikariDataSource bad = lazyPool(url, denied)) {
      try (Connection c = ResidencyJdbc.create(g.guard).wrap(good).getConnection()) {
        assertThat(c.isValid(1)).isTrue();
      }

      SQLException e = catchThrowableOfType(SQLException.class, ResidencyJdbc.create(g.guard).wrap(bad)::getConnection);

      assertThat(ResidencyViolationException.find(e).decision().endpoint().host()).isEqualTo("replica.us.example.com");
      assertThat(bad.getHikariPoolMXBean().getTotalConnections()).isZero();
    }
  }

  @Test
  void wrapperChecksASqlServerNameInThePoolsProperties() {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost()
        .declareHost("euserver.database.windows.net", "azure:swedencentral")
        .declareHost("usserver.database.windows.net", "aws:us-east-1"));
    try (HikariDataSource hikari = new HikariDataSource()) { // lazy: starts on the first getConnection
      hikari.setJdbcUrl("jdbc:sqlserver://euserver.database.windows.net;databaseName=app");
      hikari.addDataSourceProperty("serverName", "usserver.database.windows.net");
      hikari.addDataSourceProperty("password", "pw-never-shown");

      SQLException e = catchThrowableOfType(SQLException.class, ResidencyJdbc.create(g.guard).wrap(hikari)::getConnection);

      assertThat(hikari.isRunning()).isFalse();
      assertThat(e.getMessage()).contains("usserver.database.windows.net").doesNotContain("pw-never-shown");
    }
  }
}
