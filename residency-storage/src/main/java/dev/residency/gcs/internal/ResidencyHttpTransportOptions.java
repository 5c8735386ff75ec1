package dev.residency.gcs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpContent;
import com.google.api.client.http.HttpExecuteInterceptor;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP transport options whose request initializer adds a residency check to every request the
 * Storage client builds (JSON API metadata, media uploads and downloads, resumable chunks).
 * Internal, may change without notice. Thread-safe.
 *
 * <p>The check runs in an {@link HttpExecuteInterceptor}, before the credentials interceptor, and
 * decides once per {@link HttpRequest}: google-http-client retries of the same request are not
 * decided or audited again.
 */
public final class ResidencyHttpTransportOptions extends HttpTransportOptions {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The global endpoint: data at rest stays in the bucket's location, processing may not. */
  public static final String GLOBAL_HOST = "storage.googleapis.com";

  private static final Pattern BUCKET_PATH =
      Pattern.compile("^(?:/upload|/download)?/storage/v1/b/([^/?#]+)(/o(?:/|$).*)?$");
  private static final Pattern COPY_DESTINATION = Pattern.compile("/(?:rewriteTo|copyTo)/b/([^/?#]+)/o/");

  private final transient ResidencyGuard guard;
  private final transient BucketLocations locations;
  private final boolean requireRegionalEndpoint;

  public ResidencyHttpTransportOptions(
      HttpTransportOptions original, ResidencyGuard guard, BucketLocations locations, boolean requireRegionalEndpoint) {
    super(original.toBuilder());
    this.guard = guard;
    this.locations = locations;
    this.requireRegionalEndpoint = requireRegionalEndpoint;
  }

  @Override
  public HttpRequestInitializer getHttpRequestInitializer(ServiceOptions<?, ?> serviceOptions) {
    HttpRequestInitializer original = super.getHttpRequestInitializer(serviceOptions);
    return request -> {
      original.initialize(request);
      HttpExecuteInterceptor next = request.getInterceptor();
      request.setInterceptor(new Check(original, next));
    };
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof ResidencyHttpTransportOptions && super.equals(obj);
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }

  /** One per HttpRequest: decides on its first execution only. */
  private final class Check implements HttpExecuteInterceptor {
    private final HttpRequestInitializer unchecked;
    private final HttpExecuteInterceptor next;
    private boolean decided;

    Check(HttpRequestInitializer unchecked, HttpExecuteInterceptor next) {
      this.unchecked = unchecked;
      this.next = next;
    }

    @Override
    public void intercept(HttpRequest request) throws IOException {
      if (!decided) {
        decided = true;
        decide(request, unchecked);
      }
      if (next != null) {
        next.intercept(request);
      }
    }
  }

  private void decide(HttpRequest request, HttpRequestInitializer unchecked) throws IOException {
    GenericUrl url = request.getUrl();
    String host = url.getHost().toLowerCase(Locale.ROOT);
    int port = url.getPort() >= 0 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    // Every check of this request is decided here and recorded once: one audit event per request.
    List<Decision> decisions = new ArrayList<>(3);

    // 1. The endpoint. The global one is judged by the bucket's location unless regional endpoints are required.
    if (requireRegionalEndpoint || !GLOBAL_HOST.equals(host)) {
      decisions.add(guard.decide(Endpoint.builder(EndpointKind.GCS).host(host).port(port).path(path).build()));
      if (decisions.get(0).isBlocking()) {
        check(guard.record(decisions));
      }
    }

    String base = url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
    Matcher m = BUCKET_PATH.matcher(path);
    if ("POST".equals(request.getRequestMethod()) && path.endsWith("/storage/v1/b")) {
      // 2. Bucket creation: the requested location must be allowed.
      JsonNode body = body(request.getContent());
      String name = body == null ? null : body.path("name").asText(null);
      for (String id : BucketLocations.locations(body)) {
        decisions.add(guard.decide(bucketEndpoint(host, port, name, id)));
      }
    } else if (m.matches() && m.group(2) != null) {
      // 3. Object reads and writes: the bucket's location; 4. copy and rewrite destinations too.
      bucketDecisions(decisions, request, unchecked, base, host, port, m.group(1));
      Matcher dst = COPY_DESTINATION.matcher(path);
      if (dst.find()) {
        bucketDecisions(decisions, request, unchecked, base, host, port, dst.group(1));
      }
    }
    // Bucket metadata, listings, projects, batch on the global host: no object data moves (see README).
    if (!decisions.isEmpty()) {
      check(guard.record(decisions));
    }
  }

  private void bucketDecisions(List<Decision> decisions, HttpRequest request, HttpRequestInitializer unchecked,
      String base, String host, int port, String bucket) {
    List<String> ids;
    try {
      ids = locations.locationsOf(request.getTransport(), unchecked, base, bucket);
    } catch (IOException | RuntimeException e) {
      Endpoint ep = Endpoint.builder(EndpointKind.GCS).host(host).port(port).resource(bucket).build();
      decisions.add(guard.failClosed(ep, "gcs.bucketLocation",
          "the bucket's location could not be read (" + e.getClass().getSimpleName() + ")"));
      return;
    }
    for (String id : ids) {
      decisions.add(guard.decide(bucketEndpoint(host, port, bucket, id)));
    }
  }

  private static Endpoint bucketEndpoint(String host, int port, String bucket, String locationId) {
    return Endpoint.builder(EndpointKind.GCS)
        .host(host)
        .port(port)
        .resource(bucket)
        .resourceLocation(locationId)
        .build();
  }

  private static JsonNode body(HttpContent content) throws IOException {
    if (content == null) {
      return null;
    }
    // JsonHttpContent serializes its data object again on every write, so reading it here is safe.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    content.writeTo(out);
    return out.size() == 0 ? null : JSON.readTree(out.toByteArray());
  }

  private static void check(Decision d) throws ResidencyIOException {
    if (d.isBlocking()) {
      throw new ResidencyIOException(new ResidencyViolationException(d));
    }
  }
}
