package dev.residency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The snippets of residency-jdbc/README.md, kept compiling and running here. */
class ReadmeSnippetTest {
  static DataSource residentDataSource(ResidencyGuard guard, String jdbcUrl) {
    // --8<-- [start:hikari]
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(10);
    HikariDataSource hikari = new HikariDataSource(config);

    DataSource dataSource = ResidencyJdbc.builder(guard)
        .setMaskResults(true)      // mask text columns per the policy's masking rules
        .build()
        .wrap(hikari);             // checks every host of the pool's JDBC URL on getConnection
    // --8<-- [end:hikari]
    return dataSource;
  }

  static HikariDataSource residentPoolByUrl(ResidencyGuard guard, String hostAndDb) {
    // --8<-- [start:driver]
    ResidencyJdbc.Registration registration = ResidencyJdbc.create(guard).registerDriver();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:residency:" + hostAndDb);  // e.g. "jdbc:residency:postgresql://db.example.com/app"
    HikariDataSource pool = new HikariDataSource(config);  // every physical connection is checked
    // on shutdown: pool.close(); registration.close();
    // --8<-- [end:driver]
    closeLater = registration;
    return pool;
  }

  private static ResidencyJdbc.Registration closeLater;

  @Test
  void hikariSnippetRuns() throws Exception {
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder()
        .setHome("aws:eu-central-1").allowJurisdictions("EU").build()).build();
    DataSource ds = residentDataSource(guard, "jdbc:h2:mem:readme");

    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
      assertThat(rs.next()).isTrue();
    } finally {
      ((java.io.Closeable) ds).close();
    }
  }

  @Test
  void driverSnippetRuns() throws Exception {
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder()
        .setHome("aws:eu-central-1").allowJurisdictions("EU").build()).build();

    try (HikariDataSource pool = residentPoolByUrl(guard, "h2:mem:readme2");
        Connection c = pool.getConnection()) {
      assertThat(c.isValid(1)).isTrue();
    } finally {
      closeLater.close();
    }
  }
}
