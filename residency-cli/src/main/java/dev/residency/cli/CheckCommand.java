package dev.residency.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.Decision;
import dev.residency.EndpointKind;
import dev.residency.Endpoints;
import dev.residency.InvalidPolicyException;
import dev.residency.Location;
import dev.residency.Outcome;
import dev.residency.ResidencyGuard;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code residency check}: one JSON line per target saying where it resolves and whether it is allowed. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Resolves each target (URL, host, JDBC URL, s3:// or gs:// URI, ARN, Bedrock model id) and prints one JSON object per target, in input order.",
      "Exit 0 when all are allowed, 1 when any is denied, 2 on a usage or policy error.",
      "Without --policy, nothing is allowed: the output shows where each target resolves."
    })
final class CheckCommand implements Callable<Integer> {
  /**
   * Built on first use, not when picocli instantiates every subcommand: an ObjectMapper loads about
   * 250 classes, 0.2 s of every other command's start (mask, lint, --version).
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  @Spec CommandSpec spec;

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (YAML or JSON).")
  Path policy;

  @Option(names = "--kind", paramLabel = "KIND", description = "http, jdbc, s3, gcs or llm (default: guessed per target); a usage error for a target whose form names another kind.")
  String kind;

  @Option(names = "--input", paramLabel = "FILE",
      description = "Targets, one per line: a plain target or {\"target\": \"...\", \"kind\": \"...\"}.")
  Path input;

  @Parameters(paramLabel = "TARGET", arity = "0..*", description = "Targets to check.")
  List<String> targets = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    EndpointKind defaultKind;
    try {
      defaultKind = parseKind(kind);
    } catch (IllegalArgumentException e) {
      err.println("residency check: " + e.getMessage());
      return 2;
    }
    if (targets.isEmpty() && input == null) {
      err.println("residency check: give at least one TARGET or --input FILE");
      return 2;
    }
    ResidencyGuard guard;
    try {
      guard = Policies.guard(Policies.load(policy));
    } catch (InvalidPolicyException | UncheckedIOException e) {
      err.println("residency check: " + e.getMessage());
      return 2;
    }
    for (String t : targets) {
      String conflict = kindConflict(defaultKind, t);
      if (conflict != null) {
        err.println("residency check: " + conflict);
        return 2;
      }
    }
    boolean anyDenied = false;
    for (String t : targets) {
      anyDenied |= check(guard, out, t, defaultKind);
    }
    if (input != null) {
      try (BufferedReader r = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
        String line;
        int number = 0;
        while ((line = r.readLine()) != null) {
          number++;
          if (line.isBlank()) {
            continue;
          }
          String target = line.strip();
          EndpointKind k = defaultKind;
          if (target.startsWith("{")) {
            JsonNode node;
            try {
              node = Json.MAPPER.readTree(target);
            } catch (IOException e) {
              err.println("residency check: " + input + ":" + number + ": not valid JSON");
              return 2;
            }
            if (!node.path("target").isTextual()) {
              err.println("residency check: " + input + ":" + number + ": missing \"target\"");
              return 2;
            }
            target = node.get("target").asText();
            if (node.path("kind").isTextual()) {
              try {
                k = parseKind(node.get("kind").asText());
              } catch (IllegalArgumentException e) {
                err.println("residency check: " + input + ":" + number + ": " + e.getMessage());
                return 2;
              }
            }
          }
          String conflict = kindConflict(k, target);
          if (conflict != null) {
            err.println("residency check: " + input + ":" + number + ": " + conflict);
            return 2;
          }
          anyDenied |= check(guard, out, target, k);
        }
      } catch (java.nio.file.NoSuchFileException e) {
        err.println("residency check: no such file " + input);
        return 2;
      }
    }
    out.flush();
    return anyDenied ? 1 : 0;
  }

  static EndpointKind parseKind(String kind) {
    if (kind == null) {
      return null;
    }
    try {
      return EndpointKind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown kind '" + kind + "' (expected http, jdbc, s3, gcs or llm)");
    }
  }

  /**
   * Why an explicit {@code kind} cannot apply to {@code target}, or null when it can. A JDBC URL,
   * an {@code s3://} or {@code gs://} URI and an S3 or Bedrock ARN say by their form what they are,
   * and the parser follows the form: {@code --kind s3 gs://b} printed kind s3 with a GCS reason.
   * Such a contradiction is a usage error rather than a silent choice of either side.
   */
  static String kindConflict(EndpointKind kind, String target) {
    if (kind == null) {
      return null;
    }
    String t = target.strip().toLowerCase(Locale.ROOT);
    if (!(t.startsWith("jdbc:") || t.startsWith("s3://") || t.startsWith("gs://") || t.startsWith("arn:"))) {
      return null;
    }
    EndpointKind form = Endpoints.guessKind(t);
    if (form == kind || (t.startsWith("arn:") && form == EndpointKind.HTTP)) {
      return null; // an ARN of another service names no kind of its own
    }
    String name = form.name().toLowerCase(Locale.ROOT);
    return "--kind " + kind.name().toLowerCase(Locale.ROOT) + " contradicts " + target.strip() + ", which is " + name
        + " by its form (leave --kind out, or give --kind " + name + ")";
  }

  /** Prints the line for one target; returns true when denied. */
  private static boolean check(ResidencyGuard guard, PrintWriter out, String target, EndpointKind kind) throws IOException {
    EndpointKind k = kind != null ? kind : Endpoints.guessKind(target);
    List<Decision> decisions = guard.evaluateTarget(k, target);
    // A multi-host target is allowed only if every host is: report the first denial, else the first.
    Decision shown = decisions.get(0);
    for (Decision d : decisions) {
      if (d.outcome() == Outcome.DENY) {
        shown = d;
        break;
      }
    }
    Location l = shown.location();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", target);
    m.put("kind", k.name().toLowerCase(Locale.ROOT));
    m.put("decision", shown.outcome().name());
    m.put("provider", l.provider());
    m.put("region", l.regionCode());
    m.put("scope", l.scope().wireName());
    m.put("countries", new ArrayList<>(new TreeSet<>(l.countries())));
    m.put("reason", shown.explanation());
    m.put("reasonCode", shown.reasonCode().name());
    m.put("rule", shown.ruleId());
    if (decisions.size() > 1) {
      m.put("hosts", decisions.size());
    }
    out.println(Json.MAPPER.writeValueAsString(m));
    return shown.outcome() == Outcome.DENY;
  }
}
