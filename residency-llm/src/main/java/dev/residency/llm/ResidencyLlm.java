package dev.residency.llm;

import dev.residency.ResidencyGuard;
import dev.residency.llm.internal.LlmInterceptor;
import dev.residency.llm.internal.LlmNetworkInterceptor;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * Keeps an OkHttp-based LLM client's calls inside the regions a {@link ResidencyGuard}'s policy
 * allows, and keeps personal data out of prompts. {@link #wrap(OkHttpClient)} returns a client of
 * the same type, for OpenAI-compatible, Azure OpenAI, Anthropic, Mistral, Gemini, Vertex AI and
 * self-hosted servers, with two hooks added:
 *
 * <ol>
 *   <li>an application interceptor, added <em>last</em> among the application interceptors, that
 *       per call: reads the JSON request body; sets Anthropic's {@code inference_geo} when {@link
 *       ResidencyLlmBuilder#setAnthropicInferenceGeo(String)} asks and the request has none; decides
 *       the provider endpoint (host, port, path, and the body facts placement depends on: Azure
 *       deployment, Anthropic {@code inference_geo}; the {@code model} is recorded for the audit
 *       trail) once, before any DNS lookup or connection; masks every string of the JSON prompt
 *       (messages, system prompt, tool-call arguments, tool results) with the policy's LLM strategy
 *       and audits the counts per type; and restores tokens in the answer: a whole JSON response
 *       (tool-call {@code arguments} included) or a {@code text/event-stream}, where a token split
 *       across events is held back and restored exactly;
 *   <li>a network interceptor, added last, that decides only hops that differ from the one already
 *       decided: a redirect to another host or port, the proxy, and, when the policy declares CIDR
 *       or IP-range facts, the connected address.
 * </ol>
 *
 * <p>A blocked call fails with an {@link java.io.IOException} whose cause is the core {@link
 * dev.residency.ResidencyViolationException}; {@link
 * dev.residency.ResidencyViolationException#find(Throwable)} gets the {@link dev.residency.Decision}.
 * It holds for {@code execute()} and {@code enqueue()}, and the request never reaches the server.
 * Audit per call: one decision event (provider host, model or deployment, location, scope,
 * outcome, rule) and, when something was masked, one masking event with counts per type (never
 * values). In report-only mode every call proceeds and is still masked and audited.
 *
 * <p>Do not also wrap the same client with {@code ResidencyOkHttp}: it would decide each call a
 * second time without the body facts (and so deny Anthropic calls). Immutable and thread-safe;
 * wrapped clients share the original's connection pool and dispatcher.
 */
public final class ResidencyLlm {
  private final ResidencyGuard guard;
  private final LlmInterceptor.Options options;

  ResidencyLlm(ResidencyGuard guard, LlmInterceptor.Options options) {
    this.guard = guard;
    this.options = options;
  }

  /**
   * Returns an instance with default options (equivalent to {@code builder(guard).build()}).
   *
   * @throws NullPointerException when {@code guard} is null
   */
  public static ResidencyLlm create(ResidencyGuard guard) {
    return builder(guard).build();
  }

  /**
   * Starts a builder for options.
   *
   * @throws NullPointerException when {@code guard} is null
   */
  public static ResidencyLlmBuilder builder(ResidencyGuard guard) {
    return new ResidencyLlmBuilder(Objects.requireNonNull(guard, "guard"));
  }

  /**
   * Returns a new client that is {@code client} plus the LLM interceptors (the original is left
   * unchanged). Wrapping a client that already carries them returns it as is.
   *
   * @throws NullPointerException when {@code client} is null
   */
  public OkHttpClient wrap(OkHttpClient client) {
    Objects.requireNonNull(client, "client");
    for (Interceptor i : client.interceptors()) {
      if (i instanceof LlmInterceptor) {
        return client;
      }
    }
    return client.newBuilder()
        .addInterceptor(new LlmInterceptor(guard, options))
        .addNetworkInterceptor(new LlmNetworkInterceptor(guard))
        .build();
  }

  ResidencyGuard guard() {
    return guard;
  }
}
