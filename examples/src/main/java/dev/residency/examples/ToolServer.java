package dev.residency.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.Endpoints;
import dev.residency.InvalidEndpointException;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The tools a CrewAI crew calls over MCP. Every outbound path goes through a residency-wrapped
 * client built by {@link Backends}: the database through {@code ResidencyJdbc}, HTTP through
 * {@code ResidencyOkHttp}, S3 through the residency execution interceptor, the LLM through
 * {@code residency-llm}. A denial becomes an MCP tool error ({@code isError: true}) carrying the
 * decision's reason, and the server keeps serving.
 */
public final class ToolServer {
  static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_HTTP_BYTES = 64 * 1024;

  private final ResidencyGuard guard;
  private final Backends backends;

  ToolServer(ResidencyGuard guard, Backends backends) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.backends = Objects.requireNonNull(backends, "backends");
  }

  /** Every tool with its schema, description and handler. */
  List<SyncToolSpecification> tools() {
    List<SyncToolSpecification> tools = new ArrayList<>();
    tools.add(tool("lookup_customer",
        "Look up a customer of the support database by customer id or by (part of) their name. "
            + "Personal columns (email, phone, IBAN) come back masked per the residency policy. "
            + "Use it to find a customer's account status and country before answering a ticket.",
        "{\"type\":\"object\",\"properties\":{"
            + "\"customer_id\":{\"type\":\"integer\",\"description\":\"The customer's numeric id.\"},"
            + "\"name\":{\"type\":\"string\",\"description\":\"Part of the customer's name (case-insensitive).\"}},"
            + "\"additionalProperties\":false}",
        this::lookupCustomer));
    tools.add(tool("fetch_document",
        "Read a text document from object storage (S3). The bucket's own region is checked first: "
            + "a bucket outside the allowed region is refused before any data moves.",
        "{\"type\":\"object\",\"properties\":{"
            + "\"bucket\":{\"type\":\"string\",\"description\":\"Bucket name.\"},"
            + "\"key\":{\"type\":\"string\",\"description\":\"Object key, e.g. tickets/4711.txt.\"}},"
            + "\"required\":[\"bucket\",\"key\"],\"additionalProperties\":false}",
        args -> maskedResult("tool.fetch_document", backends.documents().fetch(string(args, "bucket"), string(args, "key")))));
    tools.add(tool("store_document",
        "Write a text document to object storage (S3), e.g. a ticket summary. Refused when the bucket "
            + "is outside the allowed region.",
        "{\"type\":\"object\",\"properties\":{"
            + "\"bucket\":{\"type\":\"string\",\"description\":\"Bucket name.\"},"
            + "\"key\":{\"type\":\"string\",\"description\":\"Object key.\"},"
            + "\"content\":{\"type\":\"string\",\"description\":\"UTF-8 text to store.\"}},"
            + "\"required\":[\"bucket\",\"key\",\"content\"],\"additionalProperties\":false}",
        args -> backends.documents().store(string(args, "bucket"), string(args, "key"), string(args, "content"))));
    tools.add(tool("http_get",
        "Fetch a URL with HTTP GET and return up to 64 KB of its body. Only hosts the residency policy "
            + "places in an allowed region are reachable; redirects are checked hop by hop.",
        "{\"type\":\"object\",\"properties\":{"
            + "\"url\":{\"type\":\"string\",\"description\":\"Absolute http(s) URL.\"}},"
            + "\"required\":[\"url\"],\"additionalProperties\":false}",
        this::httpGet));
    tools.add(tool("summarize",
        "Summarize a text with the configured LLM. Personal data in the text is replaced by reversible "
            + "tokens before the prompt leaves, and restored in the answer, so the model never sees it.",
        "{\"type\":\"object\",\"properties\":{"
            + "\"text\":{\"type\":\"string\",\"description\":\"The text to summarize.\"},"
            + "\"model\":{\"type\":\"string\",\"description\":\"Model name; defaults to the server's default model.\"}},"
            + "\"required\":[\"text\"],\"additionalProperties\":false}",
        args -> backends.llm().summarize(string(args, "text"), optionalString(args, "model"))));
    tools.add(tool("residency_explain",
        "Explain whether data may go to a target (URL, host, JDBC URL, s3:// URI, bucket, model id) "
            + "under the residency policy, and why: where it resolves, which rule decides.",
        "{\"type\":\"object\",\"properties\":{"
            + "\"target\":{\"type\":\"string\",\"description\":\"The target to explain.\"},"
            + "\"kind\":{\"type\":\"string\",\"enum\":[\"http\",\"jdbc\",\"s3\",\"gcs\",\"llm\"],"
            + "\"description\":\"Kind of client; guessed when absent.\"}},"
            + "\"required\":[\"target\"],\"additionalProperties\":false}",
        this::explain));
    return tools;
  }

  private static SyncToolSpecification tool(String name, String description, String schema,
      Function<Map<String, Object>, String> handler) {
    McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description).inputSchema(JSON, schema).build();
    return SyncToolSpecification.builder()
        .tool(tool)
        .callHandler((exchange, request) -> call(handler, request.arguments() == null ? Map.of() : request.arguments()))
        .build();
  }

  /** Runs a handler; a residency denial or any failure becomes a tool error, never a crash. */
  static CallToolResult call(Function<Map<String, Object>, String> handler, Map<String, Object> args) {
    try {
      return CallToolResult.builder().addTextContent(handler.apply(args)).isError(false).build();
    } catch (RuntimeException e) {
      ResidencyViolationException v = ResidencyViolationException.find(e);
      String text = v != null
          ? "denied by residency policy: " + v.decision().explanation()
          : "error: " + safeMessage(e);
      return CallToolResult.builder().addTextContent(text).isError(true).build();
    }
  }

  private static String safeMessage(Throwable e) {
    // Messages of our own argument checks are safe; for anything else name only the type.
    if (e instanceof IllegalArgumentException && e.getMessage() != null) {
      return e.getMessage();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return e.getClass().getSimpleName() + (root != e ? " (" + root.getClass().getSimpleName() + ")" : "");
  }

  static String string(Map<String, Object> args, String name) {
    Object v = args.get(name);
    if (!(v instanceof String) || ((String) v).isEmpty()) {
      throw new IllegalArgumentException("missing argument '" + name + "'");
    }
    return (String) v;
  }

  static String optionalString(Map<String, Object> args, String name) {
    Object v = args.get(name);
    return v instanceof String && !((String) v).isEmpty() ? (String) v : null;
  }

  private String lookupCustomer(Map<String, Object> args) {
    Object id = args.get("customer_id");
    String name = optionalString(args, "name");
    if (id == null && name == null) {
      throw new IllegalArgumentException("give customer_id or name");
    }
    String sql = "SELECT id, name, email, phone, iban, country, status FROM customers WHERE "
        + (id != null ? "id = ?" : "lower(name) LIKE ?") + " ORDER BY id LIMIT 10";
    try (Connection c = backends.customers().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      if (id != null) {
        ps.setLong(1, ((Number) id).longValue());
      } else {
        ps.setString(1, "%" + name.toLowerCase(Locale.ROOT) + "%");
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            row.put(md.getColumnLabel(i), rs.getObject(i));
          }
          rows.add(row);
        }
      }
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("customers", rows));
    } catch (java.sql.SQLException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String httpGet(Map<String, Object> args) {
    String url = string(args, "url");
    Request request;
    try {
      request = new Request.Builder().url(url).get().build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid http(s) URL");
    }
    OkHttpClient http = backends.http();
    try (Response response = http.newCall(request).execute()) {
      ResponseBody body = response.body();
      // Up to 64 KB, whatever the body declares: chunked bodies have no length, and readNBytes stops at EOF.
      String text = body == null ? "" : new String(body.byteStream().readNBytes(MAX_HTTP_BYTES), java.nio.charset.StandardCharsets.UTF_8);
      return "HTTP " + response.code() + "\n" + maskedResult("tool.http_get", text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Tool results leave this server too: the crew hands them to its own LLM, wherever that runs.
   * Text from documents and web pages is masked with the policy's default strategy on the way out
   * (database rows are masked column by column by ResidencyJdbc).
   */
  private String maskedResult(String context, String text) {
    dev.residency.mask.MaskResult r = guard.masking().mask(text);
    if (r.changed()) {
      guard.audit(r.toAuditEvent(java.time.Instant.now(), context));
    }
    return r.text();
  }

  private String explain(Map<String, Object> args) {
    String target = string(args, "target");
    String kindText = optionalString(args, "kind");
    EndpointKind kind = kindText == null ? Endpoints.guessKind(target) : EndpointKind.valueOf(kindText.toUpperCase(Locale.ROOT));
    StringBuilder sb = new StringBuilder();
    List<Endpoint> endpoints;
    try {
      endpoints = Endpoints.parseAll(kind, target);
    } catch (InvalidEndpointException e) {
      return "DENY: the target cannot be parsed safely (" + e.getMessage() + ")";
    }
    for (Endpoint e : endpoints) {
      Decision d = guard.evaluate(e);
      sb.append(d.outcome()).append(": ").append(d.explanation()).append('\n');
      for (String step : guard.explain(e)) {
        sb.append("  ").append(step).append('\n');
      }
    }
    return sb.toString().strip();
  }
}
