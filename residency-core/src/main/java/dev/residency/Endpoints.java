package dev.residency;

import dev.residency.internal.HostNames;
import dev.residency.internal.JdbcUrls;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Parses what people and clients write (URLs, bare hosts, JDBC URLs, {@code s3://} and {@code
 * gs://} URIs, ARNs, Bedrock model ids) into {@link Endpoint}s.
 *
 * <p>The parser is strict where clients are lenient: the host it returns is the one an HTTP client
 * would connect to (after userinfo), or it refuses. Backslashes, percent-encoding or control
 * characters in the authority, several {@code @}, malformed ports, malformed or ambiguous IDN,
 * hex and octal IPv4 (the JDK and {@code inet_aton} read them as different addresses) and
 * {@code .}/{@code ..} path segments are refused with {@link InvalidEndpointException}, whose
 * message never repeats userinfo, passwords or query strings. A provider host that appears only in
 * the userinfo, path, query or fragment is never the host.
 *
 * <p>Thread-safe; stateless.
 */
public final class Endpoints {
  /** Bedrock model vendors, to tell a bare model id ({@code eu.anthropic.claude...}) from a host. */
  private static final Pattern BEDROCK_MODEL_ID =
      Pattern.compile(
          "(?:(?:eu|us|apac|jp|au|ca|us-gov|global)\\.)?"
              + "(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|writer|qwen|openai|twelvelabs|stability|luma|moonshot|minimax|google|nvidia)"
              + "\\.[a-z0-9][a-z0-9._-]*(?::[0-9]+)?(?::[0-9]+k)?",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*");

  private Endpoints() {}

  /**
   * Parses a target into its endpoints: one for most targets, one per host for multi-host JDBC URLs
   * (every one of them must be allowed).
   *
   * <p>A bare target is a Bedrock model id only when {@code kind} is {@link EndpointKind#LLM} or
   * {@code null}, it starts with a known vendor (after an optional geography such as {@code eu.})
   * and it has a {@code -} or {@code :} version, as every Bedrock id does; {@code openai.com} stays
   * a host.
   *
   * @param kind the client kind, or {@code null} to guess it from the target ({@link #guessKind})
   * @throws InvalidEndpointException when the target cannot be parsed safely
   */
  public static List<Endpoint> parseAll(EndpointKind kind, String target) {
    return parseAll(kind, target, Map.of());
  }

  /**
   * Parses a target and the connection properties that travel with it into endpoints, as {@link
   * #parseAll(EndpointKind, String)} does. Only JDBC URLs take properties (the {@code Properties}
   * of {@code Driver.connect(url, info)} or a pool's data-source properties): every host they name
   * is one more endpoint, and properties that route the connection where no host shows (a
   * PostgreSQL service, DNS SRV, a local socket) are refused.
   *
   * @param kind the client kind, or {@code null} to guess it from the target
   * @param properties connection properties, names as given; empty for none. Values may hold
   *     credentials and never appear in messages
   * @throws InvalidEndpointException when the target cannot be parsed safely, or properties are
   *     given with a target that is not a JDBC URL
   */
  public static List<Endpoint> parseAll(EndpointKind kind, String target, Map<String, String> properties) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(properties, "properties");
    String t = target.strip();
    if (t.isEmpty()) {
      throw new InvalidEndpointException("empty target");
    }
    EndpointKind k = kind != null ? kind : guessKind(t);
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:")) {
      return JdbcUrls.parse(t, properties);
    }
    if (!properties.isEmpty()) {
      throw new InvalidEndpointException("connection properties are only read with a JDBC URL");
    }
    if (lower.startsWith("arn:")) {
      return List.of(parseArn(k, t));
    }
    if (lower.startsWith("s3://") || lower.startsWith("gs://")) {
      return List.of(parseBucketUri(t));
    }
    int schemeEnd = t.indexOf("://");
    if (schemeEnd > 0 && SCHEME.matcher(t.substring(0, schemeEnd)).matches()) {
      return List.of(parseUrl(k, t));
    }
    if (k == EndpointKind.LLM && isBedrockModelId(t)) {
      return List.of(Endpoint.builder(EndpointKind.LLM).resource(t).build());
    }
    return List.of(parseHostPort(k, t));
  }

  /**
   * Guesses the client kind from the form of a target: JDBC URLs, {@code s3://}, {@code gs://},
   * S3 and GCS hosts, LLM API hosts and Bedrock model ids and ARNs; HTTP otherwise.
   */
  public static EndpointKind guessKind(String target) {
    String t = target.strip().toLowerCase(Locale.ROOT);
    if (t.startsWith("jdbc:")) {
      return EndpointKind.JDBC;
    }
    if (t.startsWith("s3://") || t.startsWith("arn:aws:s3:") || t.startsWith("arn:aws-cn:s3:")
        || t.startsWith("arn:aws-us-gov:s3:") || t.startsWith("arn:aws-eusc:s3:")) {
      return EndpointKind.S3;
    }
    if (t.startsWith("gs://")) {
      return EndpointKind.GCS;
    }
    if (t.startsWith("arn:") && t.contains(":bedrock:")) {
      return EndpointKind.LLM;
    }
    if (!t.contains("/") && isBedrockModelId(t)) {
      return EndpointKind.LLM;
    }
    String host = roughHost(t);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    // Whole labels only, as in location matching: "evilmistral.ai" or "bedrock.evil.com" are HTTP,
    // so kind-scoped policy facts never apply to a lookalike.
    String firstLabel = host.indexOf('.') >= 0 ? host.substring(0, host.indexOf('.')) : host;
    boolean aws = HostNames.isSameOrSubdomain(host, "amazonaws.com") || HostNames.isSameOrSubdomain(host, "amazonaws.com.cn")
        || HostNames.isSameOrSubdomain(host, "api.aws");
    if ((aws && firstLabel.startsWith("bedrock"))
        || (HostNames.isSameOrSubdomain(host, "googleapis.com")
            && (firstLabel.equals("aiplatform") || firstLabel.endsWith("-aiplatform")
                || firstLabel.equals("generativelanguage")))
        || HostNames.isSameOrSubdomain(host, "api.openai.com") || HostNames.isSameOrSubdomain(host, "openai.azure.com")
        || HostNames.isSameOrSubdomain(host, "api.anthropic.com") || HostNames.isSameOrSubdomain(host, "mistral.ai")
        || host.equals("openrouter.ai") || HostNames.isSameOrSubdomain(host, "services.ai.azure.com")) {
      return EndpointKind.LLM;
    }
    if (host.startsWith("s3.") || host.startsWith("s3-") || host.contains(".s3.") || host.contains(".s3-")) {
      return EndpointKind.S3; // S3-compatible stores use the same host forms outside amazonaws.com
    }
    if (firstLabel.equals("storage") && HostNames.isSameOrSubdomain(host, "googleapis.com")) {
      return EndpointKind.GCS;
    }
    return EndpointKind.HTTP;
  }

  /**
   * A vendor-prefixed id whose name has a '-' or a ':' version ({@code anthropic.claude-3-haiku-...
   * -v1:0}, {@code amazon.titan-text-express-v1}). Every Bedrock model id has one; bare hosts such
   * as {@code openai.com}, {@code mistral.ai} or {@code amazon.de} do not, and must stay hosts.
   */
  private static boolean isBedrockModelId(String t) {
    if (!BEDROCK_MODEL_ID.matcher(t).matches()) {
      return false;
    }
    String tail = t.substring(t.lastIndexOf('.') + 1);
    return t.indexOf('-') >= 0 || t.indexOf(':') >= 0 || !tail.chars().allMatch(Character::isLetter);
  }

  private static String roughHost(String t) {
    int start = t.indexOf("://");
    String rest = start >= 0 ? t.substring(start + 3) : t;
    int end = rest.length();
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '/' || c == '?' || c == '#' || c == ':') {
        end = i;
        break;
      }
    }
    rest = rest.substring(0, end);
    int at = rest.lastIndexOf('@');
    return at >= 0 ? rest.substring(at + 1) : rest;
  }

  /**
   * Parses an absolute URL ({@code http}, {@code https}, {@code ws}, {@code wss} or any
   * {@code scheme://authority}). The host is what the client would connect to: the text after the
   * single {@code @}, if any.
   *
   * @throws InvalidEndpointException when the URL cannot be parsed safely
   */
  public static Endpoint parseUrl(EndpointKind kind, String url) {
    Objects.requireNonNull(kind, "kind");
    int schemeEnd = url.indexOf("://");
    if (schemeEnd <= 0 || !SCHEME.matcher(url.substring(0, schemeEnd)).matches()) {
      throw new InvalidEndpointException("not an absolute URL with scheme://");
    }
    String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    int authorityStart = schemeEnd + 3;
    int authorityEnd = url.length();
    for (int i = authorityStart; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        authorityEnd = i;
        break;
      }
    }
    String authority = url.substring(authorityStart, authorityEnd);
    String rest = url.substring(authorityEnd);
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new InvalidEndpointException("URL contains a control character");
      }
    }
    if (authority.indexOf('\\') >= 0 || rest.indexOf('\\') >= 0) {
      // WHATWG clients read '\' as '/', java.net.URI refuses it: no single answer, so refuse.
      throw new InvalidEndpointException("URL contains a backslash");
    }
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      if (authority.indexOf('@') != at) {
        throw new InvalidEndpointException("URL authority contains more than one '@'");
      }
      authority = authority.substring(at + 1);
    }
    Endpoint.Builder b = Endpoint.builder(kind);
    hostAndPort(b, authority, defaultPort(scheme));
    String path = rest;
    int q = path.indexOf('?');
    int f = path.indexOf('#');
    int cut = q >= 0 && f >= 0 ? Math.min(q, f) : Math.max(q, f);
    if (cut >= 0) {
      path = path.substring(0, cut);
    }
    if (path.isEmpty()) {
      path = "/";
    }
    if (hasDotSegment(path)) {
      // Clients resolve "/a/../b" differently (OkHttp removes dot segments, java.net.http sends
      // them); provider rules read regions from the path, so an ambiguous path is refused.
      throw new InvalidEndpointException("URL path contains a '.' or '..' segment");
    }
    return b.path(path).build();
  }

  private static boolean hasDotSegment(String path) {
    for (String segment : path.split("/", -1)) {
      String s = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
      if (s.equals(".") || s.equals("..")) {
        return true;
      }
    }
    return false;
  }

  private static Endpoint parseHostPort(EndpointKind kind, String target) {
    if (target.indexOf('/') >= 0 || target.indexOf('@') >= 0 || target.indexOf('\\') >= 0) {
      throw new InvalidEndpointException("not a URL (scheme://...) and not a bare host[:port]");
    }
    Endpoint.Builder b = Endpoint.builder(kind);
    // A bare IPv6 literal ("::1", "2001:db8::1") has several colons and no brackets.
    if (target.indexOf(':') != target.lastIndexOf(':') && target.charAt(0) != '[') {
      return b.host(target).build();
    }
    hostAndPort(b, target, -1);
    return b.build();
  }

  /** Reads {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port} into the builder. */
  static void hostAndPort(Endpoint.Builder b, String authority, int defaultPort) {
    String host;
    String port = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new InvalidEndpointException("unterminated IPv6 literal");
      }
      host = authority.substring(0, close + 1);
      String after = authority.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw new InvalidEndpointException("junk after IPv6 literal");
        }
        port = after.substring(1);
      }
    } else {
      int colon = authority.lastIndexOf(':');
      if (colon >= 0) {
        host = authority.substring(0, colon);
        port = authority.substring(colon + 1);
      } else {
        host = authority;
      }
    }
    if (host.isEmpty()) {
      throw new InvalidEndpointException("empty host");
    }
    b.host(host);
    b.port(port == null ? defaultPort : parsePort(port));
  }

  /** Parses a port: 1-5 ASCII digits, 0-65535. */
  public static int parsePort(String port) {
    if (port.isEmpty() || port.length() > 5) {
      throw new InvalidEndpointException("malformed port");
    }
    int value = 0;
    for (int i = 0; i < port.length(); i++) {
      char c = port.charAt(i);
      if (c < '0' || c > '9') {
        throw new InvalidEndpointException("malformed port");
      }
      value = value * 10 + (c - '0');
    }
    if (value > 65535) {
      throw new InvalidEndpointException("port out of range");
    }
    return value;
  }

  private static int defaultPort(String scheme) {
    switch (scheme) {
      case "http":
      case "ws":
        return 80;
      case "https":
      case "wss":
        return 443;
      default:
        return -1;
    }
  }

  private static Endpoint parseBucketUri(String uri) {
    boolean s3 = uri.regionMatches(true, 0, "s3://", 0, 5);
    String rest = uri.substring(5);
    int slash = rest.indexOf('/');
    String bucket = slash >= 0 ? rest.substring(0, slash) : rest;
    if (!bucket.matches("[a-z0-9][a-z0-9._-]{1,221}[a-z0-9]")) {
      throw new InvalidEndpointException("not a valid bucket name");
    }
    return Endpoint.builder(s3 ? EndpointKind.S3 : EndpointKind.GCS).resource(bucket).build();
  }

  /**
   * Parses an ARN ({@code arn:partition:service:region:account:resource}). The endpoint has no
   * host; the resource is the whole ARN, for the resolver to interpret (access points, Multi-Region
   * Access Points, Bedrock models and inference profiles).
   */
  private static Endpoint parseArn(EndpointKind kind, String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length < 6 || parts[1].isEmpty() || parts[2].isEmpty() || parts[5].isEmpty()) {
      throw new InvalidEndpointException("malformed ARN");
    }
    for (int i = 0; i < arn.length(); i++) {
      char c = arn.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new InvalidEndpointException("ARN contains a space, control or non-ASCII character");
      }
    }
    if (!parts[1].matches("aws(-cn|-us-gov|-eusc|-iso|-iso-b)?")) {
      throw new InvalidEndpointException("unknown ARN partition");
    }
    if (!parts[3].isEmpty() && !parts[3].matches("[a-z]{2}(-[a-z]+)+-[0-9]+")) {
      throw new InvalidEndpointException("malformed region in ARN");
    }
    return Endpoint.builder(kind).resource(arn).build();
  }
}
