package dev.residency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = ResidencyCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private List<JsonNode> lines() throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.toString().split("\\R")) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  private static Path policy(Path dir) throws Exception {
    Path p = dir.resolve("residency.yaml");
    Files.writeString(p, String.join("\n",
        "residency:",
        "  home: aws:eu-central-1",
        "  allow:",
        "    jurisdictions: [EU]",
        "  endpoints:",
        "    - host: localhost",
        "      region: aws:eu-central-1",
        "    - host: api.us.example",
        "      region: aws:us-east-1",
        "audit:",
        "  sink: none",
        ""));
    return p;
  }

  @Test
  void checkPrintsOneJsonObjectPerTargetInOrderAndExitsZeroWhenAllAllowed(@TempDir Path dir) throws Exception {
    int code = run("check", "--policy", policy(dir).toString(), "http://localhost:8080/a", "jdbc:h2:mem:x");

    assertThat(code).isZero();
    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(2);
    JsonNode first = lines.get(0);
    assertThat(first.get("target").asText()).isEqualTo("http://localhost:8080/a");
    assertThat(first.get("kind").asText()).isEqualTo("http");
    assertThat(first.get("decision").asText()).isEqualTo("ALLOW");
    assertThat(first.get("provider").asText()).isEqualTo("aws");
    assertThat(first.get("region").asText()).isEqualTo("eu-central-1");
    assertThat(first.get("scope").asText()).isEqualTo("region");
    assertThat(first.get("countries").toString()).isEqualTo("[\"DE\"]");
    assertThat(first.get("rule").asText()).isEqualTo("residency.allow");
    assertThat(first.get("reason").asText()).isNotBlank();
    assertThat(lines.get(1).get("kind").asText()).isEqualTo("jdbc");
  }

  @Test
  void checkExitsOneWhenAnyTargetIsDeniedAndUnparseableTargetsAreDenyLines(@TempDir Path dir) throws Exception {
    int code = run("check", "--policy", policy(dir).toString(), "https://api.us.example/", "https://a@b@localhost/", "http://localhost/");

    assertThat(code).isEqualTo(1);
    List<JsonNode> lines = lines();
    assertThat(lines).extracting(n -> n.get("decision").asText()).containsExactly("DENY", "DENY", "ALLOW");
    assertThat(lines.get(1).get("reason").asText()).contains("more than one '@'");
    assertThat(lines.get(1).get("scope").asText()).isEqualTo("unknown");
    assertThat(lines.get(1).get("region").isNull()).isTrue();
  }

  @Test
  void checkReadsJsonAndPlainLinesFromInputFile(@TempDir Path dir) throws Exception {
    Path input = dir.resolve("targets.txt");
    Files.writeString(input, "{\"target\": \"localhost:5432\", \"kind\": \"jdbc\"}\n\nhttp://localhost/\n{\"target\": \"s3://bucket/key\"}\n");

    int code = run("check", "--policy", policy(dir).toString(), "--input", input.toString());

    assertThat(code).isEqualTo(1);
    List<JsonNode> lines = lines();
    assertThat(lines).extracting(n -> n.get("kind").asText()).containsExactly("jdbc", "http", "s3");
    assertThat(lines).extracting(n -> n.get("decision").asText()).containsExactly("ALLOW", "ALLOW", "DENY");
  }

  @Test
  void checkWithoutPolicyAllowsNothingButShowsWhereTargetsResolve() throws Exception {
    int code = run("check", "http://localhost/");

    assertThat(code).isEqualTo(1);
    assertThat(lines().get(0).get("decision").asText()).isEqualTo("DENY");
  }

  @Test
  void badPolicyOrUsageExitsTwo(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "residency:\n  allow:\n    jurisdictions: [EU]\n  mod: enforce\n");

    assertThat(run("check", "--policy", bad.toString(), "http://localhost/")).isEqualTo(2);
    assertThat(err.toString()).contains("bad.yaml:4").contains("residency.mod").contains("did you mean 'mode'");
    assertThat(run("check")).isEqualTo(2);
    assertThat(run("check", "--kind", "ftp", "http://localhost/")).isEqualTo(2);
    assertThat(run("lint", bad.toString())).isEqualTo(2);
  }

  @Test
  void lintPrintsSummaryForValidPolicy(@TempDir Path dir) throws Exception {
    int code = run("lint", policy(dir).toString());

    assertThat(code).isZero();
    assertThat(out.toString()).contains("home: aws:eu-central-1").contains("residency.endpoints[1]: host api.us.example -> aws:us-east-1").contains("ok");
  }

  @Test
  void lintNamesTheLineOfAYamlSyntaxErrorAsSnakeYamlDoes(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("indent.yaml");
    Files.writeString(bad, "residency:\n  allow:\n    jurisdictions: [EU]\n   mode: enforce\n");

    int code = run("lint", bad.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith(bad + ":4: (syntax): ").contains("(line 4, column 4)");
  }

  @Test
  void explainShowsEachResolutionStep(@TempDir Path dir) throws Exception {
    int code = run("explain", "--policy", policy(dir).toString(), "https://api.us.example/v1/x");

    assertThat(code).isEqualTo(1);
    assertThat(out.toString())
        .contains("declared hosts / CIDRs: aws:us-east-1 (US)")
        .contains("decision: DENY DENIED_LOCATION");
  }

  @Test
  void anExplicitKindThatContradictsTheTargetsFormIsAUsageError(@TempDir Path dir) throws Exception {
    Path input = dir.resolve("targets.txt");
    Files.writeString(input, "s3://bucket/key\n{\"target\": \"gs://bucket/x\", \"kind\": \"s3\"}\n");

    int positional = run("check", "--kind", "s3", "s3://bucket/key", "gs://bucket/x");
    int jdbc = run("check", "--kind", "http", "jdbc:postgresql://db.example/app");
    int arn = run("check", "--kind", "gcs", "arn:aws:s3:::bucket");
    String beforeInput = out.toString();
    int inputLine = run("check", "--input", input.toString());
    int explain = run("explain", "--kind", "gcs", "s3://bucket/key");

    assertThat(List.of(positional, jdbc, arn, inputLine, explain)).containsOnly(2);
    assertThat(beforeInput).as("nothing is printed before a contradiction among the arguments").isEmpty();
    assertThat(err.toString().lines()).containsExactly(
        "residency check: --kind s3 contradicts gs://bucket/x, which is gcs by its form (leave --kind out, or give --kind gcs)",
        "residency check: --kind http contradicts jdbc:postgresql://db.example/app, which is jdbc by its form"
            + " (leave --kind out, or give --kind jdbc)",
        "residency check: --kind gcs contradicts arn:aws:s3:::bucket, which is s3 by its form (leave --kind out, or give --kind s3)",
        "residency check: " + input + ":2: --kind s3 contradicts gs://bucket/x, which is gcs by its form"
            + " (leave --kind out, or give --kind gcs)",
        "residency explain: --kind gcs contradicts s3://bucket/key, which is s3 by its form (leave --kind out, or give --kind s3)");
  }

  @Test
  void anExplicitKindStillChoosesForTargetsWhoseFormNamesNoKind() throws Exception {
    int code = run("check", "--kind", "s3", "s3://bucket/key", "https://s3.eu-central-1.amazonaws.com/b/k", "arn:aws:s3:::bucket");

    assertThat(code).isEqualTo(1);
    assertThat(lines()).extracting(n -> n.get("kind").asText()).containsExactly("s3", "s3", "s3");
    assertThat(err.toString()).isEmpty();
  }
}
