package dev.residency.okhttp.internal;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.ResidencyGuard;
import dev.residency.http.internal.HttpHops;
import java.io.IOException;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Internal, may change without notice. Decides the request's URL before OkHttp opens or picks a
 * connection (so a denied call never reaches DNS or the server), masks the body when the decision
 * or the options say so, and tags the request with a {@link HopState} so the network interceptor
 * does not decide and audit the same hop again.
 */
public final class ApplicationInterceptor implements Interceptor {
  private final ResidencyGuard guard;
  private final BodyMasker masker;
  private final boolean maskJsonBodies;

  /** Creates the interceptor. */
  public ApplicationInterceptor(ResidencyGuard guard, String strategy, boolean maskJsonBodies) {
    this.guard = guard;
    this.masker = new BodyMasker(guard, strategy);
    this.maskJsonBodies = maskJsonBodies;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    HopState state = new HopState();
    Endpoint endpoint = Hops.of(request, List.of());
    Decision decision;
    if (endpoint == null) {
      decision = HttpHops.decideInvalid(guard, request.url().host());
    } else {
      decision = guard.evaluate(endpoint);
      state.markDecided(endpoint);
    }
    HttpHops.throwIfBlocking(decision);
    if (decision.requiresMasking() || maskJsonBodies) {
      request = masker.mask(request, decision, decision.requiresMasking());
      state.setBodyMasked();
    }
    return chain.proceed(request.newBuilder().tag(HopState.class, state).build());
  }
}
