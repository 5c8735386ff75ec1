package dev.residency.jdbc;

import dev.residency.Decision;
import dev.residency.Mode;
import dev.residency.Outcome;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Policies, guards and small fakes shared by the tests. */
final class Fixtures {
  private Fixtures() {}

  /** EU allowed; the service and localhost in aws:eu-central-1. */
  static ResidencyPolicy.Builder euWithLocalhost() {
    return ResidencyPolicy.builder()
        .setHome("aws:eu-central-1")
        .allowJurisdictions("EU")
        .declareHost("localhost", "aws:eu-central-1");
  }

  /** Only the US allowed; localhost declared in aws:eu-central-1, so it is denied. */
  static ResidencyPolicy.Builder usOnlyWithLocalhostInEu() {
    return ResidencyPolicy.builder()
        .setHome("aws:eu-central-1")
        .allowJurisdictions("US")
        .declareHost("localhost", "aws:eu-central-1");
  }

  static final class Guarded {
    final ResidencyGuard guard;
    final InMemoryAuditSink audit;

    Guarded(ResidencyGuard guard, InMemoryAuditSink audit) {
      this.guard = guard;
      this.audit = audit;
    }

    List<Decision> decisions() {
      return audit.events().stream()
          .filter(e -> e.type() == AuditEvent.Type.DECISION)
          .map(AuditEvent::decision)
          .collect(Collectors.toList());
    }

    List<Decision> denials() {
      return decisions().stream().filter(d -> d.outcome() == Outcome.DENY).collect(Collectors.toList());
    }

    List<AuditEvent> maskingEvents() {
      return audit.events().stream().filter(e -> e.type() == AuditEvent.Type.MASKING).collect(Collectors.toList());
    }
  }

  static Guarded guard(ResidencyPolicy.Builder policy) {
    InMemoryAuditSink audit = AuditSinks.inMemory();
    return new Guarded(ResidencyGuard.builder(policy.build()).setAuditSink(audit).build(), audit);
  }

  static Guarded reportOnly(ResidencyPolicy.Builder policy) {
    return guard(policy.setMode(Mode.REPORT_ONLY));
  }

  /**
   * A loopback server that accepts and immediately closes connections, counting them: proof of
   * whether a client opened a socket.
   */
  static final class CountingServer implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread thread;

    CountingServer() {
      this(InetAddress.getLoopbackAddress());
    }

    /** Listens on {@code address} (another loopback address, say: 127.0.0.2 stands for "elsewhere"). */
    CountingServer(InetAddress address) {
      try {
        server = new ServerSocket(0, 50, address);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      thread = new Thread(this::acceptLoop, "counting-server");
      thread.setDaemon(true);
      thread.start();
    }

    @SuppressWarnings("try") // accepting and closing is the point
    private void acceptLoop() {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          accepted.incrementAndGet();
        } catch (IOException e) {
          return;
        }
      }
    }

    int port() {
      return server.getLocalPort();
    }

    int accepted() throws InterruptedException {
      Thread.sleep(200); // let a connection in flight reach accept()
      return accepted.get();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  /** A DataSource that never connects anywhere: it counts calls and returns a stub connection. */
  static final class CountingDataSource implements DataSource {
    final String url;
    final AtomicInteger connections = new AtomicInteger();
    boolean closed;

    CountingDataSource(String url) {
      this.url = url;
    }

    public String getUrl() {
      return url;
    }

    @Override
    public Connection getConnection() {
      connections.incrementAndGet();
      return (Connection) java.lang.reflect.Proxy.newProxyInstance(
          Fixtures.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> null);
    }

    @Override
    public Connection getConnection(String username, String password) {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
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
