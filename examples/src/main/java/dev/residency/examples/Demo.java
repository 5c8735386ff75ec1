package dev.residency.examples;

import dev.residency.Decision;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one-command demo: embedded backends, the tool server over Streamable HTTP, and a scripted
 * session through the official MCP Java client, printed for people. Self-checking: it exits 1 if
 * an allowed step failed or a step that must be denied went through.
 */
final class Demo {
  private final ResidencyPolicy policy;
  private final PrintStream out = System.out;
  private final List<String> failures = new ArrayList<>();

  Demo(ResidencyPolicy policy) {
    this.policy = policy;
  }

  int run() throws Exception {
    InMemoryAuditSink audit = AuditSinks.inMemory();
    ResidencyGuard guard = ResidencyGuard.builder(policy).setAuditSink(audit).build();
    out.println("residency demo: an MCP tool server for a CrewAI crew, residency enforced on every outbound path");
    out.println("policy: " + policy.source() + " (allow " + policy.allowJurisdictions() + ", unknown "
        + policy.unknown().name().toLowerCase(java.util.Locale.ROOT) + ", " + guard.mode().wireName() + ")");
    out.println("starting embedded PostgreSQL, S3 server and LLM stand-in on loopback...");
    try (EmbeddedBackends backends = EmbeddedBackends.start();
        ResidencyToolServer.Running server = ResidencyToolServer.start(guard, backends, "http", 0);
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.port())
                .endpoint("/mcp")
                .jsonMapper(ToolServer.JSON)
                .build())
            .requestTimeout(Duration.ofSeconds(60))
            .build()) {
      client.initialize();
      out.println("MCP server on http://127.0.0.1:" + server.port() + "/mcp; tools: "
          + client.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.joining(", ")));
      audit.clear();

      step(client, "1. Look up a customer: personal columns come back masked", true,
          "lookup_customer", Map.of("name", "schmidt"));
      step(client, "2. Read a ticket from the EU bucket: personal data in the text comes back masked", true,
          "fetch_document", Map.of("bucket", EmbeddedBackends.EU_BUCKET, "key", "tickets/4711.txt"));
      step(client, "3. Store a summary in the US analytics bucket: the bucket's own region is us-east-1", false,
          "store_document", Map.of("bucket", EmbeddedBackends.US_BUCKET, "key", "exports/4711.txt", "content", "summary"));
      step(client, "4. Call an in-region HTTP API", true,
          "http_get", Map.of("url", backends.llm.baseUrl() + "/status"));
      step(client, "5. Call a partner API that runs in the US", false,
          "http_get", Map.of("url", "https://api.partner-us.example/v1/orders?customer=1"));
      String answer = step(client, "6. Summarize the ticket with the in-region model", true,
          "summarize", Map.of("text", EmbeddedBackends.TICKET));
      out.println("   what the model saw:   " + backends.llm.lastPrompt().strip());
      out.println("   what the crew got:    " + answer.strip());
      if (backends.llm.lastPrompt().contains("anna.schmidt@example.de") || !answer.contains("anna.schmidt@example.de")) {
        failures.add("summarize: the model must see tokens and the caller values");
      }
      step(client, "7. Summarize with gpt-4o on api.openai.com: a global endpoint", false,
          "summarize", Map.of("text", EmbeddedBackends.TICKET, "model", "gpt-4o"));
      step(client, "8. Ask why a Bedrock EU inference profile is refused", true,
          "residency_explain", Map.of("target",
              "https://bedrock-runtime.eu-central-1.amazonaws.com/model/eu.anthropic.claude-3-7-sonnet-20250219-v1:0/converse"));

      out.println();
      out.println("audit trail (" + audit.events().size() + " events; hosts and counts, never values):");
      for (AuditEvent e : audit.events()) {
        out.println("  " + describe(e));
      }
    }
    out.println();
    if (failures.isEmpty()) {
      out.println("demo finished: every allowed call worked, every out-of-region call was refused; all servers stopped.");
      return 0;
    }
    out.println("demo FAILED: " + failures);
    return 1;
  }

  private String step(McpSyncClient client, String title, boolean expectAllowed, String tool, Map<String, Object> args) {
    out.println();
    out.println(title);
    out.println("   -> " + tool + " " + args.entrySet().stream()
        .map(e -> e.getKey() + "=" + abbreviate(String.valueOf(e.getValue()))).collect(Collectors.joining(", ")));
    CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, args));
    String text = result.content().stream()
        .filter(c -> c instanceof McpSchema.TextContent)
        .map(c -> ((McpSchema.TextContent) c).text())
        .collect(Collectors.joining("\n"));
    boolean error = Boolean.TRUE.equals(result.isError());
    out.println("   <- " + (error ? "TOOL ERROR: " : "") + indent(text));
    if (expectAllowed == error) {
      failures.add(tool + " (" + title + ")");
    }
    return text;
  }

  private static String describe(AuditEvent e) {
    Map<String, Object> m = e.toMap();
    if (e.type() == AuditEvent.Type.MASKING) {
      return "MASK     " + m.get("context") + " " + m.get("counts");
    }
    Decision d = e.decision();
    String where = d.location().isUnknown() ? "unknown" : d.location().describe();
    return String.format("%-8s %-5s %s%s -> %s  [%s]", d.outcome(), m.get("kind"), m.get("host") == null ? "-" : m.get("host"),
        m.get("port") == null ? "" : ":" + m.get("port"), where, d.ruleId());
  }

  private static String abbreviate(String s) {
    String oneLine = s.replace('\n', ' ').strip();
    return oneLine.length() > 70 ? oneLine.substring(0, 67) + "..." : oneLine;
  }

  private static String indent(String text) {
    return text.strip().replace("\n", "\n      ");
  }
}
