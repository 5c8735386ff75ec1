package dev.residency.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** One embedded PostgreSQL for the whole test run, started on first use, stopped at JVM exit. */
final class EmbeddedPg {
  private static EmbeddedPostgres pg;

  private EmbeddedPg() {}

  static synchronized EmbeddedPostgres get() {
    if (pg == null) {
      try {
        pg = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedPostgres started = pg;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException e) {
          // best effort at exit
        }
      }));
    }
    return pg;
  }

  /** {@code jdbc:postgresql://localhost:PORT/postgres?user=postgres}. */
  static String url() {
    return get().getJdbcUrl("postgres", "postgres");
  }

  static int port() {
    return get().getPort();
  }

  /** Runs statements as the superuser, outside any residency check. */
  static void exec(String... sql) {
    try (Connection c = get().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
