package dev.residency.llm.internal;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.ResidencyGuard;
import dev.residency.http.internal.HttpHops;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * Internal, may change without notice. Runs on the real connection for every network request and
 * decides only what the LLM application interceptor could not: a hop to another host or port (a
 * redirect, a host rewritten by a later interceptor), the proxy, and, when the policy declares CIDR
 * or IP-range facts, the connected address together with the provider endpoint. Each is decided
 * and audited at most once per call.
 *
 * <p>Why not residency-http's own network interceptor: it decides plain HTTP endpoints, without
 * the body facts (Anthropic {@code inference_geo}, the Azure v1 {@code model}) that place an LLM
 * call, and its "already decided" tag cannot be set from outside its package; so it would audit
 * every call twice and deny Anthropic calls the LLM decision allowed.
 */
public final class LlmNetworkInterceptor implements Interceptor {
  private final ResidencyGuard guard;

  /** Creates the interceptor. */
  public LlmNetworkInterceptor(ResidencyGuard guard) {
    this.guard = guard;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    CallState state = request.tag(CallState.class);
    String host = request.url().host();
    int port = request.url().port();
    Connection connection = chain.connection();
    Route route = connection == null ? null : connection.route();
    boolean direct = route == null || route.proxy().type() == Proxy.Type.DIRECT;

    Endpoint target = state != null && host.equals(state.decided.host()) && port == state.decided.port()
        ? state.decided
        : HttpHops.endpoint(host, port, request.url().encodedPath(), request.method(), List.of());
    if (state == null || state.mark(host + ":" + port)) {
      Decision d = target == null ? HttpHops.decideInvalid(guard, host) : guard.evaluate(target);
      HttpHops.throwIfBlocking(d);
    }
    if (target != null && direct && route != null && guard.policy().hasAddressFacts()) {
      InetAddress address = route.socketAddress().getAddress();
      if (address != null && (state == null || state.mark("address " + host + " " + address.getHostAddress()))) {
        HttpHops.throwIfBlocking(guard.evaluate(target.toBuilder().addresses(List.of(address)).build()));
      }
    }
    if (!direct) {
      InetSocketAddress proxy = (InetSocketAddress) route.proxy().address();
      String proxyHost = proxy.getHostString();
      if (state == null || state.mark("proxy " + proxyHost + ":" + proxy.getPort())) {
        Endpoint p = HttpHops.endpoint(proxyHost, proxy.getPort(), null, null, List.of());
        HttpHops.throwIfBlocking(p == null ? HttpHops.decideInvalid(guard, proxyHost) : guard.evaluate(p));
      }
    }
    return chain.proceed(request);
  }
}
