package dev.residency.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTest {
  @Test
  void demoRunsTheScriptedSessionAndExitsZero() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));

      code = new Demo(ResidencyToolServer.loadPolicy(null)).run();
    } finally {
      System.setOut(original);
    }

    String out = captured.toString(StandardCharsets.UTF_8);
    original.println(out);
    assertThat(code).as(out).isZero();
    assertThat(out)
        .contains("tools: lookup_customer, fetch_document, store_document, http_get, summarize, residency_explain")
        .contains("Anna Schmidt")
        .doesNotContain("\"anna.schmidt@example.de\"")
        .contains("TOOL ERROR: denied by residency policy")
        .contains("what the model saw:   Anna Schmidt ([[EMAIL:")
        .contains("audit trail")
        .contains("demo finished");
  }
}
