package dev.residency.jdbc;

import dev.residency.ResidencyGuard;
import java.util.Objects;

/**
 * Configures {@link ResidencyJdbc}. Reached through {@link ResidencyJdbc#builder(ResidencyGuard)};
 * not thread-safe, while its product is immutable and thread-safe.
 */
public final class ResidencyJdbcBuilder {
  final ResidencyGuard guard;
  boolean maskResults;
  boolean resolveAddresses = true;

  ResidencyJdbcBuilder(ResidencyGuard guard) {
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  /**
   * Masks text values of result sets with the guard's masking pipeline (the policy's {@code
   * masking.rules} with {@code column:} targets, and the detectors when {@code scanStrings} is
   * on). Default {@code false}: connections and statements are then the driver's own objects, with
   * no proxy in between.
   *
   * <p>When on, connections, statements and result sets are wrapped in JDK dynamic proxies;
   * {@code DatabaseMetaData} results stay untouched. Masked values are audited as counts per column
   * label, never the values.
   *
   * @param maskResults whether to mask result sets
   * @return this builder
   */
  public ResidencyJdbcBuilder setMaskResults(boolean maskResults) {
    this.maskResults = maskResults;
    return this;
  }

  /**
   * Resolves each host with {@link java.net.InetAddress#getAllByName} before deciding, so that the
   * addresses are checked against the policy's CIDR facts (an answer outside the declared ranges is
   * denied). Only takes effect when {@link dev.residency.ResidencyPolicy#hasAddressFacts()} is true;
   * otherwise no DNS query is made. Default {@code true}.
   *
   * @param resolveAddresses whether to resolve and check addresses
   * @return this builder
   */
  public ResidencyJdbcBuilder setResolveAddresses(boolean resolveAddresses) {
    this.resolveAddresses = resolveAddresses;
    return this;
  }

  /**
   * Builds the immutable, thread-safe {@link ResidencyJdbc}.
   *
   * @return the adapter
   */
  public ResidencyJdbc build() {
    return new ResidencyJdbc(this);
  }
}
