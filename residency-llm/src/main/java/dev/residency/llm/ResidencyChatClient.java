package dev.residency.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.residency.ResidencyGuard;
import dev.residency.llm.internal.JsonUnmasking;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * A small client for OpenAI-compatible chat completions ({@code POST {baseUrl}/chat/completions}),
 * sync and streaming, for tool servers that have no LLM SDK. It runs on an OkHttp client wrapped
 * by {@link ResidencyLlm}, so every call is decided (provider host and model), the prompt is masked
 * on the wire and the answer unmasked before it is returned:
 *
 * <pre>{@code
 * ResidencyChatClient chat = ResidencyChatClient.builder(guard)
 *     .setBaseUrl("https://eu.api.openai.com/v1")
 *     .setModel("gpt-4o-mini")
 *     .setApiKey(System.getenv("OPENAI_API_KEY"))
 *     .build();
 * String answer = chat.complete("You are terse.", "Reply to alice@example.com");
 * }</pre>
 *
 * <p>Immutable and thread-safe. Blocked calls throw an {@link IOException} whose cause is the
 * {@link dev.residency.ResidencyViolationException} (see {@link
 * dev.residency.ResidencyViolationException#find(Throwable)}); nothing is sent.
 */
public final class ResidencyChatClient {
  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient http;
  private final HttpUrl url;
  private final String model;
  private final Map<String, String> headers;

  ResidencyChatClient(OkHttpClient http, HttpUrl url, String model, Map<String, String> headers) {
    this.http = http;
    this.url = url;
    this.model = model;
    this.headers = headers;
  }

  /**
   * Starts a builder.
   *
   * @throws NullPointerException when {@code guard} is null
   */
  public static ResidencyChatClientBuilder builder(ResidencyGuard guard) {
    return new ResidencyChatClientBuilder(Objects.requireNonNull(guard, "guard"));
  }

  /**
   * Sends a system prompt (may be null) and a user message; returns the assistant's text, unmasked
   * (empty when the model answered only with tool calls).
   *
   * @throws IOException when the call is blocked, fails, or the server answers with an error
   */
  public String complete(String systemPrompt, String userMessage) throws IOException {
    JsonNode response = JsonUnmasking.MAPPER.readTree(completeJson(request(systemPrompt, userMessage, false).toString()));
    JsonNode content = response.at("/choices/0/message/content");
    return content.isTextual() ? content.textValue() : "";
  }

  /**
   * Sends a complete chat-completions request body (messages, tools, any option; {@code model} is
   * added when absent) and returns the response body, unmasked, tool-call arguments included.
   *
   * @throws IOException when the call is blocked, fails, or the server answers with an error
   */
  public String completeJson(String requestJson) throws IOException {
    Objects.requireNonNull(requestJson, "requestJson");
    JsonNode tree = JsonUnmasking.MAPPER.readTree(requestJson);
    if (!(tree instanceof ObjectNode)) {
      throw new IllegalArgumentException("a chat completions request is a JSON object");
    }
    if (!tree.has("model")) {
      ((ObjectNode) tree).put("model", model);
    }
    try (Response response = http.newCall(post(tree.toString())).execute()) {
      check(response);
      return response.body().string();
    }
  }

  /**
   * Streams the answer: {@code onDelta} receives each piece of assistant text as it arrives,
   * unmasked (a token split across events is delivered whole, once complete). Returns the whole
   * text. {@code onDelta} runs on the calling thread.
   *
   * @throws IOException when the call is blocked, fails, or the server answers with an error
   */
  public String stream(String systemPrompt, String userMessage, Consumer<String> onDelta) throws IOException {
    Objects.requireNonNull(onDelta, "onDelta");
    StringBuilder all = new StringBuilder();
    try (Response response = http.newCall(post(request(systemPrompt, userMessage, true).toString())).execute()) {
      check(response);
      BufferedSource source = response.body().source();
      String line;
      while ((line = source.readUtf8Line()) != null) {
        if (!line.startsWith("data:")) {
          continue;
        }
        String data = line.substring(5).trim();
        if (data.equals("[DONE]")) {
          break;
        }
        JsonNode delta = JsonUnmasking.MAPPER.readTree(data).at("/choices/0/delta/content");
        if (delta.isTextual() && !delta.textValue().isEmpty()) {
          all.append(delta.textValue());
          onDelta.accept(delta.textValue());
        }
      }
    }
    return all.toString();
  }

  private ObjectNode request(String systemPrompt, String userMessage, boolean stream) {
    Objects.requireNonNull(userMessage, "userMessage");
    ObjectNode body = JsonUnmasking.MAPPER.createObjectNode();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    if (systemPrompt != null) {
      messages.addObject().put("role", "system").put("content", systemPrompt);
    }
    messages.addObject().put("role", "user").put("content", userMessage);
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  private Request post(String body) {
    Request.Builder b = new Request.Builder().url(url).post(RequestBody.create(body, JSON));
    headers.forEach(b::header);
    return b.build();
  }

  private static void check(Response response) throws IOException {
    if (!response.isSuccessful()) {
      // The error body may quote the prompt: keep it out of the exception message.
      throw new IOException("chat completion failed: HTTP " + response.code());
    }
  }
}
