package dev.residency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.residency.Outcome;
import dev.residency.ReasonCode;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import dev.residency.jdbc.Fixtures.CountingDataSource;
import dev.residency.jdbc.Fixtures.Guarded;
import java.io.Closeable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

class ResidencyDataSourceTest {
  private static final AtomicInteger DB = new AtomicInteger();
  private HikariDataSource pool;

  private HikariDataSource h2Pool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:ds" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    config.setMaximumPoolSize(4);
    config.setPoolName("h2-test");
    config.setRegisterMbeans(false);
    pool = new HikariDataSource(config);
    return pool;
  }

  @AfterEach
  void closePool() {
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void allowsEmbeddedH2PlacedAtHome() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(h2Pool());

    int one;
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
      one = rs.getInt(1);
    }

    assertThat(one).isEqualTo(1);
    assertThat(g.decisions()).singleElement().satisfies(d -> assertThat(d.outcome()).isEqualTo(Outcome.ALLOW));
  }

  @Test
  void deniesBeforeTheDelegateIsAskedForAConnection() {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost().declareHost("db.example.com", "aws:us-east-1"));
    CountingDataSource delegate = new CountingDataSource("jdbc:postgresql://db.example.com:5432/app");
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(delegate, delegate.url);

    SQLException e = catchThrowableOfType(SQLException.class, ds::getConnection);

    assertThat(delegate.connections).hasValue(0);
    assertThat((Throwable) e).isInstanceOf(SQLNonTransientConnectionException.class).isNotInstanceOf(SQLTransientException.class);
    assertThat(e.getSQLState()).isEqualTo("08R01");
    assertThat(ResidencyViolationException.find(e).decision().reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
  }

  @Test
  void denialNamesHostRegionAndRuleButNeverCredentials() {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost().declareHost("db.example.com", "aws:us-east-1"));
    String url = "jdbc:postgresql://db.example.com:5432/app?user=alice&password=s3cr3t-pw";
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(new CountingDataSource(url), url);

    SQLException e = catchThrowableOfType(SQLException.class, ds::getConnection);

    assertThat(e.getMessage()).contains("db.example.com", "aws:us-east-1", "residency.allow")
        .doesNotContain("s3cr3t-pw", "password", "alice");
    assertThat(ResidencyViolationException.find(e).getMessage()).doesNotContain("s3cr3t-pw");
  }

  @Test
  void unparseableUrlIsDeniedWithoutEchoingIt() {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    String url = "jdbc:nosuchdb:secret-token-123@x";
    CountingDataSource delegate = new CountingDataSource(url);
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(delegate, url);

    SQLException e = catchThrowableOfType(SQLException.class, ds::getConnection);

    assertThat(delegate.connections).hasValue(0);
    assertThat(ResidencyViolationException.find(e).decision().reasonCode()).isEqualTo(ReasonCode.DENIED_INVALID_ENDPOINT);
    assertThat(e.getMessage()).doesNotContain("secret-token-123");
  }

  @Test
  void unwrapReachesTheHikariPoolAndItsMxBean() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    HikariDataSource hikari = h2Pool();
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(hikari);

    HikariDataSource unwrapped = ds.unwrap(HikariDataSource.class);
    HikariPoolMXBean mxBean = unwrapped.getHikariPoolMXBean();

    assertThat(unwrapped).isSameAs(hikari);
    assertThat(ds.isWrapperFor(HikariDataSource.class)).isTrue();
    assertThat(ds.isWrapperFor(DataSource.class)).isTrue();
    assertThat(ds.unwrap(DataSource.class)).isSameAs(ds);
    assertThat(mxBean.getTotalConnections()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void closePassesThroughToThePool() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    HikariDataSource hikari = h2Pool();
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(hikari);

    ((Closeable) ds).close();

    assertThat(hikari.isClosed()).isTrue();
  }

  @Test
  void readsTheUrlOfAPlainDriverDataSource() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:plain;DB_CLOSE_DELAY=-1");
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(h2);

    try (Connection c = ds.getConnection()) {
      assertThat(c.isValid(1)).isTrue();
    }

    assertThat(g.decisions()).singleElement().satisfies(d -> assertThat(d.isAllowed()).isTrue());
  }

  @Test
  void refusesADataSourceWithoutAReadableUrl() {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    ResidencyJdbc jdbc = ResidencyJdbc.create(g.guard);

    assertThatThrownBy(() -> jdbc.wrap(new CountingDataSource("jdbc:h2:mem:x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wrap(dataSource, jdbcUrl)");
  }

  @Test
  void evaluatesOncePerPolicyVersionWhileAllowed() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(h2Pool());

    for (int i = 0; i < 5; i++) {
      ds.getConnection().close();
    }
    g.guard.replacePolicy(Fixtures.euWithLocalhost().build());
    ds.getConnection().close();

    assertThat(g.decisions()).hasSize(2).allSatisfy(d -> assertThat(d.isAllowed()).isTrue());
  }

  @Test
  void aPolicyReplacementThatDeniesTakesEffectOnTheNextBorrow() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(h2Pool());
    ds.getConnection().close();

    g.guard.replacePolicy(Fixtures.euWithLocalhost().setHome("aws:us-east-1").build());

    assertThatThrownBy(ds::getConnection).isInstanceOf(SQLNonTransientConnectionException.class);
  }

  @Test
  void auditsEveryBlockedAttempt() {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost().declareHost("db.example.com", "aws:us-east-1"));
    String url = "jdbc:postgresql://db.example.com/app";
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(new CountingDataSource(url), url);

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class);
    }

    assertThat(g.denials()).hasSize(3);
  }

  @Test
  void reportOnlyLetsTheConnectionThroughAndAuditsTheDenial() throws Exception {
    Guarded g = Fixtures.reportOnly(Fixtures.euWithLocalhost().declareHost("db.example.com", "aws:us-east-1"));
    String url = "jdbc:postgresql://db.example.com/app";
    CountingDataSource delegate = new CountingDataSource(url);
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(delegate, url);

    ds.getConnection();
    ds.getConnection();

    assertThat(delegate.connections).hasValue(2);
    assertThat(g.denials()).singleElement().satisfies(d -> assertThat(d.isBlocking()).isFalse());
  }

  @Test
  void everyHostOfAMultiHostUrlMustBeAllowed() {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost()
        .declareHost("eu.example.com", "aws:eu-central-1")
        .declareHost("us.example.com", "aws:us-east-1"));
    String url = "jdbc:postgresql://eu.example.com:5432,us.example.com:5432/app?targetServerType=primary";
    CountingDataSource delegate = new CountingDataSource(url);
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(delegate, url);

    SQLException e = catchThrowableOfType(SQLException.class, ds::getConnection);

    assertThat(delegate.connections).hasValue(0);
    assertThat(e.getMessage()).contains("us.example.com");
    assertThat(g.decisions()).extracting(d -> d.endpoint().host()).containsExactly("eu.example.com", "us.example.com");
  }

  @Test
  void anExpiredExceptionStopsConnectionsEvenWithoutAPolicyChange() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    InMemoryAuditSink audit = AuditSinks.inMemory();
    ResidencyGuard guard = ResidencyGuard.builder(Fixtures.euWithLocalhost()
            .declareHost("db.example.com", "aws:us-east-1")
            .addException("db.example.com", "migration", LocalDate.parse("2026-12-31"))
            .build())
        .setAuditSink(audit)
        .setClock(clock)
        .build();
    String url = "jdbc:postgresql://db.example.com/app";
    CountingDataSource delegate = new CountingDataSource(url);
    DataSource ds = ResidencyJdbc.create(guard).wrap(delegate, url);
    ds.getConnection();

    clock.now = Instant.parse("2027-01-01T00:00:01Z");

    assertThatThrownBy(ds::getConnection).isInstanceOf(SQLNonTransientConnectionException.class);
    assertThat(delegate.connections).hasValue(1);
  }

  @Test
  void aFailingDelegateFailsTheSameWayAsWithoutTheWrapper() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    DataSource failing = Mockito.mock(DataSource.class);
    SQLException down = new SQLTransientConnectionException("pool exhausted", "08001");
    Mockito.when(failing.getConnection()).thenThrow(down);
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(failing, "jdbc:h2:mem:failing");

    SQLException e = catchThrowableOfType(SQLException.class, ds::getConnection);

    assertThat((Throwable) e).isSameAs(down);
    assertThat(g.decisions()).singleElement().satisfies(d -> assertThat(d.isAllowed()).isTrue());
  }

  private static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
