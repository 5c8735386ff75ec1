package dev.residency.okhttp.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Internal, may change without notice. Remembers which (host, address) pairs the residency {@code
 * Dns} has already decided and audited under a policy version, so that the network interceptor
 * does not decide and audit the same answer a second time. Bounded: cleared when it grows past
 * {@value #MAX_HOSTS} hosts.
 */
public final class AddressLedger {
  static final int MAX_HOSTS = 4096;

  private final Map<String, Entry> byHost = new ConcurrentHashMap<>();

  private static final class Entry {
    final long policyVersion;
    final Set<InetAddress> addresses;

    Entry(long policyVersion, Set<InetAddress> addresses) {
      this.policyVersion = policyVersion;
      this.addresses = addresses;
    }
  }

  /** Records that the lookup of {@code host} was decided (and let through) under the version. */
  public void record(String host, List<InetAddress> addresses, long policyVersion) {
    if (byHost.size() >= MAX_HOSTS) {
      byHost.clear();
    }
    byHost.put(host, new Entry(policyVersion, Set.copyOf(addresses)));
  }

  /** True when {@code address} came from a lookup of {@code host} decided under the version. */
  public boolean isDecided(String host, InetAddress address, long policyVersion) {
    Entry e = byHost.get(host);
    return e != null && e.policyVersion == policyVersion && e.addresses.contains(address);
  }
}
