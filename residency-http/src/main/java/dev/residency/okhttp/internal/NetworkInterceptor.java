package dev.residency.okhttp.internal;

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
 * Internal, may change without notice. Runs once per network request on the real connection,
 * before the request is written: decides every hop the application interceptor has not already
 * decided (a redirect to another host, a host rewritten by a later interceptor, a connection
 * coalesced across hosts, an address the residency {@code Dns} did not see) and the proxy, if any.
 */
public final class NetworkInterceptor implements Interceptor {
  private final ResidencyGuard guard;
  private final AddressLedger ledger;
  private final BodyMasker masker;
  private final boolean maskJsonBodies;

  /** Creates the interceptor. */
  public NetworkInterceptor(ResidencyGuard guard, AddressLedger ledger, String strategy, boolean maskJsonBodies) {
    this.guard = guard;
    this.ledger = ledger;
    this.masker = new BodyMasker(guard, strategy);
    this.maskJsonBodies = maskJsonBodies;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    HopState state = request.tag(HopState.class);
    if (state == null) {
      // Installed without the application interceptor: decide every hop here.
      state = new HopState();
    }
    Connection connection = chain.connection();
    Route route = connection == null ? null : connection.route();
    boolean direct = route == null || route.proxy().type() == Proxy.Type.DIRECT;
    InetAddress socketAddress = route == null ? null : route.socketAddress().getAddress();
    boolean addressFacts = guard.policy().hasAddressFacts();
    long version = guard.policyVersion();

    Decision worst = null;
    Endpoint target = Hops.of(request, List.of());
    boolean addressUnchecked = direct && addressFacts && socketAddress != null
        && !ledger.isDecided(request.url().host(), socketAddress, version);
    if (target == null) {
      worst = HttpHops.decideInvalid(guard, request.url().host());
      HttpHops.throwIfBlocking(worst);
    } else if (addressUnchecked) {
      Endpoint withAddress = Hops.of(request, List.of(socketAddress));
      worst = guard.evaluate(withAddress);
      state.markDecided(target);
      HttpHops.throwIfBlocking(worst);
    } else if (state.markDecided(target)) {
      worst = guard.evaluate(target);
      HttpHops.throwIfBlocking(worst);
    }

    if (!direct) {
      Decision proxy = decideProxy(route, socketAddress, addressFacts, version, state);
      if (proxy != null) {
        HttpHops.throwIfBlocking(proxy);
        worst = worse(worst, proxy);
      }
    }

    if (worst != null && !state.bodyMasked() && (worst.requiresMasking() || maskJsonBodies)) {
      request = masker.mask(request, worst, worst.requiresMasking());
      state.setBodyMasked();
    }
    return chain.proceed(request);
  }

  private Decision decideProxy(Route route, InetAddress socketAddress, boolean addressFacts, long version, HopState state) {
    InetSocketAddress proxyAddress = (InetSocketAddress) route.proxy().address();
    String proxyHost = proxyAddress.getHostString();
    // An HTTP proxy's socket address is the proxy's own; a SOCKS route's is the (unresolved) target.
    if (route.proxy().type() != Proxy.Type.HTTP) {
      socketAddress = null;
    }
    List<InetAddress> addresses = addressFacts && socketAddress != null
        && !ledger.isDecided(proxyHost, socketAddress, version) ? List.of(socketAddress) : List.of();
    Endpoint proxy = HttpHops.endpoint(proxyHost, proxyAddress.getPort(), null, null, addresses);
    if (proxy == null) {
      return HttpHops.decideInvalid(guard, proxyHost);
    }
    return state.markDecided(proxy) ? guard.evaluate(proxy) : null;
  }

  private static Decision worse(Decision a, Decision b) {
    if (a == null) {
      return b;
    }
    int ra = a.isDenied() ? 2 : a.requiresMasking() ? 1 : 0;
    int rb = b.isDenied() ? 2 : b.requiresMasking() ? 1 : 0;
    return rb > ra ? b : a;
  }
}
