package dev.residency.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Summarizes through an OpenAI-compatible chat completions API, on an OkHttp client wrapped by
 * {@code ResidencyLlm}: the wrapper decides where the model runs, tokenizes personal data in the
 * prompt on the wire and restores it in the answer. This class sees values only.
 */
final class OpenAiSummarizer implements Backends.Summarizer {
  static final String DEFAULT_MODEL = "demo-small";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

  private final OkHttpClient http;
  private final Map<String, String> baseUrlByModel;

  OpenAiSummarizer(OkHttpClient http, Map<String, String> baseUrlByModel) {
    this.http = http;
    this.baseUrlByModel = Map.copyOf(baseUrlByModel);
  }

  @Override
  public String summarize(String text, String model) {
    String m = model == null ? DEFAULT_MODEL : model;
    String base = baseUrlByModel.get(m);
    if (base == null) {
      throw new IllegalArgumentException("unknown model '" + m + "'; known: " + new java.util.TreeSet<>(baseUrlByModel.keySet()));
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("model", m);
    body.putArray("messages")
        .add(JSON.createObjectNode().put("role", "system").put("content", "Summarize the support ticket in one sentence."))
        .add(JSON.createObjectNode().put("role", "user").put("content", text));
    Request request = new Request.Builder()
        .url(base + "/chat/completions")
        .header("Authorization", "Bearer demo-not-a-real-key")
        .post(RequestBody.create(body.toString(), APPLICATION_JSON))
        .build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IllegalStateException("LLM answered HTTP " + response.code());
      }
      JsonNode answer = JSON.readTree(response.body().string());
      return answer.path("choices").path(0).path("message").path("content").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
