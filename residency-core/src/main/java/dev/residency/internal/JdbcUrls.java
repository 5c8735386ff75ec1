package dev.residency.internal;

import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.Endpoints;
import dev.residency.InvalidEndpointException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JDBC URL parsing into one endpoint per host. Internal, may change without notice.
 *
 * <p>Error messages name the subprotocol and the problem, never the URL: JDBC URLs carry
 * passwords. Embedded databases (H2 {@code mem:}/{@code file:}, SQLite, HSQLDB {@code mem:},
 * Derby without {@code //}) have no host and the attribute {@code embedded}; they run in this
 * process. Cloud SQL connector URLs have no host: the instance name decides, and its region is
 * the endpoint's resource location.
 */
public final class JdbcUrls {
  /** Prefixes of drivers that wrap another driver's URL. */
  private static final Set<String> WRAPPERS =
      Set.of("aws-wrapper", "p6spy", "otel", "log4jdbc", "tracing", "residency", "datadog", "sentry", "dsproxy");

  private static final Pattern ORACLE_TNS_HOST = Pattern.compile("\\(\\s*HOST\\s*=\\s*([^)\\s]+)\\s*\\)", Pattern.CASE_INSENSITIVE);
  private static final Pattern ORACLE_TNS_ADDRESS =
      Pattern.compile("\\(\\s*ADDRESS\\s*=((?:\\s*\\([^()]*\\))+)\\s*\\)", Pattern.CASE_INSENSITIVE);
  private static final Pattern TNS_PORT = Pattern.compile("\\(\\s*PORT\\s*=\\s*([0-9]+)\\s*\\)", Pattern.CASE_INSENSITIVE);
  private static final Pattern MYSQL_ADDRESS = Pattern.compile("address=((?:\\([^()]*\\))+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern PAREN_KV = Pattern.compile("\\(\\s*([a-zA-Z]+)\\s*=\\s*([^)]*)\\)");
  private static final Pattern CLOUD_SQL =
      Pattern.compile("(?:^|[?&;])cloudSqlInstance=([a-z0-9:._-]+)", Pattern.CASE_INSENSITIVE);

  private JdbcUrls() {}

  /** Parses a JDBC URL into its endpoints (at least one). */
  public static List<Endpoint> parse(String url) {
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

    Matcher cloudSql = CLOUD_SQL.matcher(body);
    if (cloudSql.find()) {
      return List.of(cloudSql(sub, cloudSql.group(1)));
    }
    switch (sub) {
      case "postgresql":
      case "pgsql":
        return standard(sub, body, 5432, true);
      case "mysql":
        return mysql(sub, body);
      case "mariadb":
        return standard(sub, stripMode(body), 3306, false);
      case "redshift":
        return standard(sub, stripMode(body), 5439, false);
      case "sqlserver":
      case "jtds":
        return sqlServer(sub, body);
      case "oracle":
        return oracle(body);
      case "h2":
        return h2(body);
      case "sqlite":
        return List.of(embedded("sqlite"));
      case "hsqldb":
        return hsqldb(body);
      case "derby":
        return body.startsWith("//") ? standard(sub, body, 1527, false) : List.of(embedded("derby"));
      case "db2":
        return standard(sub, body, 50000, false);
      case "snowflake":
        return standard(sub, body, 443, false);
      case "clickhouse":
      case "ch":
        return standard(sub, stripMode(body), 8123, false);
      case "sap":
        return standard(sub, body, 30015, false);
      default:
        if (body.startsWith("//")) {
          return standard(sub, body, -1, false);
        }
        throw new InvalidEndpointException("unsupported JDBC subprotocol '" + sub + "'");
    }
  }

  private static Endpoint embedded(String engine) {
    return Endpoint.builder(EndpointKind.JDBC).attribute("embedded", engine).build();
  }

  private static Endpoint cloudSql(String sub, String instance) {
    String[] parts = instance.split(":");
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new InvalidEndpointException("cloudSqlInstance must be project:region:instance");
    }
    return Endpoint.builder(EndpointKind.JDBC)
        .resource(instance)
        .resourceLocation("gcp:" + parts[1].toLowerCase(Locale.ROOT))
        .attribute("connector", "cloudsql-" + sub)
        .build();
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
   * {@code //host[:port][,host[:port]...][/db][?params]}. PostgreSQL also accepts {@code db} and
   * {@code //} with no host, meaning localhost.
   */
  private static List<Endpoint> standard(String sub, String body, int defaultPort, boolean emptyMeansLocalhost) {
    if (!body.startsWith("//")) {
      if (emptyMeansLocalhost) {
        return List.of(hostEndpoint(sub, "localhost", defaultPort));
      }
      throw new InvalidEndpointException("malformed " + sub + " URL: expected //host");
    }
    String rest = body.substring(2);
    int end = rest.length();
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '/' || c == '?' || c == ';') {
        end = i;
        break;
      }
    }
    String hosts = rest.substring(0, end);
    int at = hosts.lastIndexOf('@');
    if (at >= 0) {
      hosts = hosts.substring(at + 1); // credentials before the host (supported by some drivers)
    }
    if (hosts.isEmpty()) {
      if (emptyMeansLocalhost) {
        return List.of(hostEndpoint(sub, "localhost", defaultPort));
      }
      throw new InvalidEndpointException("malformed " + sub + " URL: no host");
    }
    List<Endpoint> out = new ArrayList<>();
    for (String hp : splitHosts(hosts)) {
      out.add(hostPort(sub, hp, defaultPort));
    }
    return out;
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
    }
    b.host(host);
    b.port(port == null || port.isEmpty() ? defaultPort : Endpoints.parsePort(port));
    return b.build();
  }

  private static Endpoint hostEndpoint(String sub, String host, int port) {
    return Endpoint.builder(EndpointKind.JDBC).attribute("subprotocol", sub).host(host).port(port).build();
  }

  private static List<Endpoint> mysql(String sub, String body) {
    String b = body;
    if (b.startsWith("loadbalance:") || b.startsWith("replication:")) {
      b = b.substring(b.indexOf(':') + 1);
    }
    if (!b.startsWith("//")) {
      throw new InvalidEndpointException("malformed mysql URL: expected //host");
    }
    String rest = b.substring(2);
    int end = rest.length();
    int depth = 0;
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (depth == 0 && (c == '/' || c == '?')) {
        end = i;
        break;
      }
    }
    String hosts = rest.substring(0, end);
    if (hosts.isEmpty()) {
      return List.of(hostEndpoint(sub, "localhost", 3306));
    }
    List<Endpoint> out = new ArrayList<>();
    if (hosts.startsWith("[") && hosts.endsWith("]") && hosts.contains("(")) {
      hosts = hosts.substring(1, hosts.length() - 1);
    }
    for (String part : splitTopLevel(hosts)) {
      String p = part.strip();
      Matcher address = MYSQL_ADDRESS.matcher(p);
      if (address.matches()) {
        Map<String, String> kv = parenPairs(address.group(1));
        String host = kv.get("host");
        if (host == null) {
          throw new InvalidEndpointException("mysql address=(...) without host");
        }
        int port = kv.containsKey("port") ? Endpoints.parsePort(kv.get("port").strip()) : 3306;
        out.add(hostEndpoint(sub, host.strip(), port));
      } else if (p.startsWith("(") && p.endsWith(")")) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String pair : p.substring(1, p.length() - 1).split(",")) {
          int eq = pair.indexOf('=');
          if (eq > 0) {
            kv.put(pair.substring(0, eq).strip().toLowerCase(Locale.ROOT), pair.substring(eq + 1).strip());
          }
        }
        if (!kv.containsKey("host")) {
          throw new InvalidEndpointException("mysql (key=value) host without host");
        }
        int port = kv.containsKey("port") ? Endpoints.parsePort(kv.get("port")) : 3306;
        out.add(hostEndpoint(sub, kv.get("host"), port));
      } else {
        out.add(hostPort(sub, p.contains("@") ? p.substring(p.lastIndexOf('@') + 1) : p, 3306));
      }
    }
    return out;
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

  private static Map<String, String> parenPairs(String s) {
    Map<String, String> kv = new LinkedHashMap<>();
    Matcher m = PAREN_KV.matcher(s);
    while (m.find()) {
      kv.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
    }
    return kv;
  }

  /**
   * {@code //host[\instance][:port][;key=value...]}; {@code serverName} and {@code
   * failoverPartner} properties name hosts too, and every one must pass.
   */
  private static List<Endpoint> sqlServer(String sub, String body) {
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
    Map<String, String> props = new LinkedHashMap<>();
    if (semi >= 0) {
      for (String pair : rest.substring(semi + 1).split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          props.put(pair.substring(0, eq).strip().toLowerCase(Locale.ROOT), pair.substring(eq + 1).strip());
        }
      }
    }
    int port = props.containsKey("portnumber")
        ? Endpoints.parsePort(props.get("portnumber"))
        : props.containsKey("port") ? Endpoints.parsePort(props.get("port")) : 1433;
    List<String> hosts = new ArrayList<>();
    if (!server.isEmpty()) {
      hosts.add(server);
    }
    if (props.containsKey("servername")) {
      hosts.add(props.get("servername"));
    }
    if (props.containsKey("server")) {
      hosts.add(props.get("server"));
    }
    if (hosts.isEmpty()) {
      throw new InvalidEndpointException("malformed " + sub + " URL: no server");
    }
    List<Endpoint> out = new ArrayList<>();
    for (String h : hosts) {
      out.add(sqlServerHost(sub, h, port));
    }
    if (props.containsKey("failoverpartner")) {
      out.add(sqlServerHost(sub, props.get("failoverpartner"), port));
    }
    return out;
  }

  private static Endpoint sqlServerHost(String sub, String server, int defaultPort) {
    String s = server.strip();
    // "host\instance:port" and "tcp:host,port" (Azure's form) are both common.
    if (s.regionMatches(true, 0, "tcp:", 0, 4)) {
      s = s.substring(4);
    }
    int comma = s.indexOf(',');
    if (comma >= 0) {
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

  /**
   * {@code thin:@host:port:sid}, {@code thin:@//host:port/service}, {@code thin:user/pw@...},
   * {@code thin:@tcps://...}, or a TNS descriptor: every {@code (ADDRESS=(HOST=...))} must pass.
   * A bare TNS alias is looked up in {@code tnsnames.ora}, which we cannot see: it becomes an
   * endpoint whose host is the alias, and so stays unknown unless declared.
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
    // Credentials come before the first '@' that is followed by the connect descriptor.
    String descriptor = b.substring(at + 1).strip();
    if (descriptor.startsWith("(")) {
      List<Endpoint> out = new ArrayList<>();
      Matcher address = ORACLE_TNS_ADDRESS.matcher(descriptor);
      while (address.find()) {
        String a = address.group(1);
        Matcher host = ORACLE_TNS_HOST.matcher(a);
        if (!host.find()) {
          throw new InvalidEndpointException("oracle ADDRESS without HOST");
        }
        Matcher port = TNS_PORT.matcher(a);
        out.add(hostEndpoint("oracle", host.group(1), port.find() ? Endpoints.parsePort(port.group(1)) : 1521));
      }
      if (out.isEmpty()) {
        throw new InvalidEndpointException("oracle descriptor without ADDRESS");
      }
      return out;
    }
    String d = descriptor;
    if (d.regionMatches(true, 0, "tcps://", 0, 7) || d.regionMatches(true, 0, "tcp://", 0, 6)) {
      d = d.substring(d.indexOf("//") + 2);
    } else if (d.startsWith("//")) {
      d = d.substring(2);
    }
    int end = d.length();
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      if (c == '/' || c == '?') {
        end = i;
        break;
      }
    }
    String hostPart = d.substring(0, end);
    // host:port:sid (old form) keeps the SID after a second colon.
    if (!hostPart.startsWith("[")) {
      String[] pieces = hostPart.split(":");
      if (pieces.length == 3) {
        hostPart = pieces[0] + ":" + pieces[1];
      } else if (pieces.length > 3) {
        throw new InvalidEndpointException("malformed oracle host:port:sid");
      }
    }
    List<Endpoint> out = new ArrayList<>();
    for (String hp : splitHosts(hostPart)) {
      out.add(hostPort("oracle", hp, 1521));
    }
    return out;
  }

  private static List<Endpoint> h2(String body) {
    String b = body.toLowerCase(Locale.ROOT);
    if (b.startsWith("tcp://") || b.startsWith("ssl://")) {
      return standard("h2", body.substring(body.indexOf("//")), 9092, false);
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
      return standard("hsqldb", body.substring(body.indexOf("//")), 9001, false);
    }
    return List.of(embedded("hsqldb"));
  }
}
