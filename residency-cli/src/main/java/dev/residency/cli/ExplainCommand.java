package dev.residency.cli;

import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.Endpoints;
import dev.residency.InvalidEndpointException;
import dev.residency.Outcome;
import dev.residency.ResidencyGuard;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code residency explain TARGET}: how the resolver reached its answer, step by step. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {"Shows, step by step, how a target was parsed and placed and why the policy allows or denies it."})
final class ExplainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (default: a policy that allows nothing).")
  Path policy;

  @Option(names = "--kind", paramLabel = "KIND", description = "http, jdbc, s3, gcs or llm (default: guessed).")
  String kind;

  @Parameters(paramLabel = "TARGET", arity = "1")
  String target;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ResidencyGuard guard;
    EndpointKind k;
    try {
      k = CheckCommand.parseKind(kind);
      String conflict = CheckCommand.kindConflict(k, target);
      if (conflict != null) {
        throw new IllegalArgumentException(conflict);
      }
      guard = Policies.guard(Policies.load(policy));
    } catch (UncheckedIOException | IllegalArgumentException e) {
      err.println("residency explain: " + e.getMessage());
      return 2;
    }
    EndpointKind effective = k != null ? k : Endpoints.guessKind(target);
    out.println("target: " + target);
    out.println("kind: " + effective.name().toLowerCase(java.util.Locale.ROOT) + (k == null ? " (guessed from the form of the target)" : ""));
    out.println("policy: " + guard.policy().source());
    List<Endpoint> endpoints;
    try {
      endpoints = Endpoints.parseAll(effective, target);
    } catch (InvalidEndpointException e) {
      out.println("parse: refused: " + e.getMessage());
      out.println("decision: DENY DENIED_INVALID_ENDPOINT (a target that cannot be parsed safely is denied)");
      return 1;
    }
    boolean denied = false;
    for (Endpoint e : endpoints) {
      out.println("endpoint: " + e + (e.path() != null && !e.path().equals("/") ? " path " + e.path() : ""));
      for (String step : guard.explain(e)) {
        out.println("  " + step);
      }
      denied |= guard.evaluate(e).outcome() == Outcome.DENY;
    }
    if (endpoints.size() > 1) {
      out.println("every host must be allowed: " + (denied ? "DENY" : "ALLOW"));
    }
    return denied ? 1 : 0;
  }
}
