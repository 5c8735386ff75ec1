package dev.residency.jdbc.internal;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.Endpoints;
import dev.residency.InvalidEndpointException;
import dev.residency.ResidencyGuard;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Decides on a JDBC URL: one guard decision per host, with resolved addresses when the policy
 * declares CIDRs. Internal, may change without notice.
 *
 * <p>Thread-safe. Never opens a connection; may query DNS.
 */
public final class ConnectionGate {
  private final ResidencyGuard guard;
  private final boolean resolveAddresses;

  /** Creates a gate; {@code resolveAddresses} enables the DNS check when the policy has CIDR facts. */
  public ConnectionGate(ResidencyGuard guard, boolean resolveAddresses) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.resolveAddresses = resolveAddresses;
  }

  /** The guard deciding. */
  public ResidencyGuard guard() {
    return guard;
  }

  /**
   * Evaluates (and audits) every host of the URL. An unparseable URL gives one DENY decision.
   *
   * @throws SQLException when the policy needs the host's addresses and DNS cannot resolve it
   */
  public List<Decision> evaluate(String jdbcUrl) throws SQLException {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!resolveAddresses || !guard.policy().hasAddressFacts()) {
      return guard.evaluateTarget(EndpointKind.JDBC, jdbcUrl);
    }
    List<Endpoint> endpoints;
    try {
      endpoints = Endpoints.parseAll(EndpointKind.JDBC, jdbcUrl);
    } catch (InvalidEndpointException e) {
      return guard.evaluateTarget(EndpointKind.JDBC, jdbcUrl);
    }
    List<Decision> out = new ArrayList<>(endpoints.size());
    for (Endpoint e : endpoints) {
      out.add(guard.evaluate(withAddresses(e)));
    }
    return out;
  }

  /**
   * Evaluates the URL and throws for the first blocking decision.
   *
   * @return the decisions (all non-blocking)
   * @throws ResidencyJdbcException when a host is denied in enforce mode
   * @throws SQLException when DNS resolution needed for the check fails
   */
  public List<Decision> enforce(String jdbcUrl) throws SQLException {
    List<Decision> decisions = evaluate(jdbcUrl);
    Decision blocking = firstBlocking(decisions);
    if (blocking != null) {
      throw new ResidencyJdbcException(blocking);
    }
    return decisions;
  }

  /** The first blocking decision, or {@code null}. */
  public static Decision firstBlocking(List<Decision> decisions) {
    for (Decision d : decisions) {
      if (d.isBlocking()) {
        return d;
      }
    }
    return null;
  }

  private static Endpoint withAddresses(Endpoint e) throws SQLException {
    if (e.host() == null) {
      return e;
    }
    try {
      // The driver resolves again when it connects; a DNS answer that changes in between is a
      // window we cannot close from outside the driver.
      return e.toBuilder().addresses(Arrays.asList(InetAddress.getAllByName(e.host()))).build();
    } catch (UnknownHostException ex) {
      throw new SQLTransientConnectionException(
          "residency: cannot resolve " + e.displayHost() + " to check its addresses against the policy", "08001", ex);
    }
  }
}
