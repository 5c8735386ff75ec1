package dev.residency.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.Outcome;
import dev.residency.ReasonCode;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON-lines sink under faults: a writer JVM killed mid-write leaves only whole lines (after
 * the next open), rotation keeps working across kills, and a full disk fails the event, not the
 * data path, and the sink recovers once there is room.
 */
class JsonLinesAuditSinkFaultsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DEV_FULL = Path.of("/dev/full");

  @TempDir
  Path dir;

  private static AuditEvent event(int i) {
    Decision d = Decision.builder(Outcome.DENY, ReasonCode.DENIED_UNKNOWN)
        .endpoint(Endpoint.builder(EndpointKind.HTTP).host("h" + i + ".example").port(443).build())
        .ruleId("residency.unknown")
        .explanation("DENIED_UNKNOWN: h" + i)
        .build();
    return AuditEvent.decision(Instant.parse("2026-11-24T00:00:00Z"), d);
  }

  private Process startWriter(Path file, long maxBytes) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        AuditWriterMain.class.getName(), file.toString(), Long.toString(maxBytes))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("the writer JVM started and wrote its first event").isEqualTo("ready");
    return p;
  }

  private long totalBytes(Path file) throws Exception {
    long total = 0;
    try (Stream<Path> files = Files.list(file.getParent())) {
      for (Path f : (Iterable<Path>) files.filter(f -> f.getFileName().toString().startsWith("audit.jsonl"))::iterator) {
        total += Files.size(f);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // a file rotated away between listing and sizing: counted on the next poll
    }
    return total;
  }

  private List<String> allLines(Path file) throws Exception {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(file.getParent())) {
      for (Path f : (Iterable<Path>) files.filter(f -> f.getFileName().toString().startsWith("audit.jsonl"))::iterator) {
        lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  @Test
  @Timeout(60)
  void aWriterJvmKilledMidWriteLeavesOnlyWholeLinesAndRotatesBySize() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    long maxBytes = 256 * 1024;

    for (int run = 0; run < 3; run++) {
      Process writer = startWriter(file, maxBytes);
      // killed once it has written its share (not after a fixed time: a loaded machine writes less),
      // so that the three runs together pass the size limit and rotate
      long share = (run + 1) * maxBytes * 3 / 5;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (totalBytes(file) < share && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      writer.destroyForcibly();
      assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    AuditSink sink = AuditSinks.jsonLines(file, maxBytes, 3);
    sink.accept(event(1));
    ((AutoCloseable) sink).close();

    List<String> lines = allLines(file);
    assertThat(lines).hasSizeGreaterThan(3);
    for (String line : lines) {
      assertThat(JSON.readTree(line).get("outcome").asText()).as("a whole JSON line").isEqualTo("DENY");
    }
    assertThat(Files.size(file)).isLessThanOrEqualTo(maxBytes);
    assertThat(Files.readString(file)).endsWith("\n");
    assertThat(file.resolveSibling("audit.jsonl.1")).as("rotated while being killed").exists();
    assertThat(Files.size(file.resolveSibling("audit.jsonl.1"))).isLessThanOrEqualTo(maxBytes);
    assertThat(Files.exists(file.resolveSibling("audit.jsonl.4"))).as("keeps 3 rotated files").isFalse();
  }

  @Test
  void aFullDiskFailsTheEventAndTheSinkRecoversWhenThereIsRoomAgain() throws Exception {
    assumeTrue(Files.isWritable(DEV_FULL), "needs /dev/full to simulate a full disk");
    Path file = dir.resolve("audit.jsonl");
    Files.createSymbolicLink(file, DEV_FULL);
    AuditSink sink = AuditSinks.jsonLines(file, 64 * 1024, 2);

    assertThatThrownBy(() -> sink.accept(event(1))).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("audit file write failed");
    Files.delete(file); // room again: the path is an ordinary file from now on
    sink.accept(event(2));
    sink.accept(event(3));

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(0)).get("host").asText()).isEqualTo("h2.example");
  }

  @Test
  void aFullDiskNeitherBreaksTheDataPathNorIsSilentAndDeniesWhenAuditIsRequired() throws Exception {
    assumeTrue(Files.isWritable(DEV_FULL), "needs /dev/full to simulate a full disk");
    Path file = dir.resolve("audit.jsonl");
    Files.createSymbolicLink(file, DEV_FULL);
    AuditSink sink = AuditSinks.jsonLines(file, 64 * 1024, 2);
    ResidencyPolicy lenient = ResidencyPolicy.builder().allowJurisdictions("EU")
        .declareHost("eu.example", "aws:eu-central-1").build();
    ResidencyPolicy strict = ResidencyPolicy.parse(String.join("\n",
        "residency:",
        "  allow:",
        "    jurisdictions: [EU]",
        "  endpoints:",
        "    - host: eu.example",
        "      region: aws:eu-central-1",
        "audit:",
        "  required: true",
        ""), "strict.yaml");
    ResidencyGuard guard = ResidencyGuard.builder(lenient).setAuditSink(sink).build();
    ResidencyGuard required = ResidencyGuard.builder(strict).setAuditSink(sink).build();
    Endpoint eu = Endpoint.parse(EndpointKind.HTTP, "https://eu.example/");

    Decision d = guard.evaluate(eu);
    Decision r = required.evaluate(eu);

    assertThat(d.isAllowed()).isTrue();
    assertThat(guard.auditFailures()).isEqualTo(1);
    assertThat(r.reasonCode()).isEqualTo(ReasonCode.DENIED_AUDIT_FAILURE);

    Files.delete(file);
    Decision after = required.evaluate(eu);

    assertThat(after.isAllowed()).isTrue();
    assertThat(Files.readAllLines(file)).hasSize(1);
  }
}
