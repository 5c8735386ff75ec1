package dev.residency.internal;

import dev.residency.Endpoint;
import dev.residency.Location;
import dev.residency.Region;
import dev.residency.RegionCatalog;
import dev.residency.Scope;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google Cloud hosts: Vertex AI regional, multi-region and global endpoints, regional endpoints
 * ({@code SERVICE.LOCATION.rep.googleapis.com}), the Cloud Storage and Gemini API global
 * endpoints. Internal, may change without notice. Thread-safe.
 *
 * <p>Returns {@code null} for hosts outside {@code googleapis.com}.
 */
final class GcpRules {
  private static final String DOMAIN = "googleapis.com";
  private static final Pattern LOCATION_IN_PATH = Pattern.compile("/locations/([^/:?#]+)");
  /** Path keywords of Google's resource names that a Vertex AI location is read from. */
  private static final Set<String> VERTEX_KEYWORDS = Set.of("projects", "locations");
  private static final Pattern LOCATION_SYNTAX = Pattern.compile("[a-z][a-z0-9-]{1,40}");

  private final RegionCatalog catalog;

  GcpRules(RegionCatalog catalog) {
    this.catalog = catalog;
  }

  Location resolveHost(Endpoint e) {
    String host = e.host();
    if (!HostNames.isSameOrSubdomain(host, DOMAIN) || host.length() == DOMAIN.length()) {
      return null;
    }
    String sub = host.substring(0, host.length() - DOMAIN.length() - 1);
    String[] labels = sub.split("\\.");
    boolean vertex = sub.endsWith("-aiplatform") && labels.length == 1
        || labels.length == 3 && labels[0].equals("aiplatform") && labels[2].equals("rep");
    String location = null;
    if (vertex && e.path() != null) {
      // The region depends on the path's locations/X: read it only from a canonical path.
      String why = ProviderPaths.whyNotCanonical(e.path(), VERTEX_KEYWORDS);
      List<String> segments = why == null ? ProviderPaths.segments(e.path()) : List.of();
      if (why == null) {
        why = vertexLocationProblem(segments);
      }
      if (why != null) {
        return Location.unknown("Vertex AI request path on " + host + " cannot be read (" + why
            + "): a server may find another location in it");
      }
      location = vertexLocation(segments);
    } else if (!vertex) {
      location = pathLocation(e.path());
    }

    // Vertex AI global endpoint, and any request for locations/global.
    // Source: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations#global-endpoint
    if (sub.equals("aiplatform")) {
      return Location.global("gcp", "Vertex AI global endpoint aiplatform.googleapis.com: processed in any region");
    }
    // Vertex AI regional endpoints REGION-aiplatform.googleapis.com; the path's locations/X must
    // be the same region. Source: https://cloud.google.com/vertex-ai/docs/general/locations
    if (sub.endsWith("-aiplatform") && labels.length == 1) {
      String code = sub.substring(0, sub.length() - "-aiplatform".length());
      if ("global".equals(location)) {
        return Location.global("gcp", "Vertex AI request for locations/global: processed in any region");
      }
      Region r = catalog.find("gcp", code);
      if (!LOCATION_SYNTAX.matcher(code).matches() || r == null) {
        return Location.unknown("Vertex AI host " + host + " names region " + code + ", which is not in the region catalog");
      }
      if (r.scope() != Scope.REGION) {
        return Location.unknown(
            "Vertex AI host " + host + " names multi-region " + code
                + "; multi-region Vertex endpoints are aiplatform." + code + ".rep.googleapis.com");
      }
      if (location != null && !location.equals(code)) {
        return Location.unknown("Vertex AI host " + host + " is in " + code + " but the request names locations/" + location);
      }
      return Location.of(r, "Vertex AI regional endpoint " + host);
    }
    // Regional endpoints SERVICE.LOCATION.rep.googleapis.com (Cloud Storage, Vertex AI multi-region
    // aiplatform.eu.rep / aiplatform.us.rep, ...) process requests only in LOCATION. Sources:
    // https://cloud.google.com/storage/docs/regional-endpoints,
    // https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations#multi-region-endpoints
    if (labels.length == 3 && labels[2].equals("rep")) {
      String code = labels[1];
      Region r = LOCATION_SYNTAX.matcher(code).matches() ? catalog.find("gcp", code) : null;
      if (r == null) {
        return Location.unknown("Google regional endpoint " + host + " names location " + code + ", which is not in the region catalog");
      }
      if ("global".equals(location)) {
        return Location.global("gcp", "request for locations/global on " + host + ": processed in any region");
      }
      if (location != null && labels[0].equals("aiplatform") && !location.equals(code)) {
        return Location.unknown("Vertex AI host " + host + " is in " + code + " but the request names locations/" + location);
      }
      return Location.of(r, "Google regional endpoint " + host);
    }
    // Cloud Storage global endpoints: storage.googleapis.com, BUCKET.storage.googleapis.com and the
    // JSON API under www.googleapis.com/storage. The endpoint may process anywhere; where the bucket
    // stores the data is a separate check. Source: https://cloud.google.com/storage/docs/request-endpoints
    if (sub.equals("storage") || sub.endsWith(".storage")) {
      return Location.global(
          "gcp", "Cloud Storage global endpoint " + host + ": requests may be processed in any region "
              + "(the bucket's own location is a separate question; use storage.LOCATION.rep.googleapis.com to pin it)");
    }
    if (sub.equals("www") && e.path() != null
        && (e.path().startsWith("/storage/") || e.path().startsWith("/upload/storage/") || e.path().startsWith("/batch/storage/"))) {
      return Location.global(
          "gcp", "Cloud Storage JSON API on www.googleapis.com: requests may be processed in any region "
              + "(the bucket's own location is a separate question)");
    }
    // Gemini API. Source: https://ai.google.dev/gemini-api/docs (no regional endpoint is documented).
    if (sub.equals("generativelanguage")) {
      return Location.global("gcp", "Gemini API generativelanguage.googleapis.com: processed in any region");
    }
    return null;
  }

  /** Why a canonical Vertex AI path's location cannot be read (not a lower-case location id), or null. */
  private static String vertexLocationProblem(List<String> segments) {
    for (int i = 0; i + 1 < segments.size(); i++) {
      if (segments.get(i).equals("locations") && !LOCATION_SYNTAX.matcher(locationId(segments.get(i + 1))).matches()) {
        return "the segment after 'locations' is not a location id";
      }
    }
    return null;
  }

  /**
   * The location a canonical Vertex AI path names ({@code .../locations/X/...}, or {@code
   * locations/X:method}), null when none, or a marker that equals no location when it names
   * several (a request for two locations stays unknown).
   */
  private static String vertexLocation(List<String> segments) {
    String found = null;
    for (int i = 0; i + 1 < segments.size(); i++) {
      if (segments.get(i).equals("locations")) {
        String l = locationId(segments.get(i + 1));
        if (found != null && !found.equals(l)) {
          return "(several locations)";
        }
        found = l;
      }
    }
    return found;
  }

  private static String locationId(String segment) {
    int colon = segment.indexOf(':');
    return colon < 0 ? segment : segment.substring(0, colon);
  }

  /** The {@code locations/X} segment of a Google API path, lower-cased, or null. */
  private static String pathLocation(String path) {
    if (path == null) {
      return null;
    }
    Matcher m = LOCATION_IN_PATH.matcher(path);
    String found = null;
    while (m.find()) {
      String l = m.group(1).toLowerCase(java.util.Locale.ROOT);
      if (found != null && !found.equals(l)) {
        return "(several locations)"; // never equals a region, so the request stays unknown
      }
      found = l;
    }
    return found;
  }
}
