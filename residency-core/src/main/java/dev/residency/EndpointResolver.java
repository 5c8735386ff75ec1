package dev.residency;

import java.util.List;
import java.util.Objects;

/**
 * Places an {@link Endpoint}: returns its {@link Location}, or {@link Location#unknown()} to say
 * "no answer here, ask the next resolver". Never returns {@code null}.
 *
 * <p>Implementations must be thread-safe and fast (decisions are cached, but the first call for
 * each endpoint runs the chain). A resolver that throws makes the decision DENY with {@link
 * ReasonCode#DENIED_RESOLVER_ERROR}: fail closed.
 */
@FunctionalInterface
public interface EndpointResolver {
  /** Places the endpoint, or returns {@link Location#unknown()}. */
  Location resolve(Endpoint endpoint);

  /** A resolver that asks each of {@code resolvers} in order; the first known answer wins. */
  static EndpointResolver firstOf(EndpointResolver... resolvers) {
    List<EndpointResolver> chain = List.of(resolvers);
    for (EndpointResolver r : chain) {
      Objects.requireNonNull(r, "resolver");
    }
    return endpoint -> {
      Location last = Location.unknown();
      for (EndpointResolver r : chain) {
        Location l = r.resolve(endpoint);
        if (l == null) {
          throw new IllegalStateException("resolver " + r + " returned null");
        }
        if (!l.isUnknown()) {
          return l;
        }
        if (l != Location.unknown()) {
          last = l; // keep the most specific "why unknown" for explanations
        }
      }
      return last;
    };
  }
}
