package dev.residency.gcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Just enough of the GCS JSON API for the Storage client: bucket resources with locations, bucket
 * insert, multipart uploads, media downloads and rewrite. Records every request it receives.
 */
final class FakeGcsServer extends Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BUCKET = Pattern.compile("^/storage/v1/b/([^/]+)$");
  private static final Pattern OBJECT = Pattern.compile("^(?:/download)?/storage/v1/b/([^/]+)/o/([^/]+)$");
  private static final Pattern UPLOAD = Pattern.compile("^/upload/storage/v1/b/([^/]+)/o$");
  private static final Pattern REWRITE = Pattern.compile("^/storage/v1/b/([^/]+)/o/([^/]+)/rewriteTo/b/([^/]+)/o/([^/]+)$");

  final Map<String, ObjectNode> buckets = new ConcurrentHashMap<>();
  final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  volatile int bucketStatus = 200;

  /** Adds a bucket; {@code dataLocations} makes it a configurable dual-region. */
  void bucket(String name, String location, String locationType, String... dataLocations) {
    ObjectNode b = JSON.createObjectNode().put("kind", "storage#bucket").put("name", name).put("id", name)
        .put("location", location).put("locationType", locationType);
    if (dataLocations.length > 0) {
      b.putObject("customPlacementConfig").putArray("dataLocations").addAll(
          java.util.Arrays.stream(dataLocations).map(JSON.getNodeFactory()::textNode).toList());
    }
    buckets.put(name, b);
  }

  long count(String prefix) {
    return requests.stream().filter(r -> r.startsWith(prefix)).count();
  }

  /** The request body, un-gzipped: the client compresses JSON and multipart bodies. */
  private static byte[] body(RecordedRequest r) throws java.io.IOException {
    byte[] raw = r.getBody() == null ? new byte[0] : r.getBody().toByteArray();
    if ("gzip".equalsIgnoreCase(r.getHeaders().get("Content-Encoding"))) {
      try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
        return in.readAllBytes();
      }
    }
    return raw;
  }

  /** Object name and media of a multipart/related upload: a JSON part, then the media part. */
  private static String[] multipart(RecordedRequest r, byte[] body) {
    String type = r.getHeaders().get("Content-Type");
    String boundary = "--" + type.substring(type.indexOf("boundary=") + 9).replace("\"", "");
    String text = new String(body, StandardCharsets.ISO_8859_1);
    String[] parts = text.split(Pattern.quote(boundary));
    Matcher name = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"").matcher(parts[1]);
    String media = parts[2].substring(parts[2].indexOf("\r\n\r\n") + 4);
    media = media.endsWith("\r\n") ? media.substring(0, media.length() - 2) : media;
    return new String[] {name.find() ? name.group(1) : null, media};
  }

  @Override
  public MockResponse dispatch(RecordedRequest r) {
    String path = r.getUrl().encodedPath();
    requests.add(r.getMethod() + " " + r.getUrl().host() + path);
    try {
      Matcher m;
      if ("POST".equals(r.getMethod()) && path.equals("/storage/v1/b")) {
        JsonNode body = JSON.readTree(body(r));
        String name = body.path("name").asText();
        bucket(name, body.path("location").asText("US"), body.path("locationType").asText("multi-region"));
        return json(buckets.get(name));
      }
      if ((m = BUCKET.matcher(path)).matches()) {
        if (bucketStatus != 200) {
          return new MockResponse.Builder().code(bucketStatus).body("{\"error\":{\"code\":" + bucketStatus + "}}").build();
        }
        ObjectNode b = buckets.get(m.group(1));
        return b == null ? notFound() : json(b);
      }
      if ((m = UPLOAD.matcher(path)).matches()) {
        String[] upload = multipart(r, body(r));
        String object = upload[0];
        objects.put(m.group(1) + "/" + object, upload[1].getBytes(StandardCharsets.ISO_8859_1));
        return json(object(m.group(1), object));
      }
      if ((m = REWRITE.matcher(path)).matches()) {
        objects.put(m.group(3) + "/" + m.group(4), objects.getOrDefault(m.group(1) + "/" + m.group(2), new byte[0]));
        ObjectNode done = JSON.createObjectNode().put("kind", "storage#rewriteResponse").put("done", true)
            .put("totalBytesRewritten", "0").put("objectSize", "0");
        done.set("resource", object(m.group(3), m.group(4)));
        return json(done);
      }
      if ((m = OBJECT.matcher(path)).matches()) {
        byte[] data = objects.get(m.group(1) + "/" + m.group(2));
        if (data == null) {
          return notFound();
        }
        if ("media".equals(r.getUrl().queryParameter("alt"))) {
          return new MockResponse.Builder().code(200).body(new okio.Buffer().write(data)).build();
        }
        return json(object(m.group(1), m.group(2)));
      }
      return notFound();
    } catch (java.io.IOException e) {
      return new MockResponse.Builder().code(500).body(e.toString()).build();
    }
  }

  private static ObjectNode object(String bucket, String name) {
    return JSON.createObjectNode().put("kind", "storage#object").put("bucket", bucket).put("name", name)
        .put("id", bucket + "/" + name + "/1").put("generation", "1").put("size", "0");
  }

  private static MockResponse json(JsonNode node) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json; charset=UTF-8")
        .body(node.toString()).build();
  }

  private static MockResponse notFound() {
    return new MockResponse.Builder().code(404).addHeader("Content-Type", "application/json; charset=UTF-8")
        .body("{\"error\":{\"code\":404,\"message\":\"Not Found\"}}").build();
  }
}
