package dev.residency;

/** Whether a guard blocks denied calls or only reports them. */
public enum Mode {
  /** Denied calls fail. The default. */
  ENFORCE,
  /** Every call goes through; denials are decided and audited as if enforced (for rollout). */
  REPORT_ONLY;

  /** {@code enforce} or {@code report-only}, as written in policy files. */
  public String wireName() {
    return this == ENFORCE ? "enforce" : "report-only";
  }
}
