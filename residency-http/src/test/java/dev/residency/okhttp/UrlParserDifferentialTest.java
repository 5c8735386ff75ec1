package dev.residency.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.Endpoints;
import dev.residency.InvalidEndpointException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import okhttp3.HttpUrl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential test of {@link Endpoints#parseUrl} against the parsers of the clients that connect:
 * OkHttp's {@link HttpUrl} and {@link java.net.URI} (java.net.http). Whenever we accept a URL, our
 * host is the host OkHttp would connect to, and URI's where URI reads a server authority;
 * otherwise we refuse with {@link InvalidEndpointException}.
 */
class UrlParserDifferentialTest {
  @Provide
  Arbitrary<String> urls() {
    Arbitrary<String> scheme = Arbitraries.of("http", "https", "HTTPS", "hTtP");
    Arbitrary<String> userinfo = Arbitraries.of("", "", "", "u@", "u:p@", "s3.eu-west-1.amazonaws.com@", "a@b@",
        "u:p%40x@", "user%3Apass@", "@", "u:@", ":p@", "eu.example\\@", "u\\p@");
    Arbitrary<String> host = Arbitraries.of(
        "eu.example", "EU.Example", "eu.example.", "eu.example..", "s3.eu-west-1.amazonaws.com", "api.openai.com",
        "b\u00fccher.de", "B\u00dcCHER.de", "xn--bcher-kva.de", "xn--BCHER-kva.de", "xn--zz", "\u0430pple.com",
        "eu\u3002example", "eu\uff0eexample", "\uff45\uff55.example", "fa\u00df.de", "ama\u00adzonaws.com",
        "127.0.0.1", "127.1", "2130706433", "0x7f.0.0.1", "0177.0.0.1", "127.0.0.01", "1.2.3.4.", "1.2.3", "256.1.1.1",
        "4294967296", "0x7f000001", "1.2.3.4.5", "[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]",
        "[2001:DB8::1]", "[fe80::1%25eth0]", "[::1", "::1", "[v1.x]", "[1.2.3.4]",
        "ex%61mple.com", "eu%2eexample", "%65u.example", "eu.example%00.evil.com", "a_b.example", "-a.example",
        "a-.example", "eu.example:443.evil.com", "", "xn--.example", "\u2024.example", "a\u2488b.com", "1.2.3.4\u3002");
    Arbitrary<String> port = Arbitraries.of("", "", ":443", ":8080", ":", ":0", ":65535", ":65536", ":080", ":+1",
        ":1.0", ": 80", ":\u0661\u0662");
    Arbitrary<String> path = Arbitraries.of("", "/", "/a", "?q=https://s3.eu-west-1.amazonaws.com/", "#@evil.com",
        "/@evil.com", "\\@evil.com", "\\\\evil.com/", "/%2e%2e/x", "/..", ";x", "/a b", "/\u00e9");
    // Mostly well-formed, so that many URLs are accepted and compared; the rest probe the refusals.
    Arbitrary<String> sep = Arbitraries.oneOf(Arbitraries.just("://"), Arbitraries.just("://"), Arbitraries.just("://"),
        Arbitraries.of(":/", ":\\\\", ":/\\", ":", ":///", "://\\"));
    Arbitrary<String> noise = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just(""), Arbitraries.just(""),
        Arbitraries.of("\t", "\n", "\r", " ", "\u0000", "\u007f", "\u00a0", "\u200b"));
    return Combinators.combine(scheme, sep, userinfo, host, port, path, noise, Arbitraries.integers().between(0, 80))
        .as((sc, se, u, h, po, pa, n, at) -> {
          String url = sc + se + u + h + po + pa;
          int i = Math.min(at, url.length());
          return url.substring(0, i) + n + url.substring(i);
        });
  }

  @Property(tries = 4000)
  void weAcceptOnlyTheHostOkHttpAndJavaNetUriConnectTo(@ForAll("urls") String url) {
    boolean accepted = checkAgainstClients(url);

    Statistics.label("outcome").collect(accepted ? "accepted" : "refused");
  }

  /** Asserts the differential property for one URL; true when we accepted it. */
  private static boolean checkAgainstClients(String url) {
    Endpoint ours = null;
    Throwable refused = catchThrowable(() -> Endpoints.parseUrl(EndpointKind.HTTP, url));
    if (refused == null) {
      ours = Endpoints.parseUrl(EndpointKind.HTTP, url);
    }
    HttpUrl ok = HttpUrl.parse(url);
    String uriHost = javaNetUriHost(url);

    if (refused != null) {
      assertThat(refused).as(url).isInstanceOf(InvalidEndpointException.class);
      return false;
    }
    // A URL OkHttp refuses (port 0, say) reaches nothing through OkHttp: no host to disagree on.
    if (ok != null) {
      assertThat(ours.host()).as(url).isEqualTo(canonical(ok.host()));
      assertThat(ours.port()).as(url).isEqualTo(ok.port());
    }
    if (uriHost != null) {
      assertThat(ours.host()).as(url).isEqualTo(canonical(uriHost));
    }
    return true;
  }

  /** The host java.net.URI (and so java.net.http) reads, or null when it refuses or reads no server authority. */
  private static String javaNetUriHost(String url) {
    try {
      return URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * A client's host as we normalize it: IPv6 without brackets and in RFC 5952 form, lower case, no
   * trailing dot (the same DNS name).
   */
  private static String canonical(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.indexOf(':') >= 0) {
      try {
        InetAddress a = InetAddress.getByName(h); // a literal: no lookup
        h = a.getHostAddress();
        return dev.residency.internal.HostNames.normalize(h);
      } catch (Exception e) {
        return h;
      }
    }
    h = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    String v4 = decimalIpv4(h);
    return v4 != null ? v4 : h;
  }

  /**
   * OkHttp passes a numeric host such as {@code 127.1} or {@code 2130706433} to DNS unchanged, and
   * {@link InetAddress} reads it as an IPv4 literal the way {@code inet_aton} does (the last part
   * fills the remaining bytes, leading zeros read as decimal): returns that dotted quad, or null
   * when {@code h} is not such a form.
   */
  private static String decimalIpv4(String h) {
    if (!h.matches("[0-9]{1,10}(\\.[0-9]{1,10}){0,3}")) {
      return null;
    }
    String[] parts = h.split("\\.");
    long value = 0;
    for (int i = 0; i < parts.length; i++) {
      long p = Long.parseLong(parts[i]);
      boolean last = i == parts.length - 1;
      long max = last ? (1L << (8 * (4 - i))) - 1 : 255;
      if (p > max) {
        return null;
      }
      value = last ? (value << (8 * (4 - i))) | p : (value << 8) | p;
    }
    return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
  }

  /** URLs kept from differential runs: each is refused, or read exactly as OkHttp and URI read it. */
  @ParameterizedTest
  @ValueSource(strings = {
      "https://s3.eu-west-1.amazonaws.com@evil.example/",
      "https://a@b@evil.example/",
      "https://eu.example\\@evil.example/",
      "http://evil.example\\@eu.example/",
      "https://eu.example%2eevil.example/",
      "https://0x7f.0.0.1/",
      "https://0177.0.0.1/",
      "https://127.1/",
      "https://2130706433/",
      "https://[::ffff:127.0.0.1]/",
      "https://[fe80::1%25eth0]/",
      "https://eu.example./",
      "https://EU.EXAMPLE:443/",
      "https://b\u00fccher.de/",
      "https://fa\u00df.de/",
      "https://eu\u3002example/",
      "https://\uff45\uff55.example/",
      "https://a\u2488b.com/",
      "https://ama\u00adzonaws.com/",
      "https://eu.example:080/",
      "https://eu.example:/",
      "https://eu.example:+1/",
      "https://eu.ex\tample/",
      "https://eu.ex\nample/",
      "https://eu.example\u0000.evil.example/",
      " https://eu.example/",
      "https://eu.example /",
      "https:\\\\evil.example/",
      "https:/evil.example/",
      "https://evil.example#@eu.example/",
      "https://evil.example?@eu.example/",
  })
  void urlsFoundWhileDiffingAreRefusedOrReadAsTheClientsReadThem(String url) {
    checkAgainstClients(url);
  }
}
