package dev.residency;

/**
 * Why a {@link Decision} came out as it did. These names are API and stable: match on them, never
 * on message text.
 */
public enum ReasonCode {
  /** Every country the location may span is allowed by the policy. */
  ALLOWED_LOCATION,
  /** A policy exception (with reason and expiry) lets this endpoint through. */
  ALLOWED_EXCEPTION,
  /** The location is unknown and the policy says {@code unknown: allow}. */
  ALLOWED_UNKNOWN,
  /** At least one country the location may span is not allowed. */
  DENIED_LOCATION,
  /** Nobody could place the endpoint, and unknown locations are denied. */
  DENIED_UNKNOWN,
  /** The target could not be parsed safely (userinfo tricks, control characters, bad IDN...). */
  DENIED_INVALID_ENDPOINT,
  /** Resolving the location failed (a resolver threw or timed out); fail closed. */
  DENIED_RESOLVER_ERROR,
  /** The policy requires an audit trail and the audit sink failed. */
  DENIED_AUDIT_FAILURE
}
