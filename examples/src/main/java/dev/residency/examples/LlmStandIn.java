package dev.residency.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local stand-in for an OpenAI-compatible chat completions server (loopback only), so the demo
 * runs without a real model. It "summarizes" by quoting the first sentence of the user's message,
 * which is exactly what shows that the model saw tokens and the caller got the values back. It
 * also serves {@code GET /status} as an in-region HTTP API for {@code http_get}.
 */
final class LlmStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final AtomicReference<String> lastPrompt = new AtomicReference<>("");

  LlmStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/chat/completions", this::chat);
    server.createContext("/status", e -> {
      // Chunked on purpose (no Content-Length), as many real APIs answer.
      byte[] bytes = "ok: the in-region status API answers\n".getBytes(StandardCharsets.UTF_8);
      e.getResponseHeaders().set("Content-Type", "text/plain");
      e.sendResponseHeaders(200, 0);
      try (OutputStream out = e.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "llm-stand-in");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  /** {@code http://127.0.0.1:PORT}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The last user message the "model" received, exactly as it arrived on the wire. */
  String lastPrompt() {
    return lastPrompt.get();
  }

  private void chat(HttpExchange e) throws IOException {
    if (!"POST".equals(e.getRequestMethod())) {
      respond(e, 405, "text/plain", "POST only\n");
      return;
    }
    JsonNode request = JSON.readTree(e.getRequestBody().readAllBytes());
    String user = "";
    for (JsonNode m : request.path("messages")) {
      if ("user".equals(m.path("role").asText())) {
        user = m.path("content").asText();
      }
    }
    lastPrompt.set(user);
    String firstSentence = user.split("(?<=[.!?])\\s", 2)[0];
    String answer = "Summary: " + firstSentence + " The customer needs a reply within one business day.";
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "chatcmpl-demo");
    body.put("object", "chat.completion");
    body.put("created", 1_764_000_000L);
    body.put("model", request.path("model").asText("demo-small"));
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", answer);
    choice.put("finish_reason", "stop");
    body.putObject("usage").put("prompt_tokens", 42).put("completion_tokens", 17).put("total_tokens", 59);
    respond(e, 200, "application/json", JSON.writeValueAsString(body));
  }

  private static void respond(HttpExchange e, int status, String type, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    e.getResponseHeaders().set("Content-Type", type);
    e.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = e.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
