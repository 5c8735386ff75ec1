package dev.residency.okhttp.internal;

import dev.residency.Endpoint;
import dev.residency.ResidencyGuard;
import dev.residency.http.internal.HttpHops;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal, may change without notice. Audits, never enforces: on every connection a call acquires
 * it decides the host the connection was made for (with the connection's address when the policy has address
 * facts) and the proxy, and lets the guard's audit sink record the outcome. OkHttp forbids
 * listeners from throwing, so nothing escapes.
 */
public final class AuditEventListener extends EventListener {
  private static final Logger LOG = LoggerFactory.getLogger(AuditEventListener.class);

  private final ResidencyGuard guard;

  /** Creates the listener. */
  public AuditEventListener(ResidencyGuard guard) {
    this.guard = guard;
  }

  @Override
  public void connectionAcquired(Call call, Connection connection) {
    try {
      Route route = connection.route();
      boolean addressFacts = guard.policy().hasAddressFacts();
      boolean direct = route.proxy().type() == Proxy.Type.DIRECT;
      InetAddress address = route.socketAddress().getAddress();
      List<InetAddress> addresses = direct && addressFacts && address != null ? List.of(address) : List.of();
      // The route's own URL: the host this connection was made for (a redirect target included).
      HttpUrl url = route.address().url();
      audit(HttpHops.endpoint(url.host(), url.port(), null, null, addresses), url.host());
      if (!direct) {
        InetSocketAddress proxy = (InetSocketAddress) route.proxy().address();
        audit(HttpHops.endpoint(proxy.getHostString(), proxy.getPort(), null, null, List.of()), proxy.getHostString());
      }
    } catch (RuntimeException e) {
      // A listener must not break the call; the guard already counts its own sink failures.
      LOG.warn("residency audit listener failed: {}", e.toString());
    }
  }

  private void audit(Endpoint endpoint, String host) {
    if (endpoint == null) {
      HttpHops.decideInvalid(guard, host);
    } else {
      guard.evaluate(endpoint);
    }
  }
}
