package dev.residency.internal;

import dev.residency.Endpoint;
import dev.residency.Location;
import dev.residency.Region;
import dev.residency.RegionCatalog;
import dev.residency.Scope;
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
    String location = pathLocation(e.path());

    // Vertex AI global endpoint, and any request for locations/global.
    // Source: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations#global-endpoint
    if (sub.equals("aiplatform")) {
      return Location.global("gcp", "Vertex AI global endpoint aiplatform.googleapis.com: processed in any region");
    }
    // Vertex AI regional endpoints REGION-aiplatform.googleapis.com; the path's locations/X must
    // be the same region. Source: https://cloud.google.com/vertex-ai/docs/general/locations
    if (sub.endsWith("-aiplatform") && sub.indexOf('.') < 0) {
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
    String[] labels = sub.split("\\.");
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
