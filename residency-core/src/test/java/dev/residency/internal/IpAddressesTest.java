package dev.residency.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residency.InvalidEndpointException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

  @ParameterizedTest
  @CsvSource({
    "1.2.3.4, 1.2.3.4",
    "16909060, 1.2.3.4",
    "1.131844, 1.2.3.4",
    "1.2.772, 1.2.3.4",
    "01.02.03.04, 1.2.3.4",
    "00.0.0.0, 0.0.0.0",
    "0, 0.0.0.0",
    "4294967295, 255.255.255.255",
    "255.255.255.255, 255.255.255.255",
    "255.16777215, 255.255.255.255",
  })
  void readsDecimalIpv4TheWayInetAtonAndTheJdkBothDo(String text, String expected) throws Exception {

    String quad = IpAddresses.normalizeIpv4(text);

    assertThat(quad).isEqualTo(expected);
    assertThat(InetAddress.getByName(text).getHostAddress()).as("the JDK reads it alike").isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0177.0.0.1", "010.0.0.1", "10.010.0.1", "017700000001", "0x7f.1", "0x7f000001", "0x",
      "0X7F.1", "1.0x2.3.4", "037777777777", "08", "0.08"})
  void refusesHexAndOctalBecauseTheJdkReadsThemDifferently(String text) {

    assertThatThrownBy(() -> IpAddresses.normalizeIpv4(text.toLowerCase(java.util.Locale.ROOT)))
        .isInstanceOf(InvalidEndpointException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.3.4.5", "256.1.1.1", "1.256.1.1", "1.1.65536", "1.16777216", "4294967296",
      "0x1ffffffff", "09", "1.08", "0xg", "1..2", ".1", "1.", "a.1", "100000000000000000000", "0xffffffffffffffffffff"})
  void refusesWhatNoResolverReadsAsIpv4(String text) {

    assertThatThrownBy(() -> IpAddresses.normalizeIpv4(text)).isInstanceOf(InvalidEndpointException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "::, ::",
    "::1, ::1",
    "1::, 1::",
    "2001:db8::1, 2001:db8::1",
    "2001:DB8::0001, 2001:db8::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
    "1:0:2:0:3:0:4:0, 1:0:2:0:3:0:4:0",
    "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
    "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
    "::ffff:1.2.3.4, 1.2.3.4",
    "::ffff:0102:0304, 1.2.3.4",
    "0:0:0:0:0:ffff:1.2.3.4, 1.2.3.4",
    "::1.2.3.4, ::102:304",
    "64:ff9b::1.2.3.4, 64:ff9b::102:304",
    "fe80::1:2.3.4.5, fe80::1:203:405",
  })
  void formatsIpv6PerRfc5952AndUnmapsIpv4(String text, String expected) throws Exception {

    String normalized = IpAddresses.normalizeIpv6(text);

    assertThat(normalized).isEqualTo(expected);
    assertThat(InetAddress.getByName(normalized).getAddress())
        .as("same address as the JDK reads")
        .isEqualTo(unmapped(InetAddress.getByName(text).getAddress()));
  }

  private static byte[] unmapped(byte[] address) {
    return address; // the JDK already returns IPv4-mapped IPv6 literals as Inet4Address
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ":", ":::", "1:::2", "1::2::3", ":1::", "1::2:", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "12345::", "g::", "::1.2.3", "::1.2.3.4.5", "::01.2.3.4",
      "::1.2.3.4:5", "1.2.3.4::", "fe80::1%eth0", "\uff11::", "::\uff41", "[::1]"})
  void refusesMalformedIpv6(String text) {

    assertThatThrownBy(() -> IpAddresses.normalizeIpv6(text)).isInstanceOf(InvalidEndpointException.class);
  }

  @Test
  void returnsAddressBytesOnlyForNormalizedLiterals() {

    assertThat(IpAddresses.toBytes("10.0.0.1")).containsExactly(10, 0, 0, 1);
    assertThat(IpAddresses.toBytes("::1")).hasSize(16);
    assertThat(IpAddresses.toBytes("010.0.0.1")).isNull();
    assertThat(IpAddresses.toBytes("10.1")).isNull();
    assertThat(IpAddresses.toBytes("example.com")).isNull();
    assertThat(IpAddresses.toBytes("")).isNull();
    assertThat(IpAddresses.toBytes(null)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"a, 16, 10", "F, 16, 15", "9, 10, 9", "8, 8, -1", "7, 8, 7", "g, 16, -1", "\uff11, 10, -1", "\u0661, 10, -1"})
  void readsOnlyAsciiDigits(char c, int radix, int expected) {

    assertThat(IpAddresses.asciiDigit(c, radix)).isEqualTo(expected);
  }
}
