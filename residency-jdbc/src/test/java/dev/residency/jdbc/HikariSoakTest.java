package dev.residency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.residency.jdbc.Fixtures.Guarded;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 soak: 64 concurrent callers borrow from a HikariCP pool of 8 wrapped by ResidencyJdbc and
 * query an embedded PostgreSQL for {@code residency.soak.seconds} (default 5; 60 with {@code -Psoak}
 * or {@code benchmarks/run.sh}). No call fails, no connection stays borrowed, and no thread outlives
 * the pool.
 */
class HikariSoakTest {
  private static final int CALLERS = 64;
  private static final Duration DURATION = Duration.ofSeconds(Long.getLong("residency.soak.seconds", 5));

  @Test
  void sixtyFourCallersThroughTheWrappedPoolLeaveNoErrorsConnectionsOrThreads() throws Exception {
    EmbeddedPg.exec(
        "CREATE TABLE IF NOT EXISTS soak (id int PRIMARY KEY, label text)",
        "INSERT INTO soak SELECT g, 'label-' || g FROM generate_series(1, 100) g ON CONFLICT DO NOTHING");
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    Guarded g = Fixtures.guard(Fixtures.euWithLocalhost());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://localhost:" + EmbeddedPg.port() + "/postgres");
    config.setUsername("postgres");
    config.setMaximumPoolSize(8);
    config.setConnectionTimeout(30_000);
    config.setRegisterMbeans(false);
    HikariDataSource pool = new HikariDataSource(config);
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(pool);
    HikariPoolMXBean mx = pool.getHikariPoolMXBean();
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger maxActive = new AtomicInteger();
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    long deadline = System.nanoTime() + DURATION.toNanos();
    List<Future<Long>> results = new ArrayList<>();

    for (int t = 0; t < CALLERS; t++) {
      int caller = t;
      results.add(callers.submit(() -> {
        long calls = 0;
        while (System.nanoTime() < deadline) {
          try (Connection c = ds.getConnection();
              PreparedStatement ps = c.prepareStatement("SELECT label FROM soak WHERE id = ?")) {
            int id = (int) ((caller + calls) % 100) + 1;
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next() || !rs.getString(1).equals("label-" + id)) {
                throw new AssertionError("wrong row for id " + id);
              }
            }
            maxActive.accumulateAndGet(mx.getActiveConnections(), Math::max);
            calls++;
          } catch (Exception | AssertionError e) {
            errors.add(e);
          }
        }
        return calls;
      }));
    }
    long calls = 0;
    for (Future<Long> f : results) {
      calls += f.get(DURATION.toSeconds() + 60, TimeUnit.SECONDS);
    }
    callers.shutdown();
    assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    int activeAtEnd = mx.getActiveConnections();
    int totalAtEnd = mx.getTotalConnections();
    pool.close();

    assertThat(errors).isEmpty();
    assertThat(calls).isPositive();
    assertThat(activeAtEnd).isZero();
    assertThat(totalAtEnd).isLessThanOrEqualTo(8);
    assertThat(maxActive.get()).isLessThanOrEqualTo(8);
    assertThat(g.decisions()).isNotEmpty();
    assertThat(g.denials()).isEmpty();
    assertThat(leftoverThreads(before)).isEmpty();
  }

  /** Threads started since {@code before} that are still alive after waiting up to 10 s for them to end. */
  static Set<String> leftoverThreads(Set<Thread> before) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Set<String> names;
    do {
      names = new HashSet<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (!before.contains(t) && t.isAlive()) {
          names.add(t.getName());
        }
      }
      if (names.isEmpty()) {
        return names;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < until);
    return names;
  }
}
