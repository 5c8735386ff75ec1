package dev.residency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.residency.Outcome;
import dev.residency.ResidencyViolationException;
import dev.residency.jdbc.Fixtures.CountingServer;
import dev.residency.jdbc.Fixtures.Guarded;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // registrations are held open by try-with-resources on purpose
class ResidencyDriverTest {
  private static final AtomicInteger DB = new AtomicInteger();

  private static String h2Url() {
    return "jdbc:residency:h2:mem:drv" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
  }

  @Test
  void failsClosedWhenNoGuardIsRegistered() {
    String url = "jdbc:residency:h2:mem:nobody;PASSWORD=pw-123";

    SQLException e = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url));

    assertThat((Throwable) e).isInstanceOf(SQLNonTransientConnectionException.class);
    assertThat(e.getSQLState()).isEqualTo("08R02");
    assertThat(e.getMessage()).contains("registerDriver").doesNotContain("pw-123");
  }

  @Test
  void opensAnAllowedUrlThroughTheWrappedDriver() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());

    int one;
    try (ResidencyJdbc.Registration r = ResidencyJdbc.create(g.guard).registerDriver();
        Connection c = DriverManager.getConnection(h2Url());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
      one = rs.getInt(1);
    }

    assertThat(one).isEqualTo(1);
    assertThat(g.decisions()).singleElement().satisfies(d -> assertThat(d.outcome()).isEqualTo(Outcome.ALLOW));
  }

  @Test
  void refusesASecondRegistrationWhileOneIsOpen() {
    Guarded first = Fixtures.guard(Fixtures.euWithLocalhost());
    Guarded second = Fixtures.guard(Fixtures.euWithLocalhost());

    try (ResidencyJdbc.Registration r = ResidencyJdbc.create(first.guard).registerDriver()) {
      assertThatThrownBy(() -> ResidencyJdbc.create(second.guard).registerDriver())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already registered");
    }
    ResidencyJdbc.create(second.guard).registerDriver().close();
  }

  @Test
  void closingARegistrationMakesLaterConnectionsFailClosed() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    String url = h2Url();
    ResidencyJdbc.Registration r = ResidencyJdbc.create(g.guard).registerDriver();
    DriverManager.getConnection(url).close();

    r.close();
    r.close();

    assertThatThrownBy(() -> DriverManager.getConnection(url)).isInstanceOf(SQLNonTransientConnectionException.class);
  }

  @Test
  void checksEveryPhysicalConnectionHikariOpensIncludingLateOnes() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(h2Url());
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(250);
    config.setInitializationFailTimeout(-1);
    config.setRegisterMbeans(false);

    try (ResidencyJdbc.Registration r = ResidencyJdbc.create(g.guard).registerDriver();
        HikariDataSource pool = new HikariDataSource(config)) {
      try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
        assertThat(a.isValid(1)).isTrue();
        assertThat(b.isValid(1)).isTrue();
      }
      int allowedPhysical = g.decisions().size();
      g.guard.replacePolicy(Fixtures.euWithLocalhost().setHome("aws:us-east-1").build());
      pool.getHikariPoolMXBean().softEvictConnections();

      SQLException late = catchThrowableOfType(SQLException.class, pool::getConnection);

      assertThat(allowedPhysical).isEqualTo(2);
      assertThat(ResidencyViolationException.find(late)).isNotNull();
      assertThat(g.denials()).isNotEmpty();
    }
  }

  @Test
  void aDeniedUrlOpensNoSocket() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.usOnlyWithLocalhostInEu());
    try (CountingServer server = new CountingServer();
        ResidencyJdbc.Registration r = ResidencyJdbc.create(g.guard).registerDriver()) {
      String url = "jdbc:residency:postgresql://localhost:" + server.port() + "/app";

      SQLException e = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url, "u", "pw-123"));

      assertThat(server.accepted()).isZero();
      assertThat((Throwable) e).isInstanceOf(SQLNonTransientConnectionException.class);
      assertThat(e.getSQLState()).isEqualTo("08R01");
      assertThat(e.getMessage()).contains("localhost", "aws:eu-central-1", "residency.allow").doesNotContain("pw-123");
    }
  }

  @Test
  void reportOnlyOpensTheSocketAndAuditsTheDenial() throws Exception {
    Guarded g = Fixtures.reportOnly(Fixtures.usOnlyWithLocalhostInEu());
    try (CountingServer server = new CountingServer();
        ResidencyJdbc.Registration r = ResidencyJdbc.create(g.guard).registerDriver()) {
      String url = "jdbc:residency:postgresql://localhost:" + server.port() + "/app?connectTimeout=2&socketTimeout=2";

      SQLException e = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url, "u", "pw"));

      assertThat(server.accepted()).isEqualTo(1);
      assertThat(ResidencyViolationException.find(e)).isNull();
      assertThat(g.denials()).singleElement().satisfies(d -> assertThat(d.isBlocking()).isFalse());
    }
  }

  @Test
  void deniesAnAddressOutsideTheDeclaredRanges() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost().declareCidr("10.0.0.0/8", "aws:eu-central-1"));
    try (CountingServer server = new CountingServer();
        ResidencyJdbc.Registration r = ResidencyJdbc.create(g.guard).registerDriver()) {
      String url = "jdbc:residency:postgresql://localhost:" + server.port() + "/app";

      SQLException e = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url, "u", "pw"));

      assertThat(server.accepted()).isZero();
      assertThat(ResidencyViolationException.find(e)).isNotNull();
      assertThat(g.denials()).singleElement().satisfies(d -> assertThat(d.endpoint().addresses()).isNotEmpty());
    }
  }

  @Test
  void allowsAnAddressInsideTheDeclaredRanges() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost()
        .declareCidr("127.0.0.0/8", "aws:eu-central-1")
        .declareCidr("::1/128", "aws:eu-central-1"));

    try (ResidencyJdbc.Registration r = ResidencyJdbc.create(g.guard).registerDriver();
        Connection c = DriverManager.getConnection(h2Url())) {
      assertThat(c.isValid(1)).isTrue();
    }
    String tcpUrl = "jdbc:h2:tcp://localhost:1/x";
    var decisions = new dev.residency.jdbc.internal.ConnectionGate(g.guard, true).evaluate(tcpUrl);

    assertThat(decisions).singleElement().satisfies(d -> {
      assertThat(d.isAllowed()).isTrue();
      assertThat(d.endpoint().addresses()).isNotEmpty();
    });
  }

  @Test
  void skipsDnsWhenAddressResolutionIsOff() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost().declareCidr("10.0.0.0/8", "aws:eu-central-1"));

    var decisions = new dev.residency.jdbc.internal.ConnectionGate(g.guard, false).evaluate("jdbc:postgresql://localhost/x");

    assertThat(decisions).singleElement().satisfies(d -> {
      assertThat(d.isAllowed()).isTrue();
      assertThat(d.endpoint().addresses()).isEmpty();
    });
  }

  @Test
  void passesPropertiesToTheWrappedDriver() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    Properties info = new Properties();
    info.setProperty("user", "sa");
    info.setProperty("password", "");

    try (ResidencyJdbc.Registration r = ResidencyJdbc.create(g.guard).registerDriver();
        Connection c = DriverManager.getDriver("jdbc:residency:h2:mem:x").connect(h2Url(), info)) {
      assertThat(c.getMetaData().getUserName()).isEqualToIgnoringCase("sa");
    }
  }
}
