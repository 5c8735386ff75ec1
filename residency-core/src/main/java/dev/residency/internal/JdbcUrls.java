package dev.residency.internal;

import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.Endpoints;
import dev.residency.InvalidEndpointException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JDBC URL parsing into one endpoint per host. Internal, may change without notice.
 *
 * <p>Error messages name a known subprotocol and the problem, never the URL: JDBC URLs carry
 * passwords. Every host the driver may reach is an endpoint: failover and load-balancing lists,
 * SQL Server {@code serverName}/{@code failoverPartner}, every Oracle {@code HOST}, DB2 reroute
 * servers, SOCKS and HTTPS proxies. Embedded databases (H2 other than {@code tcp:}/{@code ssl:},
 * SQLite, HSQLDB {@code mem:}/{@code file:}/{@code res:}, Derby without {@code //}) have no host
 * and the attribute {@code embedded}; they run in this process. Cloud SQL and AlloyDB connector
 * URLs (with their socket factory) and Redshift IAM {@code cluster:region} URLs have no host: the
 * instance decides, and its region is the endpoint's resource location.
 *
 * <p>Refused, because the URL does not say where the connection goes or drivers read it
 * differently: several {@code @}, other socket factories, DNS SRV URLs and Connector/J's {@code
 * dnsSrv}, host-overriding properties ({@code PGHOST}), repeated routing properties with different
 * values, case variants of routing property names, quoted Oracle credentials, {@code ldap://}
 * descriptors, malformed descriptors. PostgreSQL URLs without a host ({@code jdbc:postgresql:db},
 * {@code jdbc:postgresql:///db}) and with a {@code service}: pgjdbc then takes the host from the
 * connection properties, {@code pg_service.conf}, and in recent versions the {@code PGHOST} and
 * {@code PGSERVICE} environment variables or {@code org.postgresql.pghost} system properties,
 * none of which a URL check sees, before it falls back to localhost.
 *
 * <p>Connection properties passed beside the URL ({@code Driver.connect(url, info)}, a pool's
 * data-source properties) are read too, by {@link #parse(String, Map)}: every host they name
 * ({@code PGHOST}, {@code host}, {@code serverName}, {@code failoverPartner}, proxies...) is one
 * more endpoint that must pass, whichever of URL and properties the driver prefers; socket
 * factories and Cloud SQL instances in them decide as in the URL; services, DNS SRV and local
 * sockets are refused. Property names are compared case-insensitively, which reads more than some
 * drivers do and so can only deny more.
 */
public final class JdbcUrls {
  /** Prefixes of drivers that wrap another driver's URL. */
  private static final Set<String> WRAPPERS =
      Set.of("aws-wrapper", "p6spy", "otel", "log4jdbc", "tracing", "residency", "datadog", "sentry", "dsproxy");

  private static final Pattern PAREN_KV = Pattern.compile("\\(\\s*([a-zA-Z]+)\\s*=\\s*([^)]*)\\)");
  /** A subprotocol we may name in an error message (anything else might be a mistyped secret). */
  private static final Pattern SAFE_SUBPROTOCOL = Pattern.compile("[a-z][a-z0-9+.-]{0,31}");

  private static final Pattern DB2_ALTERNATES =
      Pattern.compile("clientRerouteAlternateServerName\\s*=\\s*([^;]*)", Pattern.CASE_INSENSITIVE);

  private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

  /**
   * Query parameters that name another host for drivers that read them (pgjdbc's {@code PGHOST}
   * overrides the URL's hosts in some versions); we do not model them, so we refuse the URL.
   */
  private static final Set<String> HOST_OVERRIDE_PARAMS = Set.of("pghost", "host", "hostname", "server", "servername");

  /**
   * Connection properties that name a host the driver may reach: pgjdbc {@code PGHOST} (and
   * {@code host}, which its service files and newer versions read), Connector/J {@code host} and
   * X DevAPI {@code address}, SQL Server and JavaBean DataSource {@code serverName}/{@code
   * server}/{@code serverNames}, {@code failoverPartner}, and proxies. Lower case.
   */
  private static final Set<String> HOST_PROPERTIES = Set.of(
      "pghost", "host", "hostname", "address", "server", "servername", "servernames", "failoverpartner");

  /** Proxy hosts named by connection properties, with the proxy's default port. Lower case. */
  private static final Map<String, Integer> PROXY_PROPERTIES = Map.of(
      "socksproxyhost", 1080, "oracle.net.httpsproxyhost", 443, "https_proxy", 443);

  /** Connection properties that set the port of the hosts above. Lower case. */
  private static final Set<String> PORT_PROPERTIES = Set.of("pgport", "port", "portnumber");

  /** Property names whose case variants are refused for drivers that read names case-sensitively. */
  private static final List<String> ROUTING_NAMES = List.of("socketFactory", "cloudSqlInstance", "alloydbInstanceName");

  private JdbcUrls() {}

  /**
   * Parses a JDBC URL into its endpoints (at least one); every one must be allowed.
   *
   * @throws InvalidEndpointException when the URL cannot be parsed safely; the message never
   *     contains the URL or any part of its credentials or properties
   */
  public static List<Endpoint> parse(String url) {
    return parse(url, Map.of());
  }

  /**
   * Parses a JDBC URL and the connection properties passed with it ({@code Driver.connect(url,
   * info)}) into endpoints (at least one); every one must be allowed. Hosts named by properties
   * are added to the URL's, since drivers differ on which wins; properties that route the
   * connection where no host shows (services, DNS SRV, local sockets) are refused.
   *
   * @param properties the connection properties, names as given; values may hold credentials
   * @throws InvalidEndpointException when the URL cannot be parsed safely; the message never
   *     contains the URL, property values or any part of the credentials
   */
  public static List<Endpoint> parse(String url, Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    if (!url.regionMatches(true, 0, "jdbc:", 0, 5)) {
      throw new InvalidEndpointException("not a JDBC URL");
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new InvalidEndpointException("JDBC URL contains a control character");
      }
    }
    String rest = url.substring(5);
    while (true) {
      int colon = rest.indexOf(':');
      if (colon <= 0) {
        throw new InvalidEndpointException("JDBC URL without a subprotocol");
      }
      String sub = rest.substring(0, colon).toLowerCase(Locale.ROOT);
      if (WRAPPERS.contains(sub)) {
        rest = rest.substring(colon + 1);
        continue;
      }
      break;
    }
    int colon = rest.indexOf(':');
    String sub = rest.substring(0, colon).toLowerCase(Locale.ROOT);
    String body = rest.substring(colon + 1);

    // Keys lower-cased but not stripped: the connector decision replaces the URL's hosts, so it
    // must not read a name ("socketFactory ") the driver would not; the checks that only add
    // endpoints or refuse compare stripped names, which reads more.
    Map<String, List<String>> info = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : properties.entrySet()) {
      info.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(e.getValue() == null ? "" : e.getValue());
    }
    refuseHiddenRouting(sub, properties(sub, body), info);
    List<Endpoint> out = new ArrayList<>(urlEndpoints(sub, body, properties.keySet(), info));
    out.addAll(propertyEndpoints(sub, info));
    return out;
  }

  private static List<Endpoint> urlEndpoints(String sub, String body, Set<String> infoKeys, Map<String, List<String>> info) {
    List<Endpoint> connector = connector(sub, body, infoKeys, info);
    if (connector != null) {
      return connector;
    }
    // A host property stands in for a missing URL host (SQL Server serverName, Connector/J host);
    // a failover partner alone does not.
    boolean hostsInProperties = info.entrySet().stream()
        .anyMatch(e -> HOST_PROPERTIES.contains(e.getKey().strip()) && !e.getKey().strip().equals("failoverpartner"));
    switch (sub) {
      case "postgresql":
      case "pgsql":
        return postgres(sub, body);
      case "mysql":
      case "mariadb":
        return mysql(sub, body, hostsInProperties);
      case "mysql+srv":
      case "mysqlx+srv":
        // The hosts come from a DNS SRV lookup at connect time; the URL names only the SRV record.
        throw new InvalidEndpointException(sub + " URL: hosts come from DNS SRV records; declare the endpoint explicitly");
      case "mysqlx":
        return mysql(sub, body, hostsInProperties);
      case "redshift":
        return redshift(body, info);
      case "sqlserver":
        return sqlServer(sub, body, hostsInProperties);
      case "jtds":
        return jtds(body, hostsInProperties);
      case "oracle":
        return oracle(body);
      case "h2":
        return h2(body);
      case "sqlite":
        if (body.toLowerCase(Locale.ROOT).contains("://") && !body.toLowerCase(Locale.ROOT).contains("file://")) {
          // ":resource:http://host/x.db" makes the driver fetch the database from that host.
          throw new InvalidEndpointException("sqlite database loaded from a URL; declare the endpoint explicitly");
        }
        return List.of(embedded("sqlite"));
      case "hsqldb":
        return hsqldb(body);
      case "derby":
        if (body.regionMatches(true, 0, "net://", 0, 6)) {
          return standard(sub, body.substring(4), 1527); // the DB2 JCC driver's network form
        }
        if (body.startsWith("//")) {
          return standard(sub, body, 1527);
        }
        if (body.contains("://")) {
          throw new InvalidEndpointException("unsupported derby URL form");
        }
        return List.of(embedded("derby"));
      case "db2":
        return db2(body);
      case "snowflake":
        return standard(sub, body, 443);
      case "clickhouse":
      case "ch":
        return standard(sub, stripMode(body), 8123);
      case "sap":
        return standard(sub, body, 30015);
      default:
        if (body.startsWith("//")) {
          return standard(sub, body, -1);
        }
        // Not named: an unknown "subprotocol" is as likely a mistyped user name or password.
        throw new InvalidEndpointException("unsupported JDBC subprotocol");
    }
  }

  /**
   * The subprotocol quoted, or a placeholder when it does not look like one (it might be a secret).
   * Only called with subprotocols this parser knows.
   */
  private static String describe(String sub) {
    return SAFE_SUBPROTOCOL.matcher(sub).matches() ? "'" + sub + "'" : "(unrecognized)";
  }

  private static Endpoint embedded(String engine) {
    return Endpoint.builder(EndpointKind.JDBC).attribute("embedded", engine).build();
  }

  /**
   * Socket factories decide where a connection goes, whatever host the URL names. The Cloud SQL
   * connector (postgres/mysql {@code socketFactory}, SQL Server {@code socketFactoryClass}) reaches
   * the instance named by {@code cloudSqlInstance} (or {@code socketFactoryConstructorArg}), whose
   * middle part is its region; the AlloyDB connector reaches {@code alloydbInstanceName}. Without
   * such a factory the driver ignores those properties and connects to the URL's hosts. Any other
   * socket factory may connect anywhere, so the URL is refused.
   *
   * <p>The connection properties count as much as the URL's own: a factory or instance named in
   * either is used, and differing values in the two are refused like repeats in the URL.
   *
   * @return the connector endpoint, or {@code null} when neither URL nor properties name a socket
   *     factory
   */
  private static List<Endpoint> connector(String sub, String body, Set<String> infoKeys, Map<String, List<String>> info) {
    if (!sub.equals("sqlserver") && !sub.equals("jtds")) {
      // pgjdbc (and its kin) read property names case-sensitively: "SOCKETFACTORY" is ignored and the
      // driver connects to the URL's host, while a case-blind reading would place it at the
      // instance. Refuse case variants of the names that decide routing.
      refuseCaseVariants(rawKeys(sub, body, true), "JDBC URL");
      refuseCaseVariants(infoKeys, "JDBC connection property");
    }
    // The exact separators of each driver here: this decision replaces the URL's hosts, so reading
    // a property the driver would not see (inside another value) would fail open.
    Map<String, List<String>> params = properties(sub, body, true);
    for (String key : List.of("socketfactory", "socketfactoryclass", "cloudsqlinstance",
        "socketfactoryconstructorarg", "alloydbinstancename")) {
      if (info.containsKey(key)) {
        params.computeIfAbsent(key, k -> new ArrayList<>()).addAll(info.get(key));
      }
    }
    List<String> factories = new ArrayList<>(params.getOrDefault("socketfactory", List.of()));
    factories.addAll(params.getOrDefault("socketfactoryclass", List.of()));
    if (factories.isEmpty()) {
      return null;
    }
    String factory = single(factories, "socket factory");
    if (factory.startsWith("com.google.cloud.sql.")) {
      List<String> instances = new ArrayList<>(params.getOrDefault("cloudsqlinstance", List.of()));
      if (sub.equals("sqlserver")) {
        instances.addAll(params.getOrDefault("socketfactoryconstructorarg", List.of()));
      }
      if (instances.isEmpty()) {
        throw new InvalidEndpointException("Cloud SQL socket factory without cloudSqlInstance");
      }
      return List.of(cloudSql(sub, single(instances, "cloudSqlInstance")));
    }
    if (factory.startsWith("com.google.cloud.alloydb.")) {
      List<String> instances = params.getOrDefault("alloydbinstancename", List.of());
      if (instances.isEmpty()) {
        throw new InvalidEndpointException("AlloyDB socket factory without alloydbInstanceName");
      }
      return List.of(alloyDb(sub, single(instances, "alloydbInstanceName")));
    }
    throw new InvalidEndpointException("JDBC URL uses a socket factory that may connect anywhere; declare the endpoint explicitly");
  }

  private static void refuseCaseVariants(Collection<String> keys, String where) {
    for (String key : keys) {
      for (String name : ROUTING_NAMES) {
        if (key.strip().equalsIgnoreCase(name) && !key.strip().equals(name)) {
          throw new InvalidEndpointException(where + " spells a connection-routing property in an unexpected case");
        }
      }
    }
  }

  /** The one value a repeated property has, or a refusal: drivers differ on which repeat wins. */
  private static String single(List<String> values, String what) {
    String first = values.get(0);
    for (String v : values) {
      if (!v.equals(first)) {
        throw new InvalidEndpointException("JDBC URL sets " + what + " more than once with different values");
      }
    }
    return first;
  }

  private static Endpoint cloudSql(String sub, String instance) {
    String[] parts = instance.split(":", -1);
    if (parts.length != 3 || !instance.matches("[a-zA-Z0-9:._-]+")
        || parts[0].isEmpty() || parts[2].isEmpty() || !parts[1].matches("[a-z]+-[a-z]+[0-9]+")) {
      throw new InvalidEndpointException("cloudSqlInstance must be project:region:instance");
    }
    return Endpoint.builder(EndpointKind.JDBC)
        .resource(instance)
        .resourceLocation("gcp:" + parts[1])
        .attribute("connector", "cloudsql-" + sub)
        .build();
  }

  private static Endpoint alloyDb(String sub, String instance) {
    Matcher m = Pattern.compile("projects/[a-z0-9._:-]+/locations/([a-z]+-[a-z]+[0-9]+)/clusters/[a-z0-9-]+/instances/[a-z0-9-]+")
        .matcher(instance);
    if (!m.matches()) {
      throw new InvalidEndpointException("alloydbInstanceName must be projects/P/locations/R/clusters/C/instances/I");
    }
    return Endpoint.builder(EndpointKind.JDBC)
        .resource(instance)
        .resourceLocation("gcp:" + m.group(1))
        .attribute("connector", "alloydb-" + sub)
        .build();
  }

  /**
   * Every {@code key=value} property of the URL, keys lower-cased, values percent-decoded (pgjdbc
   * and Connector/J decode them), repeats kept: the query after {@code ?} split on {@code &}, and
   * {@code ;}-separated pairs (SQL Server, H2, Derby). Splitting on both is a superset of what any
   * one driver reads, which is what a refusal check needs; decisions that replace the URL's hosts
   * use only the driver's own separators.
   */
  private static Map<String, List<String>> properties(String sub, String body) {
    return properties(sub, body, false);
  }

  private static Map<String, List<String>> properties(String sub, String body, boolean exact) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String[] pair : pairs(sub, body, exact)) {
      out.computeIfAbsent(pair[0].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(pair[1]);
    }
    return out;
  }

  /** Property names as written (decoded, not case-folded). */
  private static List<String> rawKeys(String sub, String body, boolean exact) {
    List<String> out = new ArrayList<>();
    for (String[] pair : pairs(sub, body, exact)) {
      out.add(pair[0]);
    }
    return out;
  }

  private static List<String[]> pairs(String sub, String body, boolean exact) {
    int start;
    String separators;
    boolean semicolons = sub.equals("sqlserver") || sub.equals("jtds");
    if (semicolons) {
      start = body.indexOf(';');
      separators = exact ? ";" : "[&;?]";
    } else if (exact) {
      start = body.indexOf('?'); // pgjdbc, Connector/J, MariaDB: ?k=v&k=v
      separators = "&";
    } else {
      int q = body.indexOf('?');
      int semi = body.indexOf(';');
      start = q < 0 ? semi : semi < 0 ? q : Math.min(q, semi);
      separators = "[&;?]";
    }
    List<String[]> out = new ArrayList<>();
    if (start < 0) {
      return out;
    }
    for (String pair : body.substring(start + 1).split(separators)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      out.add(new String[] {decode(pair.substring(0, eq)).strip(), decode(pair.substring(eq + 1)).strip()});
    }
    return out;
  }

  private static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 2 >= s.length()) {
        throw new InvalidEndpointException("JDBC URL has malformed percent-encoding");
      }
      int hi = IpAddresses.asciiDigit(s.charAt(i + 1), 16);
      int lo = IpAddresses.asciiDigit(s.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        throw new InvalidEndpointException("JDBC URL has malformed percent-encoding");
      }
      int b = hi * 16 + lo;
      if (b < 0x20 || b >= 0x7f) {
        throw new InvalidEndpointException("JDBC URL percent-encodes a control or non-ASCII byte");
      }
      out.append((char) b);
      i += 2;
    }
    return out.toString();
  }

  /** Refuses properties that would name a host the URL's host list does not show. */
  private static void refuseHostOverrides(String sub, String body) {
    for (String key : properties(sub, body).keySet()) {
      if (HOST_OVERRIDE_PARAMS.contains(key)) {
        throw new InvalidEndpointException("JDBC URL property overrides the host; declare the endpoint explicitly");
      }
    }
  }

  /**
   * Refuses URL and connection properties that send the connection somewhere no host shows:
   * pgjdbc's {@code service} (the host is read from {@code pg_service.conf}), Connector/J's {@code
   * dnsSrv} (hosts from DNS SRV records), MariaDB's {@code localSocket} and {@code pipe} (a local
   * socket, whatever the URL's host).
   */
  private static void refuseHiddenRouting(String sub, Map<String, List<String>> url, Map<String, List<String>> info) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    url.forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    info.forEach((k, v) -> all.computeIfAbsent(k.strip(), x -> new ArrayList<>()).addAll(v));
    switch (sub) {
      case "postgresql":
      case "pgsql":
        if (all.containsKey("service") || all.containsKey("pgservice")) {
          throw new InvalidEndpointException(describe(sub) + " connection names a pg_service.conf service, which sets the host"
              + " out of sight of this check; name the host in the URL (jdbc:postgresql://host/db) instead");
        }
        break;
      case "mysql":
      case "mariadb":
      case "mysqlx":
        for (String key : List.of("dnssrv", "xdevapi.dns-srv")) {
          for (String v : all.getOrDefault(key, List.of())) {
            if (!v.strip().equalsIgnoreCase("false")) {
              throw new InvalidEndpointException(describe(sub) + " connection uses DNS SRV records (dnsSrv): the hosts come"
                  + " from DNS at connect time; declare the endpoint explicitly");
            }
          }
        }
        if (all.containsKey("localsocket") || all.containsKey("pipe")) {
          throw new InvalidEndpointException(describe(sub) + " connection goes through a local socket or named pipe,"
              + " whatever the host; declare the endpoint explicitly");
        }
        break;
      default:
        break;
    }
  }

  /** The values of the host-naming connection properties. */
  private static List<String> hostValues(Map<String, List<String>> info) {
    List<String> out = new ArrayList<>();
    info.forEach((k, v) -> {
      if (HOST_PROPERTIES.contains(k.strip())) {
        out.addAll(v);
      }
    });
    return out;
  }

  /**
   * One endpoint per host named by a connection property (a value may list several, comma
   * separated, as {@code PGHOST} does), at the port the port properties agree on, or the driver's
   * default. Placement does not depend on the port, so several different ports just fall back to
   * the default; a malformed one is refused.
   */
  private static List<Endpoint> propertyEndpoints(String sub, Map<String, List<String>> info) {
    List<Endpoint> out = new ArrayList<>();
    List<String> hosts = hostValues(info);
    int port = defaultPort(sub);
    if (!hosts.isEmpty()) {
      List<String> ports = new ArrayList<>();
      info.forEach((k, v) -> {
        if (PORT_PROPERTIES.contains(k.strip())) {
          for (String value : v) {
            for (String p : value.split(",", -1)) {
              ports.add(Integer.toString(Endpoints.parsePort(unbrace(p))));
            }
          }
        }
      });
      if (!ports.isEmpty() && ports.stream().distinct().count() == 1) {
        port = Integer.parseInt(ports.get(0));
      }
    }
    boolean sqlServer = sub.equals("sqlserver") || sub.equals("jtds");
    for (String value : hosts) {
      for (String h : splitTopLevel(value)) {
        out.add(sqlServer ? sqlServerHost(sub, unbrace(h), port) : hostPort(sub, h, port));
      }
    }
    info.forEach((k, v) -> {
      Integer proxyPort = PROXY_PROPERTIES.get(k.strip());
      if (proxyPort != null) {
        for (String value : v) {
          out.add(hostPort(sub, value, proxyPort));
        }
      }
    });
    return out;
  }

  /** The port a driver uses when neither URL nor properties name one; -1 when we do not know it. */
  private static int defaultPort(String sub) {
    switch (sub) {
      case "postgresql":
      case "pgsql":
        return 5432;
      case "mysql":
      case "mariadb":
        return 3306;
      case "mysqlx":
        return 33060;
      case "sqlserver":
      case "jtds":
        return 1433;
      case "oracle":
        return 1521;
      case "redshift":
        return 5439;
      case "db2":
        return 50000;
      case "derby":
        return 1527;
      case "h2":
        return 9092;
      case "hsqldb":
        return 9001;
      case "clickhouse":
      case "ch":
        return 8123;
      case "sap":
        return 30015;
      case "snowflake":
        return 443;
      default:
        return -1;
    }
  }

  /** Drops a driver mode such as {@code loadbalance:}, {@code replication:}, {@code iam:}. */
  private static String stripMode(String body) {
    if (body.startsWith("//")) {
      return body;
    }
    int colon = body.indexOf(':');
    if (colon > 0 && body.startsWith("//", colon + 1) && body.substring(0, colon).matches("[a-zA-Z+-]+")) {
      return body.substring(colon + 1);
    }
    return body;
  }

  /**
   * PostgreSQL: {@code //host[:port][,host[:port]...][/db][?params]}, every host named. pgjdbc
   * also accepts {@code db}, {@code ///db} and {@code //:port/db}, and then takes the host from the
   * connection properties, a service, and in recent versions the environment ({@code PGHOST},
   * {@code PGSERVICE}) or system properties ({@code org.postgresql.pghost}) before falling back
   * to localhost. A check cannot see most of those, so such URLs are refused, even when the
   * properties name a host: the order in which drivers read them has changed between versions.
   */
  private static List<Endpoint> postgres(String sub, String body) {
    String hostless = describe(sub) + " URL names no host, so pgjdbc would take it from connection properties,"
        + " a pg_service.conf service, PGHOST or org.postgresql.pghost, or use localhost;"
        + " name the host in the URL (jdbc:postgresql://host/db)";
    if (!body.startsWith("//")) {
      throw new InvalidEndpointException(hostless);
    }
    String hosts = authority(body.substring(2), "/?;");
    if (hosts.isEmpty()) {
      throw new InvalidEndpointException(hostless);
    }
    for (String hp : splitTopLevel(hosts)) {
      String h = hp.strip();
      if (h.isEmpty() || h.startsWith(":")) {
        throw new InvalidEndpointException(hostless);
      }
    }
    return standard(sub, body, 5432);
  }

  /** {@code //host[:port][,host[:port]...][/db][?params]}. */
  private static List<Endpoint> standard(String sub, String body, int defaultPort) {
    refuseHostOverrides(sub, body);
    if (!body.startsWith("//")) {
      throw new InvalidEndpointException("malformed " + describe(sub) + " URL: expected //host");
    }
    String hosts = authority(body.substring(2), "/?;");
    if (hosts.isEmpty()) {
      throw new InvalidEndpointException("malformed " + describe(sub) + " URL: no host");
    }
    List<Endpoint> out = new ArrayList<>();
    for (String hp : splitHosts(hosts)) {
      out.add(hostPort(sub, hp, defaultPort));
    }
    return out;
  }

  /**
   * The host list before the first of {@code stops}, credentials ({@code user:pw@}, which some
   * drivers accept) removed. Several {@code @} have no single reading, so they are refused.
   */
  private static String authority(String rest, String stops) {
    int end = rest.length();
    for (int i = 0; i < rest.length(); i++) {
      if (stops.indexOf(rest.charAt(i)) >= 0) {
        end = i;
        break;
      }
    }
    String hosts = rest.substring(0, end);
    int at = hosts.lastIndexOf('@');
    if (at >= 0) {
      if (hosts.indexOf('@') != at) {
        throw new InvalidEndpointException("JDBC URL authority contains more than one '@'");
      }
      hosts = hosts.substring(at + 1);
    }
    return hosts;
  }

  private static List<String> splitHosts(String hosts) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < hosts.length(); i++) {
      char c = hosts.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(hosts.substring(start, i));
        start = i + 1;
      }
    }
    out.add(hosts.substring(start));
    for (String h : out) {
      if (h.isBlank()) {
        throw new InvalidEndpointException("empty host in multi-host JDBC URL");
      }
    }
    return out;
  }

  private static Endpoint hostPort(String sub, String hostPort, int defaultPort) {
    Endpoint.Builder b = Endpoint.builder(EndpointKind.JDBC).attribute("subprotocol", sub);
    String host = hostPort.strip();
    String port = null;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0) {
        throw new InvalidEndpointException("unterminated IPv6 literal in JDBC URL");
      }
      if (close + 1 < host.length()) {
        if (host.charAt(close + 1) != ':') {
          throw new InvalidEndpointException("junk after IPv6 literal in JDBC URL");
        }
        port = host.substring(close + 2);
      }
      host = host.substring(0, close + 1);
    } else {
      int colon = host.lastIndexOf(':');
      if (colon >= 0) {
        port = host.substring(colon + 1);
        host = host.substring(0, colon);
      }
      if (host.indexOf(':') >= 0) {
        // "::1:5432": drivers split at the last colon, people mean an IPv6 host; brackets decide.
        throw new InvalidEndpointException("IPv6 host in JDBC URL must be in brackets");
      }
    }
    if (host.isEmpty()) {
      throw new InvalidEndpointException("empty host in JDBC URL");
    }
    b.host(host);
    b.port(port == null || port.isEmpty() ? defaultPort : Endpoints.parsePort(port));
    return b.build();
  }

  private static Endpoint hostEndpoint(String sub, String host, int port) {
    return Endpoint.builder(EndpointKind.JDBC).attribute("subprotocol", sub).host(host).port(port).build();
  }

  /**
   * MySQL Connector/J and MariaDB: {@code //h1[:p],h2/db}, {@code address=(host=h)(port=p)},
   * {@code (host=h,port=p)}, a bracketed list {@code [h1,h2]}, after an optional mode
   * ({@code loadbalance:}, {@code replication:}, MariaDB's {@code sequential:}, {@code failover:},
   * {@code aurora:}). A {@code socksProxyHost} property is a hop too, so it must pass as well.
   * With no host in the URL, Connector/J connects to the {@code host} connection property, else
   * to localhost.
   */
  private static List<Endpoint> mysql(String sub, String body, boolean hostsInProperties) {
    refuseHostOverrides(sub, body);
    String b = body;
    int modeColon = b.indexOf(':');
    if (!b.startsWith("//") && modeColon > 0 && b.startsWith("//", modeColon + 1)) {
      String mode = b.substring(0, modeColon).toLowerCase(Locale.ROOT);
      if (!Set.of("loadbalance", "replication", "sequential", "failover", "aurora").contains(mode)) {
        throw new InvalidEndpointException("unsupported " + describe(sub) + " mode");
      }
      b = b.substring(modeColon + 1);
    }
    if (!b.startsWith("//")) {
      throw new InvalidEndpointException("malformed " + describe(sub) + " URL: expected //host");
    }
    String rest = b.substring(2);
    int end = rest.length();
    int depth = 0;
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (depth == 0 && (c == '/' || c == '?')) {
        end = i;
        break;
      }
    }
    if (depth != 0) {
      throw new InvalidEndpointException("unbalanced brackets in " + describe(sub) + " URL");
    }
    String hosts = rest.substring(0, end);
    int port = sub.equals("mysqlx") ? 33060 : 3306;
    List<Endpoint> out = new ArrayList<>();
    if (hosts.isEmpty()) {
      if (!hostsInProperties) {
        out.add(hostEndpoint(sub, "localhost", port));
      }
    } else {
      if (hosts.startsWith("[") && hosts.endsWith("]") && (hosts.contains("(") || hosts.contains(","))) {
        hosts = hosts.substring(1, hosts.length() - 1); // [h1,h2] or [(host=..),(host=..)]
      }
      for (String part : splitTopLevel(hosts)) {
        out.add(mysqlHost(sub, part.strip(), port));
      }
    }
    List<String> socks = properties(sub, body).getOrDefault("socksproxyhost", List.of());
    for (String proxy : socks) {
      out.add(hostEndpoint(sub, proxy, 1080));
    }
    return out;
  }

  private static Endpoint mysqlHost(String sub, String p, int defaultPort) {
    if (p.isEmpty()) {
      throw new InvalidEndpointException("empty host in multi-host JDBC URL");
    }
    Map<String, List<String>> kv = new LinkedHashMap<>();
    if (p.regionMatches(true, 0, "address=", 0, 8)) {
      String pairs = p.substring(8).strip();
      Matcher m = PAREN_KV.matcher(pairs);
      int pos = 0;
      while (m.find()) {
        if (!pairs.substring(pos, m.start()).isBlank()) {
          throw new InvalidEndpointException("malformed " + describe(sub) + " address=(...)");
        }
        kv.computeIfAbsent(m.group(1).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(m.group(2).strip());
        pos = m.end();
      }
      if (pos == 0 || !pairs.substring(pos).isBlank()) {
        throw new InvalidEndpointException("malformed " + describe(sub) + " address=(...)");
      }
    } else if (p.startsWith("(") && p.endsWith(")")) {
      for (String pair : p.substring(1, p.length() - 1).split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new InvalidEndpointException("malformed " + describe(sub) + " (key=value) host");
        }
        kv.computeIfAbsent(pair.substring(0, eq).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(pair.substring(eq + 1).strip());
      }
    } else {
      int at = p.lastIndexOf('@');
      if (at >= 0 && p.indexOf('@') != at) {
        throw new InvalidEndpointException("JDBC URL authority contains more than one '@'");
      }
      return hostPort(sub, at >= 0 ? p.substring(at + 1) : p, defaultPort);
    }
    List<String> host = kv.get("host");
    if (host == null || host.size() != 1) {
      throw new InvalidEndpointException(describe(sub) + " host specification needs exactly one host");
    }
    List<String> port = kv.get("port");
    if (port != null && port.size() != 1) {
      throw new InvalidEndpointException(describe(sub) + " host specification has several ports");
    }
    return hostEndpoint(sub, host.get(0), port != null ? Endpoints.parsePort(port.get(0)) : defaultPort);
  }

  private static List<String> splitTopLevel(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  /**
   * {@code //host[:port]/db}, after an optional {@code iam:} mode. The IAM form {@code
   * iam://cluster:region/db} names no host: the driver looks the cluster up in that region, so the
   * endpoint's resource is the cluster and its resource location is the region.
   */
  private static List<Endpoint> redshift(String body, Map<String, List<String>> info) {
    String b = stripMode(body);
    if (body.regionMatches(true, 0, "iam://", 0, 6)) {
      String hosts = authority(b.substring(2), "/?;");
      int colon = hosts.lastIndexOf(':');
      if (colon > 0 && hosts.indexOf(',') < 0 && AWS_REGION.matcher(hosts.substring(colon + 1)).matches()) {
        refuseHostOverrides("redshift", body);
        Set<String> keys = new HashSet<>(properties("redshift", body).keySet());
        info.keySet().forEach(k -> keys.add(k.strip()));
        for (String key : keys) {
          if (Set.of("region", "clusterid", "endpointurl", "clusteridentifier").contains(key)) {
            // These would name another cluster or region than the one we place the endpoint in.
            throw new InvalidEndpointException("redshift IAM URL overrides its cluster or region; declare the endpoint explicitly");
          }
        }
        String cluster = hosts.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!cluster.matches("[a-z][a-z0-9-]{0,62}")) {
          throw new InvalidEndpointException("malformed redshift cluster identifier");
        }
        return List.of(Endpoint.builder(EndpointKind.JDBC)
            .resource(cluster)
            .resourceLocation("aws:" + hosts.substring(colon + 1))
            .attribute("connector", "redshift-iam")
            .build());
      }
    }
    return standard("redshift", b, 5439);
  }

  /**
   * {@code //host[\instance][:port][;key=value...]}; {@code serverName} and {@code
   * failoverPartner} properties name hosts too, and every one must pass.
   */
  private static List<Endpoint> sqlServer(String sub, String body, boolean hostsInProperties) {
    if (!body.startsWith("//")) {
      throw new InvalidEndpointException("malformed " + sub + " URL: expected //host");
    }
    String rest = body.substring(2);
    int semi = rest.indexOf(';');
    String server = semi >= 0 ? rest.substring(0, semi) : rest;
    int slash = server.indexOf('/');
    if (slash >= 0) {
      server = server.substring(0, slash); // jTDS: //host:port/database
    }
    Map<String, List<String>> props = properties(sub, body);
    List<String> ports = new ArrayList<>(props.getOrDefault("portnumber", List.of()));
    ports.addAll(props.getOrDefault("port", List.of()));
    int port = ports.isEmpty() ? 1433 : Endpoints.parsePort(unbrace(single(ports, "the port")));
    List<String> hosts = new ArrayList<>();
    if (!server.isBlank()) {
      hosts.add(server);
    }
    hosts.addAll(props.getOrDefault("servername", List.of()));
    hosts.addAll(props.getOrDefault("server", List.of()));
    if (hosts.isEmpty() && !hostsInProperties) {
      throw new InvalidEndpointException("malformed " + sub + " URL: no server");
    }
    hosts.addAll(props.getOrDefault("failoverpartner", List.of()));
    List<Endpoint> out = new ArrayList<>();
    for (String h : hosts) {
      out.add(sqlServerHost(sub, unbrace(h), port));
    }
    return out;
  }

  /** SQL Server lets a value be written {@code {value}} so that it may hold {@code ;}. */
  private static String unbrace(String value) {
    String v = value.strip();
    if (v.length() >= 2 && v.startsWith("{") && v.endsWith("}")) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  private static Endpoint sqlServerHost(String sub, String server, int defaultPort) {
    String s = server.strip();
    // "host\instance:port" and "tcp:host,port" (Azure's form) are both common.
    if (s.regionMatches(true, 0, "tcp:", 0, 4)) {
      s = s.substring(4);
    }
    int comma = s.indexOf(',');
    if (comma >= 0) {
      if (s.indexOf(',', comma + 1) >= 0) {
        throw new InvalidEndpointException("malformed " + sub + " server name");
      }
      s = s.substring(0, comma) + ":" + s.substring(comma + 1);
    }
    int backslash = s.indexOf('\\');
    if (backslash >= 0) {
      String afterInstance = s.substring(backslash + 1);
      int colon = afterInstance.indexOf(':');
      s = s.substring(0, backslash) + (colon >= 0 ? afterInstance.substring(colon) : "");
    }
    return hostPort(sub, s, defaultPort);
  }

  /** jTDS: {@code jdbc:jtds:sqlserver://host[:port][/db][;props]} and {@code jtds:sybase:}. */
  private static List<Endpoint> jtds(String body, boolean hostsInProperties) {
    String b = body.toLowerCase(Locale.ROOT);
    if (b.startsWith("sqlserver:") || b.startsWith("sybase:")) {
      return sqlServer("jtds", body.substring(body.indexOf(':') + 1), hostsInProperties);
    }
    throw new InvalidEndpointException("malformed jtds URL: expected sqlserver: or sybase:");
  }

  /**
   * {@code thin:@host:port:sid}, {@code thin:@//host:port/service}, {@code thin:user/pw@...},
   * {@code thin:@tcps://...}, or a TNS descriptor: every {@code HOST} (and {@code HTTPS_PROXY})
   * in it must pass. A bare TNS alias is looked up in {@code tnsnames.ora}, which we cannot see:
   * it becomes an endpoint whose host is the alias, and so stays unknown unless declared.
   */
  private static List<Endpoint> oracle(String body) {
    String b = body;
    int colon = b.indexOf(':');
    if (colon < 0) {
      throw new InvalidEndpointException("malformed oracle URL");
    }
    String driverType = b.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!driverType.equals("thin") && !driverType.equals("oci") && !driverType.equals("oci8")) {
      throw new InvalidEndpointException("unsupported oracle driver type");
    }
    b = b.substring(colon + 1);
    int at = b.indexOf('@');
    if (at < 0) {
      throw new InvalidEndpointException("malformed oracle URL: expected @");
    }
    if (b.substring(0, at).indexOf('"') >= 0) {
      // A quoted password may itself hold '@': no single reading of where the descriptor starts.
      throw new InvalidEndpointException("oracle URL with quoted credentials is not supported");
    }
    String descriptor = b.substring(at + 1).strip();
    if (descriptor.startsWith("(")) {
      return OracleTns.endpoints(descriptor);
    }
    if (descriptor.indexOf('@') >= 0) {
      throw new InvalidEndpointException("oracle URL contains more than one '@'");
    }
    String d = descriptor;
    List<Endpoint> out = new ArrayList<>();
    int q = d.indexOf('?');
    if (q >= 0) {
      // EZConnect Plus parameters; an HTTPS proxy is a hop, so it must pass too.
      for (String pair : d.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        String key = eq > 0 ? pair.substring(0, eq).strip() : "";
        if (key.equalsIgnoreCase("https_proxy") || key.equalsIgnoreCase("oracle.net.httpsProxyHost")) {
          out.add(hostEndpoint("oracle", pair.substring(eq + 1).strip(), 443));
        }
      }
      d = d.substring(0, q);
    }
    int scheme = d.indexOf("://");
    if (scheme >= 0) {
      String protocol = d.substring(0, scheme).toLowerCase(Locale.ROOT);
      if (!protocol.equals("tcp") && !protocol.equals("tcps")) {
        // ldap:// and friends look the descriptor up elsewhere: the URL does not name the host.
        throw new InvalidEndpointException("unsupported oracle connect protocol");
      }
      d = d.substring(scheme + 3);
    } else if (d.startsWith("//")) {
      d = d.substring(2);
    }
    int slash = d.indexOf('/');
    String hostPart = slash >= 0 ? d.substring(0, slash) : d;
    // host:port:sid (old form) keeps the SID after a second colon.
    int close = hostPart.startsWith("[") ? hostPart.indexOf(']') : -1;
    String tail = close >= 0 ? hostPart.substring(close + 1) : hostPart;
    String[] pieces = tail.split(":", -1);
    if (hostPart.indexOf(',') >= 0) {
      // EZConnect host lists ("h1:1521,h2:1522/svc") have no SID form; each entry is host[:port].
      pieces = new String[0];
    }
    if (pieces.length == 3) {
      hostPart = hostPart.substring(0, hostPart.length() - pieces[2].length() - 1);
    } else if (pieces.length > 3) {
      throw new InvalidEndpointException("malformed oracle host:port:sid");
    }
    if (hostPart.isBlank()) {
      throw new InvalidEndpointException("malformed oracle URL: no host");
    }
    List<Endpoint> hosts = new ArrayList<>();
    for (String hp : splitHosts(hostPart)) {
      hosts.add(hostPort("oracle", hp, 1521));
    }
    hosts.addAll(out);
    return hosts;
  }

  /**
   * {@code //host:port/db[:key=value;...]}; the client-reroute alternate servers are hosts the
   * driver fails over to, so every one must pass.
   */
  private static List<Endpoint> db2(String body) {
    List<Endpoint> out = new ArrayList<>(standard("db2", body, 50000));
    Matcher m = DB2_ALTERNATES.matcher(body);
    while (m.find()) {
      for (String h : m.group(1).split(",", -1)) {
        out.add(hostPort("db2", h, 50000));
      }
    }
    return out;
  }

  /**
   * H2 is remote when the name starts with {@code tcp:} or {@code ssl:}, with or without {@code
   * //} (H2 reads {@code tcp:host/db} as a server too); everything else is a database in this
   * process.
   */
  private static List<Endpoint> h2(String body) {
    String b = body.toLowerCase(Locale.ROOT);
    if (b.startsWith("tcp:") || b.startsWith("ssl:")) {
      String server = body.substring(4);
      return standard("h2", server.startsWith("//") ? server : "//" + server, 9092);
    }
    if (b.startsWith("mem:") || b.startsWith("file:") || b.startsWith("zip:") || b.startsWith("nio")
        || b.startsWith("split:") || b.startsWith("./") || b.startsWith("~/") || b.startsWith("/")
        || !b.contains("//")) {
      return List.of(embedded("h2"));
    }
    throw new InvalidEndpointException("unsupported h2 URL form");
  }

  private static List<Endpoint> hsqldb(String body) {
    String b = body.toLowerCase(Locale.ROOT);
    if (b.startsWith("hsql://") || b.startsWith("hsqls://") || b.startsWith("http://") || b.startsWith("https://")) {
      return standard("hsqldb", body.substring(body.indexOf("//")), 9001);
    }
    return List.of(embedded("hsqldb"));
  }

  /**
   * A small parser for Oracle Net descriptors: {@code (KEY=value)} and {@code (KEY=(...)(...))}.
   * Every {@code HOST} anywhere in the tree is a host the driver may reach (address lists,
   * description lists, failover), with the {@code PORT} next to it; {@code HTTPS_PROXY} likewise.
   * Anything it cannot read (unbalanced parentheses, two hosts in one address, junk between
   * nodes) is refused rather than skipped, since a skipped address would go unchecked.
   */
  private static final class OracleTns {
    private final String s;
    private int pos;
    private final List<Endpoint> out = new ArrayList<>();

    private OracleTns(String s) {
      this.s = s;
    }

    static List<Endpoint> endpoints(String descriptor) {
      OracleTns p = new OracleTns(descriptor);
      p.skipSpace();
      while (p.pos < p.s.length() && p.s.charAt(p.pos) == '(') {
        p.node();
        p.skipSpace();
      }
      if (p.pos < p.s.length() && p.s.charAt(p.pos) != '?') {
        throw new InvalidEndpointException("malformed oracle descriptor");
      }
      if (p.out.isEmpty()) {
        throw new InvalidEndpointException("oracle descriptor without HOST");
      }
      return p.out;
    }

    /** Reads {@code (KEY=...)}; returns the key and, for a leaf, its value via {@link #leafValue}. */
    private String leafValue;

    private String node() {
      if (++depth > 32) {
        throw new InvalidEndpointException("oracle descriptor nested too deeply");
      }
      expect('(');
      int eq = s.indexOf('=', pos);
      if (eq < 0) {
        throw new InvalidEndpointException("malformed oracle descriptor");
      }
      String key = s.substring(pos, eq).strip().toUpperCase(Locale.ROOT);
      if (!key.matches("[A-Z0-9_.]+")) {
        throw new InvalidEndpointException("malformed oracle descriptor");
      }
      pos = eq + 1;
      skipSpace();
      String value = null;
      if (pos < s.length() && s.charAt(pos) == '(') {
        Map<String, List<String>> leaves = new LinkedHashMap<>();
        while (pos < s.length() && s.charAt(pos) == '(') {
          String childKey = node();
          if (leafValue != null) {
            leaves.computeIfAbsent(childKey, k -> new ArrayList<>()).add(leafValue);
          }
          skipSpace();
        }
        hosts(leaves, "HOST", "PORT", 1521);
        hosts(leaves, "HTTPS_PROXY", "HTTPS_PROXY_PORT", 443);
      } else {
        int close = s.indexOf(')', pos);
        if (close < 0) {
          throw new InvalidEndpointException("malformed oracle descriptor");
        }
        value = s.substring(pos, close).strip();
        if (value.indexOf('(') >= 0) {
          throw new InvalidEndpointException("malformed oracle descriptor");
        }
        pos = close;
      }
      expect(')');
      depth--;
      leafValue = value;
      return key;
    }

    private int depth;

    private void hosts(Map<String, List<String>> leaves, String hostKey, String portKey, int defaultPort) {
      List<String> hosts = leaves.get(hostKey);
      if (hosts == null) {
        return;
      }
      List<String> ports = leaves.getOrDefault(portKey, List.of());
      if (hosts.size() != 1 || ports.size() > 1) {
        throw new InvalidEndpointException("oracle ADDRESS with several " + hostKey + " or " + portKey);
      }
      int port = ports.isEmpty() ? defaultPort : Endpoints.parsePort(ports.get(0));
      out.add(hostEndpoint("oracle", hosts.get(0), port));
    }

    private void expect(char c) {
      skipSpace();
      if (pos >= s.length() || s.charAt(pos) != c) {
        throw new InvalidEndpointException("malformed oracle descriptor");
      }
      pos++;
    }

    private void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }
  }
}
