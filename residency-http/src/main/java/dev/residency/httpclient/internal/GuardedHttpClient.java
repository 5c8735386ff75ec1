package dev.residency.httpclient.internal;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.Mode;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.http.internal.HttpHops;
import dev.residency.http.internal.ResidencyIOException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.PushPromiseHandler;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Internal, may change without notice. An {@link HttpClient} that decides every hop before it is
 * sent: the request URI, the proxy the client's selector picks for it, and each redirect, which it
 * follows itself (the JDK would follow them out of sight) according to the original client's
 * {@link HttpClient.Redirect} policy. Every other method forwards to the delegate; methods newer
 * than Java 17 ({@code shutdown}, {@code close}...) are forwarded reflectively when present.
 */
public final class GuardedHttpClient extends HttpClient implements AutoCloseable {
  private final ResidencyGuard guard;
  private final HttpClient original;
  /** The client that sends: {@code original}, or a copy that never follows redirects. */
  private final HttpClient sender;
  private final int maxRedirects;

  /** Creates the wrapper. */
  public GuardedHttpClient(ResidencyGuard guard, HttpClient original, int maxRedirects) {
    this.guard = guard;
    this.original = original;
    this.sender = original.followRedirects() == Redirect.NEVER ? original : withoutRedirects(original);
    this.maxRedirects = maxRedirects;
  }

  private static HttpClient withoutRedirects(HttpClient c) {
    // Everything the public API lets us read; priority and local address cannot be read back.
    HttpClient.Builder b = HttpClient.newBuilder()
        .followRedirects(Redirect.NEVER)
        .version(c.version())
        .sslContext(c.sslContext())
        .sslParameters(c.sslParameters());
    c.cookieHandler().ifPresent(b::cookieHandler);
    c.connectTimeout().ifPresent(b::connectTimeout);
    c.proxy().ifPresent(b::proxy);
    c.authenticator().ifPresent(b::authenticator);
    c.executor().ifPresent(b::executor);
    return b.build();
  }

  /** The wrapped client. */
  public HttpClient original() {
    return original;
  }

  // ---- sending ------------------------------------------------------------------------------

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler) throws IOException, InterruptedException {
    HttpRequest hop = request;
    for (int redirects = 0; ; redirects++) {
      decide(hop);
      HttpResponse<T> response = sender.send(hop, skippingRedirects(hop, handler));
      HttpRequest next = nextHop(hop, response);
      if (next == null) {
        return response;
      }
      if (redirects >= maxRedirects) {
        throw new IOException("too many redirects (more than " + maxRedirects + ")");
      }
      hop = next;
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> handler) {
    return sendAsync(request, handler, null);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, BodyHandler<T> handler, PushPromiseHandler<T> pushPromiseHandler) {
    return hopAsync(request, handler, pushPromiseHandler, 0).toCompletableFuture();
  }

  private <T> CompletionStage<HttpResponse<T>> hopAsync(
      HttpRequest hop, BodyHandler<T> handler, PushPromiseHandler<T> push, int redirects) {
    try {
      decide(hop);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<HttpResponse<T>> sent = push == null
        ? sender.sendAsync(hop, skippingRedirects(hop, handler))
        : sender.sendAsync(hop, skippingRedirects(hop, handler), push);
    return sent.thenCompose(response -> {
      HttpRequest next = nextHop(hop, response);
      if (next == null) {
        return CompletableFuture.completedFuture(response);
      }
      if (redirects >= maxRedirects) {
        return CompletableFuture.failedFuture(new IOException("too many redirects (more than " + maxRedirects + ")"));
      }
      return hopAsync(next, handler, push, redirects + 1);
    });
  }

  /** Decides the hop's URI and its proxy, each audited once; throws when either blocks. */
  private void decide(HttpRequest hop) throws ResidencyIOException {
    URI uri = hop.uri();
    Decision target = decide(uri.getHost(), port(uri), uri.getRawPath(), hop.method());
    if (target.requiresMasking() && target.mode() == Mode.ENFORCE
        && hop.bodyPublisher().map(p -> p.contentLength() != 0).orElse(false)) {
      // A BodyPublisher is a stream we cannot rewrite safely: refuse rather than send it unmasked.
      throw new ResidencyIOException("the destination requires masking and java.net.http request bodies cannot be"
          + " masked (" + target.outcome() + " " + target.reasonCode() + ")", new ResidencyViolationException(target));
    }
    Optional<ProxySelector> selector = sender.proxy();
    if (selector.isPresent()) {
      List<Proxy> proxies = selector.get().select(uri);
      if (proxies != null && !proxies.isEmpty() && proxies.get(0).type() == Proxy.Type.HTTP
          && proxies.get(0).address() instanceof InetSocketAddress) {
        InetSocketAddress proxy = (InetSocketAddress) proxies.get(0).address();
        decide(proxy.getHostString(), proxy.getPort(), null, null);
      }
    }
  }

  /** Decides one hop: {@code path} raw, as sent (the JDK sends {@code ..} and escapes as written). */
  private Decision decide(String host, int port, String path, String method) throws ResidencyIOException {
    Endpoint endpoint = host == null ? null : HttpHops.endpoint(host, port, path, method, List.of());
    Decision decision = endpoint == null
        ? HttpHops.decideInvalid(guard, host == null ? "" : host)
        : guard.evaluate(endpoint);
    HttpHops.throwIfBlocking(decision);
    return decision;
  }

  static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("https") || scheme.equals("wss") ? 443 : scheme.equals("http") || scheme.equals("ws") ? 80 : -1;
  }

  // ---- redirects ----------------------------------------------------------------------------

  private boolean followsRedirects() {
    return original.followRedirects() != Redirect.NEVER;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** The user's handler, except that the bodies of redirects we will follow are discarded. */
  private <T> BodyHandler<T> skippingRedirects(HttpRequest hop, BodyHandler<T> handler) {
    if (!followsRedirects()) {
      return handler;
    }
    return info -> target(hop.uri(), info.statusCode(), info.headers()) != null
        ? BodySubscribers.replacing(null)
        : handler.apply(info);
  }

  /** Where a redirect leads, or {@code null} when the client's policy does not follow it. */
  private URI target(URI from, int status, HttpHeaders headers) {
    if (!followsRedirects() || !isRedirect(status)) {
      return null;
    }
    Optional<String> location = headers.firstValue("Location");
    if (location.isEmpty()) {
      return null;
    }
    URI to;
    try {
      to = from.resolve(location.get());
    } catch (IllegalArgumentException e) {
      return null;
    }
    String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return null;
    }
    if (original.followRedirects() == Redirect.NORMAL
        && "https".equalsIgnoreCase(from.getScheme()) && scheme.equals("http")) {
      return null;
    }
    return to;
  }

  private HttpRequest nextHop(HttpRequest hop, HttpResponse<?> response) {
    URI to = target(hop.uri(), response.statusCode(), response.headers());
    if (to == null) {
      return null;
    }
    int status = response.statusCode();
    String method = hop.method();
    boolean toGet = status == 303 && !method.equals("HEAD")
        || (status == 301 || status == 302) && method.equals("POST");
    boolean sameOrigin = sameOrigin(hop.uri(), to);
    // Like the JDK: keep headers, but never carry credentials to another origin.
    HttpRequest.Builder b = HttpRequest.newBuilder(hop, (name, value) ->
        (sameOrigin || !(name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Cookie")))
            && !(toGet && name.equalsIgnoreCase("Content-Type")))
        .uri(to);
    if (toGet) {
      b.GET();
    }
    return b.build();
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  // ---- WebSocket ----------------------------------------------------------------------------

  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    return new GuardedWebSocketBuilder(original.newWebSocketBuilder());
  }

  private final class GuardedWebSocketBuilder implements WebSocket.Builder {
    private final WebSocket.Builder delegate;

    GuardedWebSocketBuilder(WebSocket.Builder delegate) {
      this.delegate = delegate;
    }

    @Override
    public WebSocket.Builder header(String name, String value) {
      delegate.header(name, value);
      return this;
    }

    @Override
    public WebSocket.Builder connectTimeout(Duration timeout) {
      delegate.connectTimeout(timeout);
      return this;
    }

    @Override
    public WebSocket.Builder subprotocols(String mostPreferred, String... lesserPreferred) {
      delegate.subprotocols(mostPreferred, lesserPreferred);
      return this;
    }

    @Override
    public CompletableFuture<WebSocket> buildAsync(URI uri, WebSocket.Listener listener) {
      try {
        // The opening handshake is a GET.
        decide(uri.getHost(), port(uri), uri.getRawPath(), "GET");
      } catch (ResidencyIOException e) {
        return CompletableFuture.failedFuture(e);
      }
      return delegate.buildAsync(uri, listener);
    }
  }

  // ---- plain forwarding ---------------------------------------------------------------------

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return original.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return original.connectTimeout();
  }

  /** The original client's policy, which this wrapper carries out hop by hop. */
  @Override
  public Redirect followRedirects() {
    return original.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return original.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return original.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return original.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return original.authenticator();
  }

  @Override
  public Version version() {
    return original.version();
  }

  @Override
  public Optional<Executor> executor() {
    return original.executor();
  }

  // ---- lifecycle (Java 21+), forwarded when the running JDK has it ----------------------------

  /** Forwards {@code HttpClient.shutdown()} (Java 21+); does nothing on older JDKs. */
  public void shutdown() {
    forward("shutdown");
  }

  /** Forwards {@code HttpClient.shutdownNow()} (Java 21+); does nothing on older JDKs. */
  public void shutdownNow() {
    forward("shutdownNow");
  }

  /** Forwards {@code HttpClient.isShutdown()} (Java 21+); false on older JDKs. */
  public boolean isShutdown() {
    return Boolean.TRUE.equals(forward("isShutdown"));
  }

  /** Forwards {@code HttpClient.isTerminated()} (Java 21+); false on older JDKs. */
  public boolean isTerminated() {
    return Boolean.TRUE.equals(forward("isTerminated"));
  }

  /**
   * Forwards {@code HttpClient.awaitTermination(Duration)} (Java 21+); false on older JDKs.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitTermination(Duration duration) throws InterruptedException {
    boolean done = true;
    for (HttpClient c : clients()) {
      Method m = method("awaitTermination", Duration.class);
      if (m == null) {
        return false;
      }
      try {
        done &= Boolean.TRUE.equals(m.invoke(c, duration));
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof InterruptedException) {
          throw (InterruptedException) e.getCause();
        }
        throw rethrow(e);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    return done;
  }

  /** Forwards {@code HttpClient.close()} (Java 21+); does nothing on older JDKs. */
  @Override
  public void close() {
    forward("close");
  }

  private List<HttpClient> clients() {
    return sender == original ? List.of(original) : List.of(original, sender);
  }

  private Object forward(String name) {
    Method m = method(name);
    if (m == null) {
      return null;
    }
    Object result = null;
    for (HttpClient c : clients()) {
      try {
        Object r = m.invoke(c);
        result = result == null ? r : Boolean.valueOf(Boolean.TRUE.equals(result) && Boolean.TRUE.equals(r));
      } catch (InvocationTargetException e) {
        throw rethrow(e);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    return result;
  }

  private static Method method(String name, Class<?>... types) {
    try {
      return HttpClient.class.getMethod(name, types);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static RuntimeException rethrow(InvocationTargetException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException) {
      return (RuntimeException) cause;
    }
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    return new IllegalStateException(cause);
  }
}
