package dev.residency.gcs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpTransport;
import dev.residency.storage.internal.TtlCache;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds and caches where GCS buckets keep their data, from the bucket resource of the JSON API
 * ({@code location}, {@code locationType}, {@code customPlacementConfig.dataLocations}). Internal,
 * may change without notice. Thread-safe.
 */
public final class BucketLocations {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TtlCache<String, List<String>> cache;
  private final int timeoutMillis;

  public BucketLocations(Duration ttl, int maxSize, Duration timeout) {
    this.cache = new TtlCache<>(ttl.toNanos(), maxSize, System::nanoTime);
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }

  /**
   * The catalog ids of the places the bucket keeps data: one for a region, predefined dual-region
   * or multi-region ({@code gcp:europe-west3}, {@code gcp:eur4}, {@code gcp:eu}), one per data
   * location for a configurable dual-region.
   *
   * @param base scheme, host and port of the endpoint the client uses
   * @throws IOException when the bucket resource cannot be read; the caller must refuse
   */
  public List<String> locationsOf(
      HttpTransport transport, HttpRequestInitializer initializer, String base, String bucket) throws IOException {
    String key = base + '|' + bucket;
    List<String> ids = cache.get(key);
    if (ids == null) {
      ids = lookUp(transport, initializer, base, bucket);
      cache.put(key, ids);
    }
    return ids;
  }

  /** Number of cached buckets (for tests). */
  public int cachedBuckets() {
    return cache.size();
  }

  private List<String> lookUp(HttpTransport transport, HttpRequestInitializer initializer, String base, String bucket)
      throws IOException {
    GenericUrl url = new GenericUrl(base + "/storage/v1/b/" + bucket);
    url.set("fields", "location,locationType,customPlacementConfig");
    // The unwrapped initializer: credentials and headers as for the call itself, no residency hook.
    HttpRequest get = transport.createRequestFactory(initializer).buildGetRequest(url);
    get.setConnectTimeout(timeoutMillis);
    get.setReadTimeout(timeoutMillis);
    get.setThrowExceptionOnExecuteError(true);
    HttpResponse response = get.execute();
    JsonNode bucketResource;
    try (InputStream in = response.getContent()) {
      bucketResource = JSON.readTree(in);
    } finally {
      response.disconnect();
    }
    return locations(bucketResource);
  }

  /** Catalog ids for a bucket resource (or a bucket-insert body); the JSON API default is {@code US}. */
  public static List<String> locations(JsonNode bucket) {
    List<String> ids = new ArrayList<>(2);
    JsonNode dataLocations = bucket == null ? null : bucket.path("customPlacementConfig").path("dataLocations");
    if (dataLocations != null && dataLocations.isArray() && dataLocations.size() > 0) {
      // A configurable dual-region is no catalog entry: each data location must pass on its own.
      for (JsonNode l : dataLocations) {
        ids.add("gcp:" + l.asText().trim().toLowerCase(Locale.ROOT));
      }
      return List.copyOf(ids);
    }
    String location = bucket == null ? "" : bucket.path("location").asText("");
    if (location.isBlank()) {
      // Documented default of buckets.insert: the US multi-region.
      location = "US";
    }
    return List.of("gcp:" + location.trim().toLowerCase(Locale.ROOT));
  }
}
