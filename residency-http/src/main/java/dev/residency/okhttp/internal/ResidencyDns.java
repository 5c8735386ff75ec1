package dev.residency.okhttp.internal;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.http.internal.HttpHops;
import dev.residency.http.internal.ResidencyUnknownHostException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * Internal, may change without notice. Resolves through the delegate, then, when the policy
 * declares address facts (CIDRs or IP-range files), decides the host together with every address it
 * resolved to, so a DNS answer that points outside the allowed ranges (DNS rebinding) fails the
 * lookup. Without address facts there is nothing to check and the delegate's answer passes as is.
 */
public final class ResidencyDns implements Dns {
  private final ResidencyGuard guard;
  private final Dns delegate;
  private final AddressLedger ledger;

  /** Creates the wrapper. */
  public ResidencyDns(ResidencyGuard guard, Dns delegate, AddressLedger ledger) {
    this.guard = guard;
    this.delegate = delegate;
    this.ledger = ledger;
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    List<InetAddress> addresses = delegate.lookup(hostname);
    if (!guard.policy().hasAddressFacts()) {
      return addresses;
    }
    long version = guard.policyVersion();
    Endpoint endpoint = HttpHops.endpoint(hostname, -1, null, addresses);
    Decision decision = endpoint == null ? HttpHops.decideInvalid(guard, hostname) : guard.evaluate(endpoint);
    if (decision.isBlocking()) {
      throw new ResidencyUnknownHostException(new ResidencyViolationException(decision));
    }
    ledger.record(hostname, addresses, version);
    return addresses;
  }
}
