package dev.residency;

import java.util.Objects;

/**
 * The answer to "may data go to this endpoint, and in what form?": the {@link Outcome}, a stable
 * {@link ReasonCode}, the id of the rule that decided, the endpoint and its resolved {@link
 * Location}, the mode in force, and a one-line explanation that never contains data values,
 * credentials, paths or query strings.
 *
 * <p>Immutable and thread-safe.
 */
public final class Decision {
  private final Outcome outcome;
  private final ReasonCode reasonCode;
  private final String ruleId;
  private final Endpoint endpoint;
  private final Location location;
  private final Mode mode;
  private final String explanation;
  private final long policyVersion;

  private Decision(Builder b) {
    this.outcome = Objects.requireNonNull(b.outcome, "outcome");
    this.reasonCode = Objects.requireNonNull(b.reasonCode, "reasonCode");
    this.ruleId = Objects.requireNonNull(b.ruleId, "ruleId");
    this.endpoint = b.endpoint;
    this.location = b.location == null ? Location.unknown() : b.location;
    this.mode = Objects.requireNonNull(b.mode, "mode");
    this.explanation = Objects.requireNonNull(b.explanation, "explanation");
    this.policyVersion = b.policyVersion;
  }

  /** Starts a decision; used by guards and by adapters' tests. */
  public static Builder builder(Outcome outcome, ReasonCode reasonCode) {
    return new Builder(outcome, reasonCode);
  }

  /** ALLOW, ALLOW_MASKED or DENY; in report-only mode a DENY is still reported as DENY. */
  public Outcome outcome() {
    return outcome;
  }

  /** Why; stable API. */
  public ReasonCode reasonCode() {
    return reasonCode;
  }

  /** The policy rule that decided, e.g. {@code residency.allow} or {@code residency.exceptions[0]}. */
  public String ruleId() {
    return ruleId;
  }

  /** The endpoint decided on; {@code null} only when the target could not be parsed. */
  public Endpoint endpoint() {
    return endpoint;
  }

  /** Where the endpoint was placed; unknown when nobody could place it. */
  public Location location() {
    return location;
  }

  /** The guard's mode when deciding. */
  public Mode mode() {
    return mode;
  }

  /** One human-readable line: reason code, host, location, rule. No data values. */
  public String explanation() {
    return explanation;
  }

  /** The version of the policy that decided (increments on every replacement). */
  public long policyVersion() {
    return policyVersion;
  }

  /** True for ALLOW and ALLOW_MASKED. */
  public boolean isAllowed() {
    return outcome != Outcome.DENY;
  }

  /** True for DENY, whatever the mode. */
  public boolean isDenied() {
    return outcome == Outcome.DENY;
  }

  /** True when the caller must not proceed: a DENY in {@link Mode#ENFORCE}. */
  public boolean isBlocking() {
    return outcome == Outcome.DENY && mode == Mode.ENFORCE;
  }

  /** True when data must be masked before it goes: ALLOW_MASKED. */
  public boolean requiresMasking() {
    return outcome == Outcome.ALLOW_MASKED;
  }

  @Override
  public String toString() {
    return outcome + " " + explanation;
  }

  /** Builds a {@link Decision}. Not thread-safe. */
  public static final class Builder {
    private final Outcome outcome;
    private final ReasonCode reasonCode;
    private String ruleId = "-";
    private Endpoint endpoint;
    private Location location;
    private Mode mode = Mode.ENFORCE;
    private String explanation;
    private long policyVersion;

    private Builder(Outcome outcome, ReasonCode reasonCode) {
      this.outcome = Objects.requireNonNull(outcome, "outcome");
      this.reasonCode = Objects.requireNonNull(reasonCode, "reasonCode");
    }

    /** Sets the rule id. */
    public Builder ruleId(String ruleId) {
      this.ruleId = Objects.requireNonNull(ruleId, "ruleId");
      return this;
    }

    /** Sets the endpoint (may be {@code null} for unparseable targets). */
    public Builder endpoint(Endpoint endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** Sets the location. */
    public Builder location(Location location) {
      this.location = location;
      return this;
    }

    /** Sets the mode. */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Sets the explanation. */
    public Builder explanation(String explanation) {
      this.explanation = explanation;
      return this;
    }

    /** Sets the policy version. */
    public Builder policyVersion(long policyVersion) {
      this.policyVersion = policyVersion;
      return this;
    }

    /** Builds the decision; the explanation defaults to the reason code. */
    public Decision build() {
      if (explanation == null) {
        explanation = reasonCode.name();
      }
      return new Decision(this);
    }
  }
}
