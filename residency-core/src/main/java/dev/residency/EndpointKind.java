package dev.residency;

/** What kind of client wants to reach an {@link Endpoint}. */
public enum EndpointKind {
  /** A database connection opened through JDBC. */
  JDBC,
  /** A plain HTTP(S) request. */
  HTTP,
  /** Amazon S3 or an S3-compatible object store. */
  S3,
  /** Google Cloud Storage. */
  GCS,
  /** A call to a large language model API. */
  LLM
}
