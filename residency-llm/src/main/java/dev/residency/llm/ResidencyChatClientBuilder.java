package dev.residency.llm;

import dev.residency.ResidencyGuard;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Builds a {@link ResidencyChatClient}. Obtain one with {@link
 * ResidencyChatClient#builder(ResidencyGuard)}. Not thread-safe; the built instance is.
 */
public final class ResidencyChatClientBuilder {
  private final ResidencyGuard guard;
  private HttpUrl baseUrl;
  private String model;
  private OkHttpClient client;
  private ResidencyLlm llm;
  private final Map<String, String> headers = new LinkedHashMap<>();

  ResidencyChatClientBuilder(ResidencyGuard guard) {
    this.guard = guard;
  }

  /**
   * The API base URL, to which {@code /chat/completions} is appended, e.g. {@code
   * https://eu.api.openai.com/v1}, {@code https://api.eu.mistral.ai/v1}, {@code
   * http://localhost:8000/v1} (declare a self-hosted host in the policy). Required.
   *
   * @throws IllegalArgumentException when {@code baseUrl} is not an http(s) URL
   */
  public ResidencyChatClientBuilder setBaseUrl(String baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    HttpUrl url = HttpUrl.parse(baseUrl);
    if (url == null) {
      throw new IllegalArgumentException("base URL '" + baseUrl + "' is not an http or https URL");
    }
    this.baseUrl = url;
    return this;
  }

  /**
   * The model (or Azure deployment) sent as {@code model}. Required.
   *
   * @throws IllegalArgumentException when blank
   */
  public ResidencyChatClientBuilder setModel(String model) {
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model is blank");
    }
    this.model = model;
    return this;
  }

  /** Sends {@code Authorization: Bearer <apiKey>}. Default: no authorization header. Never logged. */
  public ResidencyChatClientBuilder setApiKey(String apiKey) {
    Objects.requireNonNull(apiKey, "apiKey");
    headers.put("Authorization", "Bearer " + apiKey);
    return this;
  }

  /** Adds a header to every request ({@code api-key} for Azure, say). */
  public ResidencyChatClientBuilder addHeader(String name, String value) {
    headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * The OkHttp client to build on (timeouts, proxy, connection pool). Default: a new {@code
   * OkHttpClient}. It is wrapped by {@link #setResidencyLlm(ResidencyLlm)}'s instance.
   */
  public ResidencyChatClientBuilder setOkHttpClient(OkHttpClient client) {
    this.client = Objects.requireNonNull(client, "client");
    return this;
  }

  /** The LLM wrapper (masking strategy, Anthropic options). Default: {@code ResidencyLlm.create(guard)}. */
  public ResidencyChatClientBuilder setResidencyLlm(ResidencyLlm llm) {
    Objects.requireNonNull(llm, "llm");
    if (llm.guard() != guard) {
      throw new IllegalArgumentException("the ResidencyLlm was built for another guard");
    }
    this.llm = llm;
    return this;
  }

  /**
   * Builds the immutable, thread-safe client.
   *
   * @throws IllegalStateException when the base URL or the model is missing
   */
  public ResidencyChatClient build() {
    if (baseUrl == null || model == null) {
      throw new IllegalStateException("ResidencyChatClient needs setBaseUrl(...) and setModel(...)");
    }
    ResidencyLlm wrapper = llm != null ? llm : ResidencyLlm.create(guard);
    OkHttpClient http = wrapper.wrap(client != null ? client : new OkHttpClient());
    HttpUrl url = baseUrl.newBuilder().addPathSegments("chat/completions").build();
    return new ResidencyChatClient(http, url, model, Map.copyOf(headers));
  }
}
