package dev.residency.httpclient;

import dev.residency.ResidencyGuard;

/**
 * Builds a {@link ResidencyHttpClient}. Obtain one with {@link
 * ResidencyHttpClient#builder(ResidencyGuard)}. Not thread-safe; the built instance is.
 */
public final class ResidencyHttpClientBuilder {
  /** Default limit on redirects followed per request: 5, as the JDK client's own default. */
  public static final int DEFAULT_MAX_REDIRECTS = 5;

  private final ResidencyGuard guard;
  private int maxRedirects = DEFAULT_MAX_REDIRECTS;

  ResidencyHttpClientBuilder(ResidencyGuard guard) {
    this.guard = guard;
  }

  /**
   * How many redirects one request may follow before it fails with an {@link java.io.IOException}.
   * Default {@value #DEFAULT_MAX_REDIRECTS}; allowed 0-100. Applies only when the wrapped client's
   * policy follows redirects.
   *
   * @throws IllegalArgumentException when outside 0-100
   */
  public ResidencyHttpClientBuilder setMaxRedirects(int maxRedirects) {
    if (maxRedirects < 0 || maxRedirects > 100) {
      throw new IllegalArgumentException("maxRedirects must be 0-100, got " + maxRedirects);
    }
    this.maxRedirects = maxRedirects;
    return this;
  }

  /** Builds the immutable, thread-safe {@link ResidencyHttpClient}. */
  public ResidencyHttpClient build() {
    return new ResidencyHttpClient(guard, maxRedirects);
  }
}
