package dev.residency.cli;

import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditSink;
import java.nio.file.Path;

/** Loads the policy a command runs under. */
final class Policies {
  private Policies() {}

  /** The policy in {@code file}, or one that allows nothing (so every target shows where it resolves). */
  static ResidencyPolicy load(Path file) {
    return file == null ? ResidencyPolicy.builder().setSource("(no policy: allows nothing)", null).build() : ResidencyPolicy.load(file);
  }

  /** A guard that does not audit: the CLI's output is the record. */
  static ResidencyGuard guard(ResidencyPolicy policy) {
    return ResidencyGuard.builder(policy).setAuditSink(AuditSink.NOOP).build();
  }
}
