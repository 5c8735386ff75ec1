package dev.residency.okhttp.internal;

import dev.residency.Endpoint;
import dev.residency.http.internal.HttpHops;
import java.net.InetAddress;
import java.util.List;
import okhttp3.HttpUrl;

/** Internal, may change without notice. OkHttp-specific endpoint building. */
final class Hops {
  private Hops() {}

  /** The endpoint for a URL (host, port, path; never the query), or {@code null} if unsafe. */
  static Endpoint of(HttpUrl url, List<InetAddress> addresses) {
    return HttpHops.endpoint(url.host(), url.port(), url.encodedPath(), addresses);
  }
}
