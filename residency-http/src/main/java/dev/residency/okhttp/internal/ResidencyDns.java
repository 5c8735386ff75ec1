package dev.residency.okhttp.internal;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.http.internal.HttpHops;
import dev.residency.http.internal.ResidencyUnknownHostException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  private final Duration timeout;

  /** Lookups waiting on a slow resolver; bounded so a stuck DNS server cannot pile up threads. */
  // Idle threads go after 2 s: lookups are rare (one per new connection), lingering threads are not wanted.
  private static final ThreadPoolExecutor LOOKUPS = new ThreadPoolExecutor(0, 16, 2, TimeUnit.SECONDS,
      new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "residency-dns");
        t.setDaemon(true);
        return t;
      });

  /** Creates the wrapper; {@code timeout} zero calls the delegate inline, unbounded. */
  public ResidencyDns(ResidencyGuard guard, Dns delegate, AddressLedger ledger, Duration timeout) {
    this.guard = guard;
    this.delegate = delegate;
    this.ledger = ledger;
    this.timeout = timeout;
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    List<InetAddress> addresses = boundedLookup(hostname);
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

  /** The delegate's answer, or an UnknownHostException when it does not come within the timeout. */
  private List<InetAddress> boundedLookup(String hostname) throws UnknownHostException {
    if (timeout.isZero()) {
      return delegate.lookup(hostname);
    }
    Future<List<InetAddress>> answer;
    try {
      answer = LOOKUPS.submit(() -> delegate.lookup(hostname));
    } catch (RejectedExecutionException e) {
      throw new UnknownHostException("DNS lookup of " + hostname + " refused: 16 lookups already waiting on the resolver");
    }
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new UnknownHostException("DNS lookup of " + hostname + " did not answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      UnknownHostException u = new UnknownHostException("DNS lookup of " + hostname + " interrupted");
      u.initCause(e);
      throw u;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UnknownHostException) {
        throw (UnknownHostException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      UnknownHostException u = new UnknownHostException("DNS lookup of " + hostname + " failed");
      u.initCause(cause);
      throw u;
    }
  }
}
