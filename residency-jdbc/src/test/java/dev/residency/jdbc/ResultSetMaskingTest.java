package dev.residency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditEvent;
import dev.residency.jdbc.Fixtures.Guarded;
import dev.residency.mask.MaskingSettings;
import dev.residency.mask.MaskingSettings.FieldRule;
import dev.residency.mask.MaskingSettings.FieldRule.Target;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Result-set masking of a {@code customers} table with emails, phones and IBANs on a real
 * PostgreSQL. These assertions need the masking pipeline's {@code maskColumn} (the masking branch);
 * until it lands the pipeline returns values unchanged and these tests fail by design.
 */
class ResultSetMaskingTest {
  private static final String[][] CUSTOMERS = {
    {"1", "Anna Schmidt", "anna.schmidt@example.com", "+49 30 90182345", "DE89370400440532013000"},
    {"2", "Luc Martin", "luc.martin@example.org", "+33 1 42 68 53 00", "FR1420041010050500013M02606"},
    {"3", "Eva Novak", "eva.novak@example.net", "+420 601 123 456", "CZ6508000000192000145399"},
  };

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeAll
  static void customers() {
    EmbeddedPg.exec(
        "CREATE TABLE IF NOT EXISTS customers (id int PRIMARY KEY, name text, email varchar(200), phone varchar(40),"
            + " iban char(34), notes text, balance numeric(12,2), since date)");
    for (String[] c : CUSTOMERS) {
      EmbeddedPg.exec("INSERT INTO customers VALUES (" + c[0] + ", '" + c[1] + "', '" + c[2] + "', '" + c[3] + "', '" + c[4]
          + "', 'call me at " + c[3] + " or write to " + c[2] + "', 1234.50, DATE '2024-05-01') ON CONFLICT DO NOTHING");
    }
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private static ResidencyPolicy.Builder columnRules(boolean scanStrings) {
    return Fixtures.euWithLocalhost().setMasking(MaskingSettings.builder()
        .addRule(FieldRule.of(Target.COLUMN, "public.customers.email", "redact"))
        .addRule(FieldRule.of(Target.COLUMN, "phone", "partial"))
        .addRule(FieldRule.of(Target.COLUMN, "*.iban", "redact"))
        .setScanStrings(scanStrings)
        .build());
  }

  private DataSource masked(Guarded g) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://localhost:" + EmbeddedPg.port() + "/postgres");
    config.setUsername("postgres");
    config.setMaximumPoolSize(2);
    config.setRegisterMbeans(false);
    HikariDataSource pool = new HikariDataSource(config);
    closeables.add(pool);
    return ResidencyJdbc.builder(g.guard).setMaskResults(true).build().wrap(pool);
  }

  private static void assertMasked(String value, String raw) {
    assertThat(value).isNotNull().isNotEqualTo(raw).doesNotContain(raw.strip());
  }

  @Test
  void masksEmailsPhonesAndIbansByColumnRuleThroughAPreparedStatement() throws Exception {
    Guarded g = Fixtures.guard(columnRules(false));
    List<String[]> rows = new ArrayList<>();

    try (Connection c = masked(g).getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id, name, email, phone, iban FROM customers WHERE id <= ? ORDER BY id")) {
      ps.setInt(1, 3);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new String[] {rs.getString(1), rs.getString("name"), rs.getString("email"), rs.getString(4), rs.getString("iban")});
        }
      }
    }

    assertThat(rows).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(rows.get(i)[0]).isEqualTo(CUSTOMERS[i][0]);
      assertThat(rows.get(i)[1]).isEqualTo(CUSTOMERS[i][1]);
      assertMasked(rows.get(i)[2], CUSTOMERS[i][2]);
      assertMasked(rows.get(i)[3], CUSTOMERS[i][3]);
      assertMasked(rows.get(i)[4], CUSTOMERS[i][4]);
    }
  }

  @Test
  void masksThroughPlainAndCallableStatements() throws Exception {
    Guarded g = Fixtures.guard(columnRules(false));
    String viaStatement;
    String viaCallable;

    try (Connection c = masked(g).getConnection()) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT email FROM customers WHERE id = 1")) {
        rs.next();
        viaStatement = rs.getString(1);
      }
      try (CallableStatement cs = c.prepareCall("SELECT phone FROM customers WHERE id = 1"); ResultSet rs = cs.executeQuery()) {
        rs.next();
        viaCallable = rs.getString("phone");
      }
    }

    assertMasked(viaStatement, CUSTOMERS[0][2]);
    assertMasked(viaCallable, CUSTOMERS[0][3]);
  }

  @Test
  void masksGetObjectAndCharacterStreamAndLeavesOtherTypesAlone() throws Exception {
    Guarded g = Fixtures.guard(columnRules(false));
    Object email;
    String phone;
    Object balance;
    Object since;
    Object id;

    try (Connection c = masked(g).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, email, phone, balance, since FROM customers WHERE id = 2")) {
      rs.next();
      id = rs.getObject("id");
      email = rs.getObject("email");
      try (Reader r = rs.getCharacterStream("phone")) {
        StringBuilder sb = new StringBuilder();
        for (int ch = r.read(); ch >= 0; ch = r.read()) {
          sb.append((char) ch);
        }
        phone = sb.toString();
      }
      balance = rs.getObject("balance");
      since = rs.getObject(5);
    }

    assertMasked((String) email, CUSTOMERS[1][2]);
    assertMasked(phone, CUSTOMERS[1][3]);
    assertThat(id).isEqualTo(2);
    assertThat(balance).isEqualTo(new BigDecimal("1234.50"));
    assertThat(since).hasToString("2024-05-01");
  }

  @Test
  void masksClobsOfTextColumns() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost().setMasking(MaskingSettings.builder()
        .addRule(FieldRule.of(Target.COLUMN, "doc*", "redact"))
        .setScanStrings(false)
        .build()));
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL("jdbc:h2:mem:clobs;DB_CLOSE_DELAY=-1");
    DataSource ds = ResidencyJdbc.builder(g.guard).setMaskResults(true).build().wrap(h2);
    String clobText;

    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS \"letters\" (\"doc\" CLOB)");
      s.execute("INSERT INTO \"letters\" VALUES ('Dear anna.schmidt@example.com')");
      try (ResultSet rs = s.executeQuery("SELECT \"doc\" FROM \"letters\"")) {
        rs.next();
        Clob clob = rs.getClob(1);
        clobText = clob.getSubString(1, (int) clob.length());
      }
    }

    assertMasked(clobText, "Dear anna.schmidt@example.com");
  }

  @Test
  void scansEveryStringColumnWhenThePolicySaysSo() throws Exception {
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost().setMasking(MaskingSettings.builder().setScanStrings(true).build()));
    String notes;
    String name;

    try (Connection c = masked(g).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name, notes FROM customers WHERE id = 1")) {
      rs.next();
      name = rs.getString("name");
      notes = rs.getString("notes");
    }

    assertThat(name).isEqualTo(CUSTOMERS[0][1]);
    assertThat(notes).startsWith("call me at").doesNotContain(CUSTOMERS[0][2]);
  }

  @Test
  void auditsMaskingCountsPerColumnWithoutValues() throws Exception {
    Guarded g = Fixtures.guard(columnRules(false));

    try (Connection c = masked(g).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT email, iban FROM customers ORDER BY id")) {
      while (rs.next()) {
        rs.getString(1);
        rs.getString(2);
      }
    }

    List<AuditEvent> events = g.maskingEvents();
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.context()).isEqualTo("jdbc.resultset");
      assertThat(e.maskCounts()).containsEntry("column:email", 3).containsEntry("column:iban", 3);
      assertThat(e.toString()).doesNotContain("example.com", "DE89");
    });
  }

  @Test
  void countsACellReadTwiceOnOneRowOnce() throws Exception {
    Guarded g = Fixtures.guard(columnRules(false));

    try (Connection c = masked(g).getConnection();
        Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
        ResultSet rs = s.executeQuery("SELECT email FROM customers ORDER BY id")) {
      while (rs.next()) {
        rs.getString(1);
        rs.getString("email");
        rs.getObject(1);
      }
      rs.first();
      rs.getString(1);
      rs.getString(1);
    }

    // Three rows read once each on the way through, and the first row once more after first().
    assertThat(g.maskingEvents()).extracting(e -> e.maskCounts().get("column:email")).containsExactly(3, 1);
  }
}
