package dev.residency.httpclient;

import dev.residency.ResidencyGuard;
import dev.residency.httpclient.internal.GuardedHttpClient;
import java.net.http.HttpClient;
import java.util.Objects;

/**
 * Keeps a {@link java.net.http.HttpClient}'s traffic inside the regions a {@link ResidencyGuard}'s
 * policy allows. {@link #wrap(HttpClient)} returns an {@code HttpClient} that, before each request
 * is sent, decides its URI and the proxy the client's selector picks, and that follows redirects
 * itself so each hop is decided: the JDK client follows them internally, out of any wrapper's
 * sight.
 *
 * <p>A blocked {@code send} throws an {@link java.io.IOException} whose cause is the core {@link
 * dev.residency.ResidencyViolationException} (find it with {@link
 * dev.residency.ResidencyViolationException#find(Throwable)}); a blocked {@code sendAsync} or
 * WebSocket {@code buildAsync} returns a future failed with that exception. In report-only mode
 * every request proceeds and every decision is audited. Each hop is decided and audited once.
 *
 * <p>Request bodies are not masked: a {@code BodyPublisher} is a stream the wrapper cannot rewrite
 * safely, so in enforce mode a request with a body to a destination whose decision is ALLOW_MASKED
 * fails the same way rather than leave unmasked. Mask before building the request, or use OkHttp.
 *
 * <p>Immutable and thread-safe; build one per guard and share it.
 */
public final class ResidencyHttpClient {
  private final ResidencyGuard guard;
  private final int maxRedirects;

  ResidencyHttpClient(ResidencyGuard guard, int maxRedirects) {
    this.guard = guard;
    this.maxRedirects = maxRedirects;
  }

  /**
   * Returns an instance with default options (equivalent to {@code builder(guard).build()}).
   *
   * @throws NullPointerException when {@code guard} is null
   */
  public static ResidencyHttpClient create(ResidencyGuard guard) {
    return builder(guard).build();
  }

  /**
   * Starts a builder for options.
   *
   * @throws NullPointerException when {@code guard} is null
   */
  public static ResidencyHttpClientBuilder builder(ResidencyGuard guard) {
    return new ResidencyHttpClientBuilder(Objects.requireNonNull(guard, "guard"));
  }

  /**
   * Returns a client that checks every hop and otherwise behaves as {@code client}: its getters,
   * WebSocket builder and (on Java 21+) lifecycle methods forward to it, and redirects are followed
   * according to its {@link HttpClient#followRedirects()} policy. When that policy follows
   * redirects, requests are sent through a copy of {@code client} built with {@code Redirect.NEVER}
   * (same version, SSL context and parameters, cookie handler, timeout, proxy, authenticator and
   * executor; a priority or local address cannot be read back and is not copied), which the
   * lifecycle methods close along with the original. Wrapping a wrapped client returns it as is.
   *
   * @throws NullPointerException when {@code client} is null
   */
  public HttpClient wrap(HttpClient client) {
    Objects.requireNonNull(client, "client");
    if (client instanceof GuardedHttpClient) {
      return client;
    }
    return new GuardedHttpClient(guard, client, maxRedirects);
  }
}
