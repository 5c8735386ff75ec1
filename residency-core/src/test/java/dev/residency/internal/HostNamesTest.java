package dev.residency.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.residency.InvalidEndpointException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTest {

  static Stream<Arguments> normalizedHosts() {
    return Stream.of(
        // case and trailing dot
        Arguments.of("S3.EU-West-1.AmazonAWS.com", "s3.eu-west-1.amazonaws.com"),
        Arguments.of("s3.eu-west-1.amazonaws.com.", "s3.eu-west-1.amazonaws.com"),
        Arguments.of("localhost", "localhost"),
        Arguments.of("a_b.example.com", "a_b.example.com"),
        // UTS #46 separators are dots; full-width letters fold
        Arguments.of("s3\u3002eu-west-1\u3002amazonaws\u3002com", "s3.eu-west-1.amazonaws.com"),
        Arguments.of("s3\uff0eeu-west-1\uff61amazonaws.com", "s3.eu-west-1.amazonaws.com"),
        Arguments.of("\uff53\uff13.amazonaws.com", "s3.amazonaws.com"),
        Arguments.of("\uff21\uff2d\uff21\uff3a\uff2f\uff2e\uff21\uff37\uff33.com", "amazonaws.com"),
        Arguments.of("amazonaws.com\u3002", "amazonaws.com"),
        // IDN to punycode; punycode in any case to lower case
        Arguments.of("b\u00fccher.de", "xn--bcher-kva.de"),
        Arguments.of("B\u00dcCHER.de", "xn--bcher-kva.de"),
        Arguments.of("XN--BCHER-KVA.DE", "xn--bcher-kva.de"),
        Arguments.of("xn--bcher-kva.de.", "xn--bcher-kva.de"),
        // homoglyphs stay what they are: a different host, never the provider's
        Arguments.of("\u0430mazonaws.com", "xn--mazonaws-06g.com"),
        Arguments.of("amazonaws.c\u043em", "amazonaws.xn--cm-fmc"),
        // IPv4 in the decimal forms that inet_aton and java.net.InetAddress read alike
        Arguments.of("127.0.0.1", "127.0.0.1"),
        Arguments.of("2130706433", "127.0.0.1"),
        Arguments.of("127.1", "127.0.0.1"),
        Arguments.of("127.0.1", "127.0.0.1"),
        Arguments.of("10.0.0.1.", "10.0.0.1"),
        Arguments.of("127.0.0.01", "127.0.0.1"),
        Arguments.of("4294967295", "255.255.255.255"),
        Arguments.of("0", "0.0.0.0"),
        Arguments.of("\uff11\uff12\uff17.\uff10.\uff10.\uff11", "127.0.0.1"),
        Arguments.of("1.2.3.4\u3002", "1.2.3.4"),
        // IPv6: RFC 5952, brackets optional, IPv4-mapped to IPv4
        Arguments.of("[::1]", "::1"),
        Arguments.of("::1", "::1"),
        Arguments.of("[2001:DB8:0:0:0:0:0:1]", "2001:db8::1"),
        Arguments.of("2001:0db8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1"),
        Arguments.of("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        Arguments.of("[::ffff:127.0.0.1]", "127.0.0.1"),
        Arguments.of("[::FFFF:7f00:1]", "127.0.0.1"),
        Arguments.of("[0:0:0:0:0:ffff:10.1.2.3]", "10.1.2.3"),
        Arguments.of("[::]", "::"),
        Arguments.of("[fe80::]", "fe80::"),
        Arguments.of("[1:0:0:2:0:0:0:3]", "1:0:0:2::3"));
  }

  @ParameterizedTest
  @MethodSource("normalizedHosts")
  void normalizesToOneCanonicalForm(String raw, String expected) {

    String normalized = HostNames.normalize(raw);

    assertThat(normalized).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("normalizedHosts")
  void normalizingIsIdempotent(String raw, String expected) {

    String twice = HostNames.normalize(HostNames.normalize(raw));

    assertThat(twice).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "..",
        "a..b",
        ".a.com",
        "a.com..",
        "a\u3002\u3002com",
        // userinfo and URL delimiters
        "s3.amazonaws.com@evil.com",
        "evil.com/s3.amazonaws.com",
        "evil.com?s3.amazonaws.com",
        "evil.com#s3.amazonaws.com",
        "evil.com\\s3.amazonaws.com",
        "evil.com;s3.amazonaws.com",
        "evil.com,s3.amazonaws.com",
        "evil.com:443",
        // percent-encoding anywhere in a host
        "s3%2eamazonaws.com",
        "evil.com%2F",
        "evil.com%00",
        // control characters, NUL, spaces, invisible characters
        "evil.com\u0000.s3.amazonaws.com",
        "s3.amazonaws.com\u0000",
        "s3.amazonaws.com\t",
        "s3.amazonaws.com\n",
        "s3 .amazonaws.com",
        "s3.amazonaws.com\u0085",
        "s3.amazonaws.com\u007f",
        "ama\u00adzonaws.com",
        "ama\u200bzonaws.com",
        "ama\u200dzonaws.com",
        "ama\ufeffzonaws.com",
        "s3.amazonaws.com\u3000",
        "s3.amazonaws.com\u00a0x",
        // compatibility characters that NFKC turns into separators inside a label
        "s3.amazonaws\u2024com",
        "amazonaws\ufe52com",
        "s3\u2488amazonaws.com",
        "evil\uff0fs3.amazonaws.com",
        "evil\uff20s3.amazonaws.com",
        "evil.com\uff1a443",
        // IDNA deviation characters: transitional and nontransitional clients disagree
        "fa\u00df.de",
        "\u00df.amazonaws.com",
        "\u03c2.com",
        // malformed or non-canonical punycode
        "xn--.com",
        "xn--zz.com",
        "xn--a.com",
        "xn--amazonaws-.com",
        "xn--fa-hia.de",
        // hex and octal IPv4: inet_aton says 127.0.0.1, the JDK 177.0.0.1 or a DNS lookup
        "0x7f000001",
        "0X7F.1",
        "0x7f.1",
        "0x",
        "0x0a.0.0.0x01",
        "0177.0.0.1",
        "0177.1",
        "010.0.0.1",
        "037777777777",
        "017700000001",
        // bad IPv4 forms: clients refuse them, so must we
        "1.2.3.4.5",
        "256.0.0.1",
        "1.2.3.256",
        "1.2.65536",
        "4294967296",
        "0x100000000",
        "08.0.0.1",
        "1.2.3.09",
        "a.1",
        "example.123",
        "a.0x",
        "0x1g.1",
        // bad IPv6 forms
        "[::1",
        "::1]",
        "[::1]x",
        "[fe80::1%eth0]",
        "[fe80::1%25eth0]",
        "[1::2::3]",
        "[1:2:3:4:5:6:7:8:9]",
        "[12345::]",
        "[::g]",
        "[::ffff:1.2.3]",
        "[::ffff:01.2.3.4]",
        "[::1.2.3.256]",
        "[\uff11::]",
        "[v1.fe]",
        "a[b]c",
      })
  void refusesTricksAndMalformedHosts(String raw) {

    Throwable thrown = catchThrowable(() -> HostNames.normalize(raw));

    assertThat(thrown).isInstanceOf(InvalidEndpointException.class);
  }

  @Test
  void refusesNullAndOverlongInput() {

    assertThatThrownBy(() -> HostNames.normalize("a".repeat(64) + ".com")).isInstanceOf(InvalidEndpointException.class);
    assertThatThrownBy(() -> HostNames.normalize(("a".repeat(63) + ".").repeat(4) + "com"))
        .isInstanceOf(InvalidEndpointException.class);
    assertThatThrownBy(() -> HostNames.normalize(null)).isInstanceOf(InvalidEndpointException.class);
    assertThatThrownBy(() -> HostNames.normalize("a".repeat(2000))).isInstanceOf(InvalidEndpointException.class);
  }

  @Test
  void acceptsTheLongestLegalHost() {
    String host = ("a".repeat(62) + ".").repeat(4) + "a"; // 253 characters

    String normalized = HostNames.normalize(host);

    assertThat(normalized).hasSize(253);
  }

  @ParameterizedTest
  @CsvSource({
    "s3.eu-west-1.amazonaws.com, amazonaws.com, true",
    "amazonaws.com, amazonaws.com, true",
    "a.b.amazonaws.com, amazonaws.com, true",
    "evilamazonaws.com, amazonaws.com, false",
    "amazonaws.com.evil.com, amazonaws.com, false",
    "s3.eu-west-1.amazonaws.com.evil.com, amazonaws.com, false",
    "amazonaws.co, amazonaws.com, false",
    "com, amazonaws.com, false",
    "10.1.2.3, 1.2.3, false",
    "10.1.2.3, 10.1.2.3, true",
    "::1, 1, false",
  })
  void matchesDomainsOnWholeLabelsOnly(String host, String domain, boolean expected) {

    boolean matches = HostNames.isSameOrSubdomain(host, domain);

    assertThat(matches).isEqualTo(expected);
  }

  @Test
  void noHostIsNoSubdomain() {

    assertThat(HostNames.isSameOrSubdomain(null, "amazonaws.com")).isFalse();
    assertThat(HostNames.matchesPattern(null, "*.amazonaws.com")).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "a.example.com, *.example.com, true",
    "a.b.example.com, *.example.com, true",
    "example.com, *.example.com, false",
    "badexample.com, *.example.com, false",
    "a.example.com.evil.com, *.example.com, false",
    "example.com, example.com, true",
    "a.example.com, example.com, false",
    "10.1.2.3, *.1.2.3, false",
    "10.0.0.1, 10.0.0.1, true",
  })
  void matchesPolicyPatterns(String host, String pattern, boolean expected) {

    boolean matches = HostNames.matchesPattern(host, pattern);

    assertThat(matches).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1, true", "::1, true", "2001:db8::1, true", "example.com, false", "1.2.3, false"})
  void recognizesNormalizedIpLiterals(String host, boolean expected) {

    assertThat(HostNames.isIpLiteral(host)).isEqualTo(expected);
  }
}
