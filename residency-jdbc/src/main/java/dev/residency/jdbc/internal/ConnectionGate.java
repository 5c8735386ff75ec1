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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

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
    return evaluate(jdbcUrl, Map.of());
  }

  /**
   * Evaluates (and audits) every host of the URL and of the connection properties that go to the
   * driver with it (a property such as {@code PGHOST} or {@code serverName} may name another
   * host). An unparseable URL, or properties that route the connection where the check cannot see
   * (a PostgreSQL service, DNS SRV), give one DENY decision.
   *
   * @param properties connection properties as the driver gets them ({@link #properties}); empty for none
   * @throws SQLException when the policy needs the host's addresses and DNS cannot resolve it
   */
  public List<Decision> evaluate(String jdbcUrl, Map<String, String> properties) throws SQLException {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(properties, "properties");
    if (!resolveAddresses || !guard.policy().hasAddressFacts()) {
      return guard.evaluateTarget(EndpointKind.JDBC, jdbcUrl, properties);
    }
    List<Endpoint> endpoints;
    try {
      endpoints = Endpoints.parseAll(EndpointKind.JDBC, jdbcUrl, properties);
    } catch (InvalidEndpointException e) {
      return guard.evaluateTarget(EndpointKind.JDBC, jdbcUrl, properties);
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
    return enforce(jdbcUrl, Map.of());
  }

  /**
   * Evaluates the URL with its connection properties and throws for the first blocking decision.
   *
   * @return the decisions (all non-blocking)
   * @throws ResidencyJdbcException when a host is denied, or the URL or properties refused, in enforce mode
   * @throws SQLException when DNS resolution needed for the check fails
   */
  public List<Decision> enforce(String jdbcUrl, Map<String, String> properties) throws SQLException {
    List<Decision> decisions = evaluate(jdbcUrl, properties);
    Decision blocking = firstBlocking(decisions);
    if (blocking != null) {
      throw new ResidencyJdbcException(blocking);
    }
    return decisions;
  }

  /**
   * The connection properties a driver reads from {@code info}, defaults included, as strings; a
   * non-string value counts by its {@code toString()}, which some drivers use. {@code null} gives
   * an empty map.
   */
  public static Map<String, String> properties(Properties info) {
    if (info == null || info.isEmpty() && info.stringPropertyNames().isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : info.stringPropertyNames()) {
      out.put(name, info.getProperty(name));
    }
    for (Map.Entry<Object, Object> e : info.entrySet()) {
      if (e.getKey() instanceof String && e.getValue() != null && !(e.getValue() instanceof String)) {
        out.put((String) e.getKey(), String.valueOf(e.getValue()));
      }
    }
    return out;
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
