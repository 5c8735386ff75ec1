package dev.residency.okhttp.internal;

import dev.residency.Endpoint;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Internal, may change without notice. A request tag set by the application interceptor: the
 * endpoints this call has already decided and audited (so each hop is audited once), and whether
 * the body is already masked. OkHttp copies tags onto follow-up requests, so a redirect carries it.
 */
public final class HopState {
  private final Set<Endpoint> decided = ConcurrentHashMap.newKeySet();
  private volatile boolean bodyMasked;

  /** Records a decided endpoint; returns false if it was already recorded. */
  boolean markDecided(Endpoint e) {
    return decided.add(e);
  }

  boolean isDecided(Endpoint e) {
    return decided.contains(e);
  }

  boolean bodyMasked() {
    return bodyMasked;
  }

  void setBodyMasked() {
    bodyMasked = true;
  }
}
