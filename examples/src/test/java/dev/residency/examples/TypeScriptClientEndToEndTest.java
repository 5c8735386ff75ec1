package dev.residency.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.ResidencyGuard;
import dev.residency.audit.AuditSinks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives the server with a client nobody here wrote: the official TypeScript MCP SDK, run by node,
 * over stdio and Streamable HTTP. Needs node and {@code npm ci --prefix examples/e2e} (CI does both);
 * without them the test is skipped with that instruction, so the Maven build passes without node.
 */
class TypeScriptClientEndToEndTest {
  private static final Path E2E = Path.of("e2e").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void requireNodeAndTheSdk() {
    Assumptions.assumeTrue(nodeAvailable(),
        "skipped: 'node' is not on the PATH; install Node.js 18+ to run the TypeScript MCP client test");
    Assumptions.assumeTrue(Files.isDirectory(E2E.resolve("node_modules/@modelcontextprotocol/sdk")),
        "skipped: the TypeScript MCP SDK is not installed; run 'npm ci --prefix examples/e2e' (CI does)");
  }

  private static boolean nodeAvailable() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void typeScriptClientUsesEveryToolOverStreamableHttp() throws Exception {
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyToolServer.loadPolicy(null)).setAuditSink(AuditSinks.inMemory()).build();
    try (EmbeddedBackends backends = EmbeddedBackends.start();
        ResidencyToolServer.Running server = ResidencyToolServer.start(guard, backends, "http", 0)) {

      JsonNode report = runClient(List.of("http", "http://127.0.0.1:" + server.port() + "/mcp"));

      assertThat(report.get("tools")).hasSize(6);
      assertThat(report.get("calls")).hasSizeGreaterThanOrEqualTo(11);
    }
  }

  @Test
  void typeScriptClientUsesEveryToolOverStdio() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> args = new ArrayList<>(List.of("stdio", java, "-cp", System.getProperty("java.class.path"),
        ResidencyToolServer.class.getName(), "--serve", "stdio"));

    JsonNode report = runClient(args);

    assertThat(report.get("transport").asText()).isEqualTo("stdio");
    assertThat(report.get("tools")).hasSize(6);
  }

  private static JsonNode runClient(List<String> clientArgs) throws Exception {
    List<String> command = new ArrayList<>(List.of("node", E2E.resolve("client.mjs").toString()));
    command.addAll(clientArgs);
    Path log = Files.createTempFile("mcp-e2e", ".log");
    Process p = new ProcessBuilder(command).directory(E2E.toFile())
        .redirectError(log.toFile())
        .start();
    boolean finished = p.waitFor(360, TimeUnit.SECONDS);
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    String stderr = Files.readString(log);
    if (!finished) {
      p.destroyForcibly();
    }
    assertThat(finished).as("the client must not hang; stderr:\n" + stderr).isTrue();
    String lastLine = stdout.substring(stdout.lastIndexOf('\n') + 1);
    assertThat(p.exitValue()).as("client report: " + lastLine + "\nstderr:\n" + tail(stderr)).isZero();
    JsonNode report = JSON.readTree(lastLine);
    assertThat(report.get("failures")).isEmpty();
    return report;
  }

  private static String tail(String s) {
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }
}
