package dev.residency;

/**
 * What {@link ResidencyGuard#reload} did: replaced the policy, or kept the old one and why.
 *
 * <p>Immutable.
 */
public final class ReloadResult {
  private final boolean replaced;
  private final long policyVersion;
  private final RuntimeException error;

  ReloadResult(boolean replaced, long policyVersion, RuntimeException error) {
    this.replaced = replaced;
    this.policyVersion = policyVersion;
    this.error = error;
  }

  /** True when the new policy is now in force. */
  public boolean replaced() {
    return replaced;
  }

  /** The version in force after the reload. */
  public long policyVersion() {
    return policyVersion;
  }

  /** Why the new policy was rejected ({@link InvalidPolicyException} or an I/O error), or {@code null}. */
  public RuntimeException error() {
    return error;
  }

  @Override
  public String toString() {
    return replaced ? "replaced (version " + policyVersion + ")" : "kept version " + policyVersion + ": " + error.getMessage();
  }
}
