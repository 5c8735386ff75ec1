package dev.residency.internal;

import dev.residency.Endpoint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Request paths as provider rules read them. Internal, may change without notice. Thread-safe.
 *
 * <p>A rule that places a request by its path (the Bedrock model, the Azure deployment, the Vertex
 * location) trusts only a <em>canonical</em> path: one spelling that every server and front end
 * reads the same way. Servers differ on the rest: some merge {@code //}, resolve {@code ..} or
 * {@code %2e%2e}, decode {@code %6d} to {@code m} before routing, or match keywords case-blind, so
 * a variant of a path the rule does not recognize may still reach an operation it would place
 * elsewhere. Canonical here means: it starts with {@code /}; no segment is empty (so no {@code //}
 * and no trailing slash, except the root {@code /} itself); no segment is {@code .} or {@code ..};
 * every {@code %} starts a two-digit hex escape, and no escape stands for an unreserved character
 * (RFC 3986: letters, digits, {@code - . _ ~}), which a canonical client never escapes; no
 * segment holds a backslash or, once decoded, a control character, a {@code %} (a second round of
 * decoding would change it) or a {@code /}, except a segment that decodes to an ARN: AWS
 * identifiers such as model and inference-profile ARNs hold a {@code /} and the AWS SDKs send them
 * escaped in one segment. Each rule names its keywords, which must be spelled exactly, in lower case.
 */
public final class ProviderPaths {
  /**
   * The endpoint attribute that carries the request's HTTP method ({@code GET}, {@code POST}...),
   * as the adapters set it. A read ({@code GET}, {@code HEAD}) of a listing processes no prompt;
   * without the attribute a rule cannot tell a read from a write.
   */
  public static final String METHOD = "method";

  private ProviderPaths() {}

  /**
   * Why the path is not canonical (a phrase for a location's basis), or {@code null} when it is.
   *
   * @param keywords the rule's lower-case path keywords: a segment that is one of them in another
   *     case ({@code Model}, {@code Openai}) is not canonical
   */
  static String whyNotCanonical(String path, Set<String> keywords) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      return "it does not start with '/'";
    }
    if (path.equals("/")) {
      return null;
    }
    for (String segment : path.substring(1).split("/", -1)) {
      String why = whyNotCanonicalSegment(segment);
      if (why != null) {
        return why;
      }
      String lower = segment.toLowerCase(Locale.ROOT);
      if (!lower.equals(segment) && keywords.contains(lower)) {
        return "it spells the keyword '" + lower + "' as '" + segment + "'";
      }
    }
    return null;
  }

  private static String whyNotCanonicalSegment(String segment) {
    if (segment.isEmpty()) {
      return "it has an empty segment ('//' or a trailing '/')";
    }
    if (segment.equals(".") || segment.equals("..")) {
      return "it has a '.' or '..' segment";
    }
    if (segment.indexOf('\\') >= 0) {
      return "it has a backslash, which some servers read as '/'";
    }
    if (segment.indexOf('%') < 0) {
      return null;
    }
    for (int i = 0; i < segment.length(); i++) {
      if (segment.charAt(i) != '%') {
        continue;
      }
      int hi = i + 2 < segment.length() ? IpAddresses.asciiDigit(segment.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? IpAddresses.asciiDigit(segment.charAt(i + 2), 16) : -1;
      if (lo < 0) {
        return "it has a malformed percent-escape";
      }
      int c = hi * 16 + lo;
      if (isUnreserved(c)) {
        return "it percent-escapes the unreserved character '" + (char) c + "'";
      }
      if (c < 0x20 || c == 0x7f) {
        return "it percent-escapes a control character";
      }
      if (c == '%') {
        return "it percent-escapes a '%' (a second decoding would change the path)";
      }
      if (c == '\\') {
        return "it percent-escapes a backslash, which some servers read as '/'";
      }
      i += 2;
    }
    String decoded = decode(segment);
    if (decoded.indexOf('/') >= 0 && !decoded.startsWith("arn:")) {
      return "it percent-escapes a '/' inside a segment";
    }
    return null;
  }

  /**
   * The percent-decoded segments of a canonical path, in order; the root {@code /} has none.
   * Call only on a path {@link #whyNotCanonical} accepted.
   */
  static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    if (path.equals("/")) {
      return out;
    }
    for (String segment : path.substring(1).split("/", -1)) {
      out.add(decode(segment));
    }
    return out;
  }

  /** The endpoint's HTTP method attribute, or {@code null} when the adapter did not set one. */
  static String method(Endpoint e) {
    return e.attribute(METHOD);
  }

  /** Whether the endpoint says it is a {@code GET} or {@code HEAD}: a read, which sends no prompt. */
  static boolean isRead(Endpoint e) {
    String m = method(e);
    return "GET".equals(m) || "HEAD".equals(m);
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  /** Decodes the %XX escapes (already checked well-formed) as UTF-8; '+' stays '+' in a path. */
  private static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '%') {
        out.writeBytes(s.substring(run, i).getBytes(StandardCharsets.UTF_8));
        out.write(IpAddresses.asciiDigit(s.charAt(i + 1), 16) * 16 + IpAddresses.asciiDigit(s.charAt(i + 2), 16));
        i += 2;
        run = i + 1;
      }
    }
    out.writeBytes(s.substring(run).getBytes(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }
}
