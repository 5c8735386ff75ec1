package dev.residency;

import dev.residency.internal.HostNames;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A policy exception: a host (or {@code *.domain}) allowed whatever its location, with a reason
 * and an expiry date. From the day after {@link #expires()} it no longer applies, and decisions
 * say so.
 *
 * <p>Immutable and thread-safe.
 */
public final class Exemption {
  private final String id;
  private final String hostPattern;
  private final String reason;
  private final LocalDate expires;

  private Exemption(String id, String hostPattern, String reason, LocalDate expires) {
    this.id = id;
    this.hostPattern = hostPattern;
    this.reason = reason;
    this.expires = expires;
  }

  /**
   * Creates an exemption.
   *
   * @param id the rule id reported in decisions, e.g. {@code residency.exceptions[0]}
   * @param hostPattern an exact host or {@code *.domain}
   * @param reason why this is acceptable (required, shown to auditors)
   * @param expires the last day it applies (required)
   */
  public static Exemption of(String id, String hostPattern, String reason, LocalDate expires) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(hostPattern, "hostPattern");
    Objects.requireNonNull(expires, "expires");
    if (Objects.requireNonNull(reason, "reason").isBlank()) {
      throw new IllegalArgumentException("an exception needs a reason");
    }
    String p = hostPattern.trim();
    String normalized = p.startsWith("*.") ? "*." + HostNames.normalize(p.substring(2)) : HostNames.normalize(p);
    return new Exemption(id, normalized, reason.trim(), expires);
  }

  /** The rule id. */
  public String id() {
    return id;
  }

  /** The normalized host pattern. */
  public String hostPattern() {
    return hostPattern;
  }

  /** Why it is allowed. */
  public String reason() {
    return reason;
  }

  /** The last day it applies. */
  public LocalDate expires() {
    return expires;
  }

  /** True when the pattern matches the normalized host. */
  public boolean matches(String host) {
    return HostNames.matchesPattern(host, hostPattern);
  }

  /** True when it still applies on {@code today}. */
  public boolean isActiveOn(LocalDate today) {
    return !today.isAfter(expires);
  }
}
