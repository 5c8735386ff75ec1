package dev.residency.http.internal;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.InvalidEndpointException;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.internal.ProviderPaths;
import java.net.InetAddress;
import java.util.List;

/** Internal, may change without notice. Turns an HTTP hop into an {@link Endpoint} and decides it. */
public final class HttpHops {
  private HttpHops() {}

  /**
   * The endpoint for a hop, or {@code null} when the host cannot be normalized safely (the caller
   * then decides with {@link #decideInvalid}).
   *
   * @param path the path as sent on the wire (still percent-encoded), or {@code null} for a check of
   *     the host alone (a DNS lookup, a connection, a proxy)
   * @param method the request's HTTP method, or {@code null} with a {@code null} path: provider
   *     rules tell a read from a call that sends a prompt by it ({@link ProviderPaths#METHOD})
   */
  public static Endpoint endpoint(String host, int port, String path, String method, List<InetAddress> addresses) {
    try {
      Endpoint.Builder b = Endpoint.builder(EndpointKind.HTTP).host(host).port(port).path(path).addresses(addresses);
      if (method != null) {
        b.attribute(ProviderPaths.METHOD, method);
      }
      return b.build();
    } catch (InvalidEndpointException e) {
      return null;
    }
  }

  /** An audited DENY for a host that could not be turned into an endpoint. */
  public static Decision decideInvalid(ResidencyGuard guard, String host) {
    return guard.evaluateTarget(EndpointKind.HTTP, host).get(0);
  }

  /** Throws the call's {@link ResidencyIOException} when the decision blocks. */
  public static void throwIfBlocking(Decision d) throws ResidencyIOException {
    if (d.isBlocking()) {
      throw new ResidencyIOException(new ResidencyViolationException(d));
    }
  }
}
