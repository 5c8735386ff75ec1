package dev.residency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.internal.HostNames;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Differential properties: for generated URLs our host is the host {@link URI} reports (normalized
 * the same way) and the host the generator put in the authority, or we refuse; a provider host that
 * appears only in userinfo, path, query or fragment is never the host.
 */
class EndpointsPropertiesTest {

  private static final List<String> PROVIDER_HOSTS = List.of(
      "s3.eu-west-1.amazonaws.com",
      "bedrock-runtime.us-east-1.amazonaws.com",
      "storage.googleapis.com",
      "europe-west4-aiplatform.googleapis.com",
      "api.openai.com",
      "myres.openai.azure.com");

  /**
   * A host as written in the URL, and what it must normalize to: a host name, or the address bytes
   * for IP literals, or {@code refused} when clients disagree on it and it must be refused.
   */
  record GeneratedHost(String text, String expectedName, byte[] expectedAddress, boolean refused) {
    static GeneratedHost name(String text, String expected) {
      return new GeneratedHost(text, expected, null, false);
    }

    static GeneratedHost address(String text, byte[] expected) {
      return new GeneratedHost(text, null, expected, false);
    }

    static GeneratedHost refused(String text) {
      return new GeneratedHost(text, null, null, true);
    }
  }

  record GeneratedUrl(String url, GeneratedHost host, int expectedPort, List<String> decoys) {
    @Override
    public String toString() {
      return url;
    }
  }

  // ---------------------------------------------------------------- generators

  private static Arbitrary<String> label() {
    Arbitrary<String> plain = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        .ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> hyphenated = Combinators.combine(plain, plain).as((a, b) -> a + "-" + b);
    return Arbitraries.oneOf(plain, hyphenated);
  }

  private static Arbitrary<String> topLabel() {
    return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ").ofMinLength(2).ofMaxLength(6);
  }

  private static Arbitrary<GeneratedHost> names() {
    Arbitrary<String> name = Combinators.combine(label().list().ofMinSize(0).ofMaxSize(3), topLabel())
        .as((labels, top) -> labels.isEmpty() ? top : String.join(".", labels) + "." + top);
    return Combinators.combine(name, Arbitraries.of(false, true))
        .as((n, trailingDot) -> GeneratedHost.name(trailingDot ? n + "." : n, n.toLowerCase(Locale.ROOT)));
  }

  /** Provider hosts, and lookalikes: suffix-appended, prefix-glued, under another label. */
  private static Arbitrary<GeneratedHost> providersAndLookalikes() {
    Arbitrary<String> provider = Arbitraries.of(PROVIDER_HOSTS);
    Arbitrary<String> evil = Arbitraries.of("evil.com", "attacker.net", "example.org");
    return Combinators.combine(provider, evil, Arbitraries.integers().between(0, 4)).as((p, e, form) -> {
      switch (form) {
        case 0:
          return GeneratedHost.name(p.toUpperCase(Locale.ROOT), p);
        case 1:
          return GeneratedHost.name(p + "." + e, p + "." + e);
        case 2:
          return GeneratedHost.name("evil" + p, "evil" + p);
        case 3:
          return GeneratedHost.name(p.replace('.', '-') + "." + e, p.replace('.', '-') + "." + e);
        default:
          return GeneratedHost.name(p + ".", p);
      }
    });
  }

  private static Arbitrary<byte[]> ipv4Bytes() {
    return Arbitraries.bytes().array(byte[].class).ofSize(4);
  }

  private static String quad(byte[] b) {
    return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
  }

  /** IPv4 as dotted quad, as one decimal number, as a.b.c and a.b (decimal), hex and octal. */
  private static Arbitrary<GeneratedHost> ipv4() {
    return Combinators.combine(ipv4Bytes(), Arbitraries.integers().between(0, 6)).as((b, form) -> {
      long v = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
      switch (form) {
        case 0:
          return GeneratedHost.address(quad(b), b);
        case 1:
          return GeneratedHost.address(Long.toString(v), b);
        case 2:
          return GeneratedHost.address((b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (v & 0xffff), b);
        case 3:
          return GeneratedHost.address((b[0] & 0xff) + "." + (v & 0xffffff), b);
        case 4:
          // inet_aton reads hex, the JDK resolves it through DNS: refused
          return GeneratedHost.refused("0x" + Long.toHexString(v));
        case 5:
          // inet_aton reads octal, the JDK decimal: refused unless both readings agree
          return (b[0] & 0xff) >= 8
              ? GeneratedHost.refused("0" + Integer.toOctalString(b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff))
              : GeneratedHost.address("0" + (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff), b);
        default:
          return GeneratedHost.address(quad(b) + ".", b);
      }
    });
  }

  /** IPv6 in full, upper-case, zero-padded or compressed text, in brackets; IPv4-mapped too. */
  private static Arbitrary<GeneratedHost> ipv6() {
    Arbitrary<Integer> group = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.just(0), Arbitraries.integers().between(0, 0xffff));
    Arbitrary<List<Integer>> groups = group.list().ofSize(8);
    Arbitrary<GeneratedHost> plain = Combinators.combine(groups, Arbitraries.integers().between(0, 2)).as((g, style) -> {
      byte[] bytes = new byte[16];
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        bytes[2 * i] = (byte) (g.get(i) >>> 8);
        bytes[2 * i + 1] = (byte) (int) g.get(i);
        String hex = Integer.toHexString(g.get(i));
        parts.add(style == 1 ? String.format("%04X", g.get(i)) : hex);
      }
      String text = String.join(":", parts);
      if (style == 2) {
        text = compressFirstZeroRun(parts);
      }
      if (isMapped(bytes)) {
        return GeneratedHost.address("[" + text + "]", java.util.Arrays.copyOfRange(bytes, 12, 16));
      }
      return GeneratedHost.address("[" + text + "]", bytes);
    });
    Arbitrary<GeneratedHost> mapped = ipv4Bytes().map(b -> GeneratedHost.address("[::ffff:" + quad(b) + "]", b));
    return Arbitraries.oneOf(plain, mapped);
  }

  private static boolean isMapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  private static String compressFirstZeroRun(List<String> parts) {
    int start = parts.indexOf("0");
    if (start < 0) {
      return String.join(":", parts);
    }
    int end = start;
    while (end < 8 && parts.get(end).equals("0")) {
      end++;
    }
    return String.join(":", parts.subList(0, start)) + "::" + String.join(":", parts.subList(end, 8));
  }

  private static Arbitrary<GeneratedHost> hosts() {
    return Arbitraries.oneOf(names(), providersAndLookalikes(), ipv4(), ipv6());
  }

  /** Userinfo that names a provider host, with or without a password or port-like suffix. */
  private static Arbitrary<String> userinfo() {
    Arbitrary<String> provider = Arbitraries.of(PROVIDER_HOSTS);
    Arbitrary<String> secret = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> info = Combinators.combine(provider, secret, Arbitraries.integers().between(0, 3)).as((p, s, form) -> {
      switch (form) {
        case 0:
          return p;
        case 1:
          return p + ":" + s;
        case 2:
          return p + ":443";
        default:
          return s;
      }
    });
    return Arbitraries.oneOf(Arbitraries.just(""), info);
  }

  private static Arbitrary<String> tail() {
    Arbitrary<String> provider = Arbitraries.of(PROVIDER_HOSTS);
    Arbitrary<String> segment = Arbitraries.oneOf(
        Arbitraries.strings().withChars("abcXYZ019-._~").ofMinLength(1).ofMaxLength(6).filter(s -> !s.matches("\\.+")),
        provider, provider.map(p -> "@" + p), provider.map(p -> p + ":443"));
    Arbitrary<String> path = segment.list().ofMaxSize(3).map(l -> l.isEmpty() ? "" : "/" + String.join("/", l));
    Arbitrary<String> query = Arbitraries.oneOf(Arbitraries.just(""),
        provider.map(p -> "?u=https://" + p + "/x&h=" + p), provider.map(p -> "?@" + p));
    Arbitrary<String> fragment = Arbitraries.oneOf(Arbitraries.just(""), provider.map(p -> "#@" + p), provider.map(p -> "#" + p));
    return Combinators.combine(path, query, fragment).as((p, q, f) -> p + q + f);
  }

  @Provide
  Arbitrary<GeneratedUrl> urls() {
    Arbitrary<String> scheme = Arbitraries.of("http", "https", "HTTPS", "Http");
    Arbitrary<Integer> port = Arbitraries.oneOf(Arbitraries.just(-1), Arbitraries.integers().between(0, 65535));
    Arbitrary<Boolean> zeroPadPort = Arbitraries.of(false, true);
    return Combinators.combine(scheme, userinfo(), hosts(), port, zeroPadPort, tail()).as((s, ui, h, p, pad, t) -> {
      StringBuilder url = new StringBuilder(s).append("://");
      if (!ui.isEmpty()) {
        url.append(ui).append('@');
      }
      url.append(h.text());
      if (p >= 0) {
        url.append(':').append(pad ? "00" + p : Integer.toString(p));
      }
      url.append(t);
      int expectedPort = p >= 0 ? p : s.equalsIgnoreCase("https") ? 443 : 80;
      List<String> decoys = new ArrayList<>();
      for (String provider : PROVIDER_HOSTS) {
        if (ui.contains(provider) || t.contains(provider)) {
          decoys.add(provider);
        }
      }
      return new GeneratedUrl(url.toString(), h, pad && p > 999 ? -2 : expectedPort, decoys);
    });
  }

  // ---------------------------------------------------------------- properties

  @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
  void hostIsTheAuthorityHostOrTheUrlIsRefused(@ForAll("urls") GeneratedUrl u) throws Exception {
    Endpoint endpoint;
    try {
      endpoint = Endpoints.parseUrl(EndpointKind.HTTP, u.url());
      Statistics.label("outcome").collect("accepted");
    } catch (InvalidEndpointException e) {
      Statistics.label("outcome").collect("refused");
      assertThat(u.host().refused() || u.expectedPort() == -2)
          .as("refused a well-formed URL: %s (%s)", u.url(), e.getMessage())
          .isTrue();
      return;
    }

    assertThat(u.host().refused()).as("accepted an ambiguous host: %s", u.url()).isFalse();
    if (u.host().expectedAddress() != null) {
      assertThat(addressOf(endpoint.host())).isEqualTo(u.host().expectedAddress());
    } else {
      assertThat(endpoint.host()).isEqualTo(u.host().expectedName());
    }
    if (u.expectedPort() >= 0) {
      assertThat(endpoint.port()).isEqualTo(u.expectedPort());
    }
    assertThat(HostNames.normalize(endpoint.host())).as("idempotent").isEqualTo(endpoint.host());
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
  void agreesWithJavaNetUri(@ForAll("urls") GeneratedUrl u) {
    Endpoint endpoint;
    URI uri;
    try {
      endpoint = Endpoints.parseUrl(EndpointKind.HTTP, u.url());
      uri = new URI(u.url());
    } catch (InvalidEndpointException | URISyntaxException e) {
      return;
    }

    Statistics.label("outcome").collect(uri.getHost() != null ? "accepted, URI has a host" : "accepted, URI has none");
    if (uri.getHost() != null) {
      assertThat(endpoint.host()).isEqualTo(HostNames.normalize(uri.getHost()));
    }
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
  void aProviderHostOutsideTheAuthorityIsNeverTheHost(@ForAll("urls") GeneratedUrl u) {
    Endpoint endpoint;
    try {
      endpoint = Endpoints.parseUrl(EndpointKind.HTTP, u.url());
    } catch (InvalidEndpointException e) {
      return;
    }

    for (String decoy : u.decoys()) {
      if (!decoy.equals(u.host().expectedName())) {
        assertThat(endpoint.host()).isNotEqualTo(decoy);
        assertThat(HostNames.isSameOrSubdomain(endpoint.host(), decoy)).isFalse();
      }
    }
  }

  /** Free-form authorities from tricky pieces: whatever we accept, java.net.URI reads alike. */
  @Provide
  Arbitrary<String> trickyUrls() {
    // Host characters appear several times so that enough samples get past the refusals.
    Arbitrary<String> piece = Arbitraries.of("a", "a", "b", "b", "1", "1", "0", "255", ".", ".", ".", "-", "_", "@", ":",
        "/", "?", "#", "[", "]",
        "\\", "%", "%2e", "%40", "0x", "ffff", "::", " ", "\t", "\u0000", "\u3002", "\uff0e", "\u2024", "\u00e9", "\u00df",
        "\u0430", "xn--", "s3.eu-west-1.amazonaws.com", "evil.com", "80", ";", "=", "&", "+", "!", "~", "*");
    return Combinators.combine(Arbitraries.of("http://", "https://"), piece.list().ofMaxSize(10))
        .as((s, pieces) -> s + String.join("", pieces) + "/");
  }

  @Property(tries = 2000, edgeCases = EdgeCasesMode.MIXIN)
  void freeFormUrlsAreRefusedOrReadAsJavaNetUriReadsThem(@ForAll("trickyUrls") String url) {
    Endpoint endpoint;
    try {
      endpoint = Endpoints.parseUrl(EndpointKind.HTTP, url);
    } catch (InvalidEndpointException e) {
      Statistics.label("outcome").collect("refused");
      return;
    }

    assertThat(endpoint.host()).matches("[a-z0-9._-]+|[0-9a-f:.]+");
    assertThat(HostNames.normalize(endpoint.host())).isEqualTo(endpoint.host());
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return;
    }
    Statistics.label("outcome").collect(uri.getHost() != null ? "accepted, URI has a host" : "accepted, URI has none");
    if (uri.getHost() != null) {
      assertThat(endpoint.host()).isEqualTo(HostNames.normalize(uri.getHost()));
    }
  }

  @Property(tries = 2000, edgeCases = EdgeCasesMode.MIXIN)
  void normalizingIsIdempotent(@ForAll("trickyUrls") String raw) {
    String host = raw.substring(raw.indexOf("//") + 2, raw.length() - 1);
    String once;
    try {
      once = HostNames.normalize(host);
    } catch (InvalidEndpointException e) {
      return;
    }

    assertThat(HostNames.normalize(once)).isEqualTo(once);
  }

  /** Token soup in the shapes of every target form, including truncated and nested ones. */
  @Provide
  Arbitrary<String> anyTargets() {
    Arbitrary<String> prefix = Arbitraries.of("jdbc:", "jdbc:postgresql:", "jdbc:mysql:", "jdbc:mariadb:sequential:",
        "jdbc:sqlserver:", "jdbc:jtds:sqlserver:", "jdbc:oracle:thin:", "jdbc:oracle:thin:@", "jdbc:redshift:iam:",
        "jdbc:h2:", "jdbc:h2:tcp:", "jdbc:sqlite:", "jdbc:derby:", "jdbc:db2:", "jdbc:aws-wrapper:", "jdbc:p6spy:mysql:",
        "https://", "http://", "s3://", "gs://", "arn:aws:s3:", "arn:aws:bedrock:eu-central-1::", "eu.anthropic.", "", "[");
    Arbitrary<String> piece = Arbitraries.of("//", "/", "h", "h1", "evil.com", ":", "1521", "5432", ",", ";", "?", "&", "=",
        "@", "(", ")", "[", "]", "::1", "\\", "%", "%2", "%41", "address=", "(host=", "(HOST=", "(ADDRESS=", "(DESCRIPTION=",
        "port=", "serverName=", "failoverPartner=", "tcp:", "socketFactory=", "com.google.cloud.sql.postgres.SocketFactory",
        "cloudSqlInstance=", "p:europe-west3:i", "us-west-2", "{", "}", "\"", "user/pw", " ", "\u3002", "0x", "-v1:0",
        "clientRerouteAlternateServerName=", "socksProxyHost=", "https_proxy=", "resource:", "net:");
    return Combinators.combine(prefix, piece.list().ofMaxSize(12)).as((p, l) -> p + String.join("", l));
  }

  @Property(tries = 3000, edgeCases = EdgeCasesMode.MIXIN)
  void parsingFailsOnlyWithInvalidEndpointException(@ForAll("anyTargets") String target) {
    List<Endpoint> endpoints;
    try {
      endpoints = Endpoints.parseAll(null, target);
    } catch (InvalidEndpointException e) {
      Statistics.label("outcome").collect("refused");
      return;
    }

    Statistics.label("outcome").collect("parsed");
    assertThat(endpoints).isNotEmpty();
    for (Endpoint e : endpoints) {
      if (e.host() != null) {
        assertThat(HostNames.normalize(e.host())).isEqualTo(e.host());
      }
    }
  }

  /** The bytes of an IP literal, parsed by the JDK (a literal never triggers a DNS lookup). */
  private static byte[] addressOf(String literal) throws UnknownHostException {
    assertThat(literal).matches("[0-9a-f:.]+");
    return InetAddress.getByName(literal).getAddress();
  }
}
