package dev.residency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.jdbc.Fixtures.Guarded;
import dev.residency.mask.MaskingSettings;
import dev.residency.mask.MaskingSettings.FieldRule;
import dev.residency.mask.MaskingSettings.FieldRule.Target;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The proxy plumbing of result-set masking, independent of what the pipeline masks. */
class MaskingProxiesTest {
  private static final AtomicInteger DB = new AtomicInteger();

  private static DataSource h2(Guarded g, boolean mask) throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:proxies" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT, email VARCHAR(100))");
      s.execute("INSERT INTO t VALUES (1, 'anna@example.com')");
    }
    return ResidencyJdbc.builder(g.guard).setMaskResults(mask).build().wrap(h2);
  }

  private static Guarded withColumnRule() {
    return Fixtures.guard(Fixtures.euWithLocalhost().setMasking(MaskingSettings.builder()
        .addRule(FieldRule.of(Target.COLUMN, "t.email", "redact"))
        .setScanStrings(false)
        .build()));
  }

  @Test
  void withoutMaskingTheConnectionIsTheDriversOwn() throws Exception {
    DataSource ds = h2(withColumnRule(), false);

    try (Connection c = ds.getConnection()) {
      assertThat(c).isInstanceOf(JdbcConnection.class);
    }
  }

  @Test
  void statementsAndResultSetsLeadBackToTheirWrappers() throws Exception {
    DataSource ds = h2(withColumnRule(), true);

    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id, email FROM t");
        ResultSet rs = ps.executeQuery()) {
      assertThat(isResidencyWrapper(rs)).isTrue();
      assertThat(rs.getStatement()).isSameAs(ps);
      assertThat(ps.getConnection()).isSameAs(c);
      assertThat(c.unwrap(JdbcConnection.class)).isInstanceOf(JdbcConnection.class);
      assertThat(c.isWrapperFor(JdbcConnection.class)).isTrue();
      assertThat(c.unwrap(Connection.class)).isSameAs(c);
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt("id")).isEqualTo(1);
      assertThat(rs.getString("id")).isEqualTo("1");
    }
  }

  @Test
  void callableStatementsKeepTheirType() throws Exception {
    DataSource ds = h2(withColumnRule(), true);

    try (Connection c = ds.getConnection(); CallableStatement cs = c.prepareCall("SELECT email FROM t")) {
      try (ResultSet rs = cs.executeQuery()) {
        assertThat(isResidencyWrapper(rs)).isTrue();
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void aPolicyWithNothingToMaskLeavesResultSetsUnwrapped() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost().setMasking(MaskingSettings.builder().setScanStrings(false).build()));
    DataSource ds = h2(g, true);

    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT email FROM t")) {
      rs.next();

      assertThat(isResidencyWrapper(rs)).isFalse();
      assertThat(rs.getString(1)).isEqualTo("anna@example.com");
    }
  }

  @Test
  void noMaskingEventWhenNothingWasMasked() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost().setMasking(MaskingSettings.builder()
        .addRule(FieldRule.of(Target.COLUMN, "t.nothing_here", "redact"))
        .setScanStrings(false)
        .build()));
    DataSource ds = h2(g, true);

    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM t")) {
      while (rs.next()) {
        rs.getString(1);
      }
    }

    assertThat(g.maskingEvents()).isEmpty();
  }

  private static boolean isResidencyWrapper(Object jdbcObject) {
    return jdbcObject.getClass().getPackageName().startsWith("dev.residency.jdbc");
  }
}
