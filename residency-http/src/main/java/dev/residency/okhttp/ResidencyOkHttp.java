package dev.residency.okhttp;

import dev.residency.ResidencyGuard;
import dev.residency.okhttp.internal.AddressLedger;
import dev.residency.okhttp.internal.ApplicationInterceptor;
import dev.residency.okhttp.internal.AuditEventListener;
import dev.residency.okhttp.internal.NetworkInterceptor;
import dev.residency.okhttp.internal.ResidencyDns;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.Dns;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * Keeps an {@link OkHttpClient}'s traffic inside the regions a {@link ResidencyGuard}'s policy
 * allows. {@link #wrap(OkHttpClient)} returns a client of the same type with three hooks added:
 *
 * <ol>
 *   <li>an application interceptor, added <em>last</em> among the application interceptors, that
 *       decides the request URL before any DNS lookup or connection and masks the request body
 *       (see {@link ResidencyOkHttpBuilder#setMaskJsonBodies(boolean)});
 *   <li>a network interceptor, added last among the network interceptors, that runs on the real
 *       connection for every network request and decides each hop the application interceptor did
 *       not: a redirect to another host or port, a host rewritten by a later interceptor, a
 *       connection shared across hosts, an address the DNS hook did not see, and the proxy;
 *   <li>a {@link Dns} wrapper that, when the policy declares CIDR or IP-range facts, decides the
 *       host together with the addresses it resolved to (DNS rebinding).
 * </ol>
 *
 * <p>Each hop is decided, and so audited, once: the application interceptor tags the request with
 * what it decided and the network interceptor skips what is already decided. A blocked call fails
 * with an {@link java.io.IOException} (an {@link java.net.UnknownHostException} from the DNS hook)
 * whose cause is the core {@link dev.residency.ResidencyViolationException}; use {@link
 * dev.residency.ResidencyViolationException#find(Throwable)} to get the {@link
 * dev.residency.Decision}. This holds for {@code execute()} and {@code enqueue()} alike, and the
 * request never reaches the server. In report-only mode every call proceeds and every decision is
 * audited.
 *
 * <p>Immutable and thread-safe; build one per guard and share it. Wrapped clients share the
 * original client's connection pool and dispatcher.
 */
public final class ResidencyOkHttp {
  private final ResidencyGuard guard;
  private final boolean maskJsonBodies;
  private final String maskingStrategy;
  private final java.time.Duration dnsTimeout;
  private final AddressLedger ledger = new AddressLedger();

  ResidencyOkHttp(ResidencyGuard guard, boolean maskJsonBodies, String maskingStrategy, java.time.Duration dnsTimeout) {
    this.guard = guard;
    this.maskJsonBodies = maskJsonBodies;
    this.maskingStrategy = maskingStrategy;
    this.dnsTimeout = dnsTimeout;
  }

  /**
   * Returns an instance with default options (equivalent to {@code builder(guard).build()}).
   *
   * @throws NullPointerException when {@code guard} is null
   */
  public static ResidencyOkHttp create(ResidencyGuard guard) {
    return builder(guard).build();
  }

  /**
   * Starts a builder for options.
   *
   * @throws NullPointerException when {@code guard} is null
   */
  public static ResidencyOkHttpBuilder builder(ResidencyGuard guard) {
    return new ResidencyOkHttpBuilder(Objects.requireNonNull(guard, "guard"));
  }

  /**
   * Returns a new client that is {@code client} plus the residency interceptors and DNS wrapper
   * (the original is left unchanged). Wrapping a client this instance already wrapped returns it
   * as is.
   *
   * @throws NullPointerException when {@code client} is null
   */
  public OkHttpClient wrap(OkHttpClient client) {
    Objects.requireNonNull(client, "client");
    for (Interceptor i : client.interceptors()) {
      if (i instanceof ApplicationInterceptor) {
        return client;
      }
    }
    return client.newBuilder()
        .addInterceptor(new ApplicationInterceptor(guard, maskingStrategy, maskJsonBodies))
        .addNetworkInterceptor(new NetworkInterceptor(guard, ledger, maskingStrategy, maskJsonBodies))
        .dns(createDns(client.dns()))
        .build();
  }

  /**
   * Returns a {@link Call.Factory} whose calls run on {@link #wrap(OkHttpClient) wrap(client)}, for
   * libraries that take a call factory rather than a client.
   *
   * @throws NullPointerException when {@code client} is null
   */
  public Call.Factory createCallFactory(OkHttpClient client) {
    return wrap(client);
  }

  /**
   * Returns a {@link Dns} that resolves through {@code delegate} and then, when the policy declares
   * CIDR or IP-range facts, decides the host with every resolved address; without address facts it
   * decides the host by name before resolving, so a redirect or proxy to a denied host is neither
   * looked up nor connected to. A blocked host throws an {@link java.net.UnknownHostException}
   * whose cause is the violation. Each lookup is bounded by {@link
   * ResidencyOkHttpBuilder#setDnsTimeout} (it then runs on a small daemon pool). Runs once per lookup; OkHttp looks up when it plans a new
   * connection, not for pooled ones. {@link #wrap(OkHttpClient)} installs it already.
   *
   * @throws NullPointerException when {@code delegate} is null
   */
  public Dns createDns(Dns delegate) {
    Objects.requireNonNull(delegate, "delegate");
    if (delegate instanceof ResidencyDns) {
      return delegate;
    }
    return new ResidencyDns(guard, delegate, ledger, dnsTimeout);
  }

  /**
   * Returns an {@link EventListener.Factory} whose listeners only audit: on each connection a call
   * acquires, they decide the connection's host (and proxy) and let the audit sink record it; they
   * never block and never throw. For observing a client you cannot rebuild, or a rollout before
   * {@link #wrap(OkHttpClient)}. Not installed by {@code wrap}, whose interceptors already audit
   * every hop (the listener would double each event). Runs once per connection acquisition, so
   * again for each redirect or retry that acquires one.
   */
  public EventListener.Factory createEventListenerFactory() {
    return call -> new AuditEventListener(guard);
  }
}
