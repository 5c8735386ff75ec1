package dev.residency.okhttp;

import dev.residency.ResidencyGuard;
import dev.residency.mask.MaskingSettings;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Builds a {@link ResidencyOkHttp}. Obtain one with {@link ResidencyOkHttp#builder(ResidencyGuard)}.
 * Not thread-safe; the built instance is.
 */
public final class ResidencyOkHttpBuilder {
  private final ResidencyGuard guard;
  private boolean maskJsonBodies;
  private String maskingStrategy;
  private java.time.Duration dnsTimeout = DEFAULT_DNS_TIMEOUT;

  /** Default bound on one DNS lookup through the wrapped {@link okhttp3.Dns}: 10 seconds. */
  public static final java.time.Duration DEFAULT_DNS_TIMEOUT = java.time.Duration.ofSeconds(10);

  ResidencyOkHttpBuilder(ResidencyGuard guard) {
    this.guard = guard;
  }

  /**
   * Whether every JSON request body ({@code application/json} or {@code +json}) is masked, even
   * when the decision is a plain ALLOW. Default {@code false}: bodies are masked only when the
   * decision is ALLOW_MASKED, in which case a body that cannot be masked (not JSON or text, or
   * duplex) fails the call rather than leave unmasked.
   *
   * <p>Masking follows the policy's {@code masking} rules: field names and JSON pointers with
   * their strategies, detectors inside every other string. The output is valid JSON and the {@code
   * Content-Length} is that of the masked body. Masking happens before the request is written and
   * before the masking audit event, which records counts per type, never values. A body declared as
   * JSON that is not valid JSON fails the call. The whole body is buffered in memory.
   */
  public ResidencyOkHttpBuilder setMaskJsonBodies(boolean maskJsonBodies) {
    this.maskJsonBodies = maskJsonBodies;
    return this;
  }

  /**
   * The strategy for detected values in bodies: {@code redact}, {@code partial}, {@code hash} or
   * {@code token}. Default: the policy's {@code masking.default}. Field and pointer rules keep
   * their own strategies.
   *
   * @throws IllegalArgumentException for an unknown strategy
   */
  public ResidencyOkHttpBuilder setMaskingStrategy(String strategy) {
    Objects.requireNonNull(strategy, "strategy");
    if (!MaskingSettings.STRATEGIES.contains(strategy)) {
      throw new IllegalArgumentException(
          "unknown masking strategy '" + strategy + "' (expected one of " + new TreeSet<>(MaskingSettings.STRATEGIES) + ")");
    }
    this.maskingStrategy = strategy;
    return this;
  }

  /**
   * Bounds each DNS lookup made through the wrapper's {@link okhttp3.Dns}: a resolver that does not
   * answer within this time fails the lookup with an {@link java.net.UnknownHostException}, so a
   * hanging DNS server can never hang a call (nothing is sent). Default {@link
   * #DEFAULT_DNS_TIMEOUT}; {@link java.time.Duration#ZERO} calls the delegate inline, unbounded.
   * Bounded lookups run on a small daemon pool (at most 16 at once; more fail at once).
   *
   * @throws IllegalArgumentException when negative
   */
  public ResidencyOkHttpBuilder setDnsTimeout(java.time.Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("DNS timeout must not be negative: " + timeout);
    }
    this.dnsTimeout = timeout;
    return this;
  }

  /** Builds the immutable, thread-safe {@link ResidencyOkHttp}. */
  public ResidencyOkHttp build() {
    return new ResidencyOkHttp(guard, maskJsonBodies, maskingStrategy, dnsTimeout);
  }
}
