package dev.residency.okhttp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: the record of (host, address) answers the residency Dns already decided stays within
 * its bound over 1,000,000 distinct hosts, because it is cleared rather than grown.
 */
class AddressLedgerMemoryTest {
  @Test
  void ledgerStaysWithinItsBoundOverAMillionHosts() throws Exception {
    AddressLedger ledger = new AddressLedger();
    List<InetAddress> loopback = List.of(InetAddress.getLoopbackAddress());
    int max = 0;

    for (int i = 0; i < 1_000_000; i++) {
      ledger.record("h" + i + ".eu.example", loopback, 1);
      max = Math.max(max, byHost(ledger).size());
    }

    assertThat(max).isLessThanOrEqualTo(AddressLedger.MAX_HOSTS);
    assertThat(ledger.isDecided("h999999.eu.example", InetAddress.getLoopbackAddress(), 1)).isTrue();
  }

  private static Map<?, ?> byHost(AddressLedger ledger) throws ReflectiveOperationException {
    Field f = AddressLedger.class.getDeclaredField("byHost");
    f.setAccessible(true);
    return (Map<?, ?>) f.get(ledger);
  }
}
