package dev.residency.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.255.255.255, true",
    "10.0.0.0/8, 11.0.0.0, false",
    "10.20.0.0/16, 10.20.1.2, true",
    "10.20.0.0/16, 10.21.0.0, false",
    "192.168.1.128/25, 192.168.1.200, true",
    "192.168.1.128/25, 192.168.1.127, false",
    "0.0.0.0/0, 1.2.3.4, true",
    "1.2.3.4/32, 1.2.3.4, true",
    "1.2.3.4/32, 1.2.3.5, false",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    "2001:DB8:0:0::/64, 2001:db8::1, true",
    "::/0, ::1, true",
    "::/0, 1.2.3.4, false",
    "0.0.0.0/0, ::1, false",
    "::ffff:10.0.0.0/104, 10.1.2.3, true",
    "::ffff:10.0.0.0/104, 11.1.2.3, false",
  })
  void containsExactlyTheAddressesInItsRange(String cidr, String host, boolean expected) {
    Cidr range = Cidr.parse(cidr);

    boolean contains = range.contains(IpAddresses.toBytes(HostNames.normalize(host)));

    assertThat(contains).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.0.0.0/8",
    "' 10.0.0.0/8 ', 10.0.0.0/8",
    "2001:DB8:0:0:0:0:0:0/32, 2001:db8::/32",
    "::ffff:10.0.0.0/104, 10.0.0.0/8",
  })
  void printsItsNormalForm(String text, String expected) {

    assertThat(Cidr.parse(text)).hasToString(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10.0.0.0", "/8", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0.1/8", "10.0.0.0/+8",
      "10.0.0.0/-1", "10.0.0.0/\uff18", "10.0.0.0/08x", "10.0.0.0/8/8", "010.0.0.0/8", "10.0/8", "0x0a.0.0.0/8",
      "10.0.0.0.0/8", "2001:db8::1/32", "fe80::%eth0/64", "example.com/8", "10.0.0.0 /8", "10.0.0.0/0008"})
  void refusesMalformedRanges(String text) {

    assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 5})
  void neverMatchesAnAddressOfTheOtherFamilyOrNoAddress(int length) {
    Cidr range = Cidr.parse("10.0.0.0/8");

    boolean contains = range.contains(length == 0 ? null : new byte[length]);

    assertThat(contains).isFalse();
  }
}
