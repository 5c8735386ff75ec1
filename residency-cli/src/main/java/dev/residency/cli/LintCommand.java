package dev.residency.cli;

import dev.residency.InvalidPolicyException;
import dev.residency.ResidencyPolicy;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code residency lint POLICY}: validates a policy file and prints a summary. */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = {"Validates a policy file. Prints a summary and exits 0, or prints file:line: key: problem and exits 2."})
final class LintCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "POLICY", arity = "1", description = "Policy file (YAML or JSON).")
  Path policy;

  @Override
  public Integer call() {
    ResidencyPolicy p;
    try {
      p = ResidencyPolicy.load(policy);
      // Building a guard loads IP-range files and masking keys: errors there are policy errors too.
      Policies.guard(p);
    } catch (InvalidPolicyException | UncheckedIOException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(policy + ": " + e.getMessage());
      return 2;
    }
    spec.commandLine().getOut().print(p.summary());
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    p.exceptions().stream()
        .filter(x -> !x.isActiveOn(today))
        .forEach(x -> spec.commandLine().getOut().println("  warning: " + x.id() + " expired on " + x.expires() + " and no longer applies"));
    spec.commandLine().getOut().println("ok");
    return 0;
  }
}
