package dev.residency;

/** The verdict of a {@link Decision}. */
public enum Outcome {
  /** Data may go to the endpoint as it is. */
  ALLOW,
  /** Data may go to the endpoint once masked by the policy's masking pipeline. */
  ALLOW_MASKED,
  /** Data must not go to the endpoint. */
  DENY
}
