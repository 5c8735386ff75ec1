package dev.residency.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.Outcome;
import dev.residency.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesAuditSinkTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static AuditEvent event(int i) {
    Decision d = Decision.builder(Outcome.DENY, ReasonCode.DENIED_UNKNOWN)
        .endpoint(Endpoint.builder(EndpointKind.HTTP).host("h" + i + ".example").port(443).path("/secret/path").build())
        .ruleId("residency.unknown")
        .explanation("DENIED_UNKNOWN: h" + i)
        .build();
    return AuditEvent.decision(Instant.parse("2026-11-24T00:00:00Z"), d);
  }

  @Test
  void writesOneParsableJsonObjectPerLineWithoutPaths(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("audit/decisions.jsonl");
    AuditSink sink = AuditSinks.jsonLines(file);

    sink.accept(event(1));
    sink.accept(AuditEvent.masking(Instant.EPOCH, "llm.prompt", Map.of("EMAIL:token", 2)));

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(0)).get("host").asText()).isEqualTo("h1.example");
    assertThat(JSON.readTree(lines.get(0)).get("outcome").asText()).isEqualTo("DENY");
    assertThat(lines.get(0)).doesNotContain("/secret/path");
    assertThat(JSON.readTree(lines.get(1)).get("counts").get("EMAIL:token").asInt()).isEqualTo(2);
  }

  @Test
  void rotatesBySizeKeepingTheConfiguredNumberOfFiles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("decisions.jsonl");
    AuditSink sink = AuditSinks.jsonLines(file, 2048, 2);

    for (int i = 0; i < 100; i++) {
      sink.accept(event(i));
    }

    assertThat(Files.size(file)).isLessThanOrEqualTo(2048);
    assertThat(dir.resolve("decisions.jsonl.1")).exists();
    assertThat(dir.resolve("decisions.jsonl.2")).exists();
    assertThat(dir.resolve("decisions.jsonl.3")).doesNotExist();
    for (Path p : List.of(file, dir.resolve("decisions.jsonl.1"))) {
      for (String line : Files.readAllLines(p)) {
        assertThat(JSON.readTree(line).has("time")).isTrue();
      }
    }
  }

  @Test
  void cutsATornLastLineWhenReopened(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("decisions.jsonl");
    Files.writeString(file, "{\"ok\":1}\n{\"torn\":", StandardCharsets.UTF_8);
    AuditSink sink = AuditSinks.jsonLines(file);

    sink.accept(event(7));

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("{\"ok\":1}");
    assertThat(JSON.readTree(lines.get(1)).get("host").asText()).isEqualTo("h7.example");
  }
}
