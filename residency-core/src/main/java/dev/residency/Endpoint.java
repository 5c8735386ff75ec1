package dev.residency;

import dev.residency.internal.HostNames;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a wrapper wants to reach: the kind of client, the normalized host and port, and whatever
 * else decides placement (the request path for Bedrock and Vertex, a bucket, a model or deployment,
 * a location the client learned from the provider, resolved addresses).
 *
 * <p>Hosts are normalized on the way in: lower case, IDN to ASCII (UTS #46 separators), trailing
 * dot removed, IPv4 in decimal forms ({@code 2130706433}, {@code 127.1}) to dotted quad, IPv6
 * compressed and IPv4-mapped IPv6 to IPv4. Hex and octal IPv4 forms are refused, because the JDK
 * and {@code inet_aton} read them as different addresses. A host that cannot be normalized safely
 * is rejected with {@link InvalidEndpointException}.
 *
 * <p>Immutable and thread-safe; equal endpoints get equal decisions, so they are cache keys. The
 * path and attributes are never written to audit events.
 */
public final class Endpoint {
  private final EndpointKind kind;
  private final String host;
  private final int port;
  private final String path;
  private final String resource;
  private final String resourceLocation;
  private final List<InetAddress> addresses;
  private final Map<String, String> attributes;
  private final int hash;

  private Endpoint(Builder b) {
    this.kind = b.kind;
    this.host = b.host;
    this.port = b.port;
    this.path = b.path;
    this.resource = b.resource;
    this.resourceLocation = b.resourceLocation;
    this.addresses = List.copyOf(b.addresses);
    this.attributes = Map.copyOf(b.attributes);
    this.hash = Objects.hash(kind, host, port, path, resource, resourceLocation, addresses, attributes);
  }

  /** Starts an endpoint of this kind. */
  public static Builder builder(EndpointKind kind) {
    return new Builder(Objects.requireNonNull(kind, "kind"));
  }

  /**
   * Parses a URL (or a bare host, {@code host:port}, JDBC URL, {@code s3://} or {@code gs://} URI,
   * ARN or Bedrock model id) into one endpoint. For JDBC URLs with several hosts use {@link
   * Endpoints#parseAll(EndpointKind, String)}: this method rejects them.
   *
   * @param kind the kind of client, or {@code null} to guess it from the target's form
   * @throws InvalidEndpointException when the target cannot be parsed safely
   */
  public static Endpoint parse(EndpointKind kind, String target) {
    List<Endpoint> all = Endpoints.parseAll(kind, target);
    if (all.size() != 1) {
      throw new InvalidEndpointException("target names " + all.size() + " hosts; use Endpoints.parseAll");
    }
    return all.get(0);
  }

  /** The kind of client. */
  public EndpointKind kind() {
    return kind;
  }

  /** The normalized host name or IP literal (IPv6 without brackets); {@code null} when none applies. */
  public String host() {
    return host;
  }

  /** The port, or -1 when not known. */
  public int port() {
    return port;
  }

  /** The request path, percent-encoded as sent, or {@code null}. Used for provider rules; never audited. */
  public String path() {
    return path;
  }

  /** The resource that decides placement (bucket, model id, deployment), or {@code null}. */
  public String resource() {
    return resource;
  }

  /**
   * A location the client learned from the provider for {@link #resource()} (a bucket's region,
   * say), as a catalog id or provider code, or {@code null}.
   */
  public String resourceLocation() {
    return resourceLocation;
  }

  /** Addresses the host resolved to, when the wrapper knows them; otherwise empty. */
  public List<InetAddress> addresses() {
    return addresses;
  }

  /** Provider-specific facts read from the request, e.g. {@code inference_geo}; never audited. */
  public Map<String, String> attributes() {
    return attributes;
  }

  /** The attribute's value or {@code null}. */
  public String attribute(String name) {
    return attributes.get(name);
  }

  /** A new builder holding this endpoint's values. */
  public Builder toBuilder() {
    Builder b = new Builder(kind);
    b.host = host;
    b.port = port;
    b.path = path;
    b.resource = resource;
    b.resourceLocation = resourceLocation;
    b.addresses = addresses;
    b.attributes = new TreeMap<>(attributes);
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Endpoint)) {
      return false;
    }
    Endpoint e = (Endpoint) o;
    return hash == e.hash
        && kind == e.kind
        && port == e.port
        && Objects.equals(host, e.host)
        && Objects.equals(path, e.path)
        && Objects.equals(resource, e.resource)
        && Objects.equals(resourceLocation, e.resourceLocation)
        && addresses.equals(e.addresses)
        && attributes.equals(e.attributes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** {@code KIND host:port [resource]}; never the path or attributes. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder().append(kind).append(' ').append(displayHost());
    if (port >= 0) {
      sb.append(':').append(port);
    }
    if (resource != null) {
      sb.append(" [").append(resource).append(']');
    }
    return sb.toString();
  }

  /** The host as it would appear in a URL (IPv6 in brackets), or {@code -} when none. */
  public String displayHost() {
    if (host == null) {
      return "-";
    }
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  /** Builds an {@link Endpoint}. Not thread-safe. */
  public static final class Builder {
    private final EndpointKind kind;
    private String host;
    private int port = -1;
    private String path;
    private String resource;
    private String resourceLocation;
    private List<InetAddress> addresses = List.of();
    private Map<String, String> attributes = new TreeMap<>();

    private Builder(EndpointKind kind) {
      this.kind = kind;
    }

    /**
     * Sets the host, normalizing it (see the class description).
     *
     * @throws InvalidEndpointException when the host cannot be normalized safely
     */
    public Builder host(String host) {
      this.host = HostNames.normalize(Objects.requireNonNull(host, "host"));
      return this;
    }

    /** Sets the port, 0-65535, or -1 for unknown. */
    public Builder port(int port) {
      if (port < -1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** Sets the request path (may be {@code null}). */
    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /** Sets the resource that decides placement: a bucket, model id or deployment name. */
    public Builder resource(String resource) {
      this.resource = resource;
      return this;
    }

    /** Sets the location the provider reported for the resource (catalog id or provider code). */
    public Builder resourceLocation(String resourceLocation) {
      this.resourceLocation = resourceLocation;
      return this;
    }

    /** Sets the addresses the host resolved to. */
    public Builder addresses(List<InetAddress> addresses) {
      this.addresses = List.copyOf(addresses);
      return this;
    }

    /** Adds a provider-specific attribute read from the request (e.g. {@code inference_geo}). */
    public Builder attribute(String name, String value) {
      attributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Builds the endpoint. */
    public Endpoint build() {
      return new Endpoint(this);
    }
  }
}
