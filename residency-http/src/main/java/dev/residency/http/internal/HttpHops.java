package dev.residency.http.internal;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.InvalidEndpointException;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import java.net.InetAddress;
import java.util.List;

/** Internal, may change without notice. Turns an HTTP hop into an {@link Endpoint} and decides it. */
public final class HttpHops {
  private HttpHops() {}

  /**
   * The endpoint for a hop, or {@code null} when the host cannot be normalized safely (the caller
   * then decides with {@link #decideInvalid}).
   */
  public static Endpoint endpoint(String host, int port, String path, List<InetAddress> addresses) {
    try {
      return Endpoint.builder(EndpointKind.HTTP).host(host).port(port).path(path).addresses(addresses).build();
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
