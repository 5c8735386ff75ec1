package dev.residency.llm.internal;

import dev.residency.Endpoint;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Internal, may change without notice. A request tag from the LLM application interceptor: the
 * endpoint it decided (and audited), so the network interceptor decides only hops that differ (a
 * redirect, a proxy, an address) and each call is audited once. OkHttp copies tags onto follow-ups.
 */
final class CallState {
  final Endpoint decided;
  private final Set<String> hops = ConcurrentHashMap.newKeySet();

  CallState(Endpoint decided) {
    this.decided = decided;
    hops.add(decided.host() + ":" + decided.port());
  }

  /** Records a hop ("host:port", "proxy host:port", "address a"); false if already recorded. */
  boolean mark(String hop) {
    return hops.add(hop);
  }
}
