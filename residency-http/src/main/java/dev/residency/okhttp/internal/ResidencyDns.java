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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.Dns;

/**
 * Internal, may change without notice. When the policy declares address facts (CIDRs or IP-range
 * files), resolves through the delegate and decides the host together with every address it
 * resolved to, so a DNS answer that points outside the allowed ranges (DNS rebinding) fails the
 * lookup. Without address facts, decides the host by name before resolving it: a denied host is
 * neither looked up nor connected to.
 */
public final class ResidencyDns implements Dns {
  private final ResidencyGuard guard;
  private final Dns delegate;
  private final AddressLedger ledger;
  private final Duration timeout;

  /** Lookup threads at most; a resolver that never answers can hold no more than these. */
  private static final int LOOKUP_THREADS = 64;

  /** Lookups queued behind busy threads at most; past this a lookup is refused at once. */
  private static final int LOOKUP_QUEUE = 4096;

  /**
   * Runs lookups so each can be abandoned at its timeout. A burst of concurrent lookups (a pool
   * opening many connections at once) queues rather than fails: the caller's timeout covers the
   * time queued, so a stuck resolver still fails every lookup within the timeout. Idle threads
   * go after 2 s: lookups are rare (one per new connection), lingering threads are not wanted.
   */
  private static final ThreadPoolExecutor LOOKUPS = lookupPool();

  private static ThreadPoolExecutor lookupPool() {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(LOOKUP_THREADS, LOOKUP_THREADS, 2, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(LOOKUP_QUEUE), r -> {
          Thread t = new Thread(r, "residency-dns");
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Creates the wrapper; {@code timeout} zero calls the delegate inline, unbounded. */
  public ResidencyDns(ResidencyGuard guard, Dns delegate, AddressLedger ledger, Duration timeout) {
    this.guard = guard;
    this.delegate = delegate;
    this.ledger = ledger;
    this.timeout = timeout;
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    if (!guard.policy().hasAddressFacts()) {
      // Without address facts the name alone decides, so decide it before resolving: a redirect or
      // a proxy to a denied host then fails here, before OkHttp opens a connection to it (the
      // network interceptor only runs on an open connection). Audited only when it blocks; an
      // allowed host is audited once, by the interceptor that sees the whole request.
      Endpoint byName = HttpHops.endpoint(hostname, -1, null, null, List.of());
      Decision decision = byName == null ? HttpHops.decideInvalid(guard, hostname) : guard.decide(byName);
      if (decision.isBlocking()) {
        if (byName != null) {
          decision = guard.record(List.of(decision));
        }
        throw new ResidencyUnknownHostException(new ResidencyViolationException(decision));
      }
      return boundedLookup(hostname);
    }
    List<InetAddress> addresses = boundedLookup(hostname);
    long version = guard.policyVersion();
    Endpoint endpoint = HttpHops.endpoint(hostname, -1, null, null, addresses);
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
      throw new UnknownHostException("DNS lookup of " + hostname + " refused: " + LOOKUP_QUEUE
          + " lookups already waiting on the resolver");
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
