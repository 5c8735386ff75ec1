package dev.residency.okhttp.internal;

import dev.residency.Endpoint;
import dev.residency.http.internal.HttpHops;
import java.net.InetAddress;
import java.util.List;
import okhttp3.Request;

/** Internal, may change without notice. OkHttp-specific endpoint building. */
final class Hops {
  private Hops() {}

  /**
   * The endpoint for a request (host, port, the path as sent, still encoded, and the method; never
   * the query), or {@code null} if unsafe.
   */
  static Endpoint of(Request request, List<InetAddress> addresses) {
    return HttpHops.endpoint(request.url().host(), request.url().port(), request.url().encodedPath(), request.method(), addresses);
  }
}
