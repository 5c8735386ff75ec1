package dev.residency.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.http.internal.HttpHops;
import dev.residency.http.internal.ResidencyIOException;
import dev.residency.mask.MaskResult;
import java.io.IOException;
import java.time.Instant;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.Okio;

/**
 * Internal, may change without notice. The LLM-aware OkHttp application interceptor: reads the
 * JSON body, sets Anthropic's {@code inference_geo} when configured, decides the provider endpoint
 * (one audited decision per call) before any connection, masks the prompt, and unmasks the answer,
 * whole or streamed (SSE).
 */
public final class LlmInterceptor implements Interceptor {
  private final ResidencyGuard guard;
  private final Options options;

  /** Per-instance settings, fixed at build time. */
  public static final class Options {
    final String strategy;
    final boolean maskPrompts;
    final boolean unmaskAnswers;
    final String inferenceGeo;

    /**
     * @param strategy masking strategy, or {@code null} for the policy's {@code masking.llm}
     * @param inferenceGeo Anthropic {@code inference_geo} to set when a request has none, or null
     */
    public Options(String strategy, boolean maskPrompts, boolean unmaskAnswers, String inferenceGeo) {
      this.strategy = strategy;
      this.maskPrompts = maskPrompts;
      this.unmaskAnswers = unmaskAnswers;
      this.inferenceGeo = inferenceGeo;
    }
  }

  /** Creates the interceptor. */
  public LlmInterceptor(ResidencyGuard guard, Options options) {
    this.guard = guard;
    this.options = options;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String host = request.url().host();
    String path = request.url().encodedPath();
    boolean anthropic = LlmEndpoints.isAnthropic(host, path, request.header("anthropic-version") != null);

    RequestBody body = request.body();
    String text = null;
    JsonNode json = null;
    boolean bodyChanged = false;
    if (body != null && isJson(body.contentType()) && !body.isDuplex() && !body.isOneShot()) {
      Buffer buffer = new Buffer();
      body.writeTo(buffer);
      text = buffer.readUtf8();
      json = parse(text);
      if (anthropic && options.inferenceGeo != null && json instanceof ObjectNode
          && !json.hasNonNull(LlmEndpoints.INFERENCE_GEO)) {
        ((ObjectNode) json).put(LlmEndpoints.INFERENCE_GEO, options.inferenceGeo);
        text = json.toString();
        bodyChanged = true;
      }
    }

    Endpoint endpoint = LlmEndpoints.endpointOrNull(request.url().host(), request.url().port(), path, request.method(), json, anthropic);
    Decision decision = endpoint == null ? HttpHops.decideInvalid(guard, host) : guard.evaluate(endpoint);
    HttpHops.throwIfBlocking(decision);

    if (body != null && (options.maskPrompts || decision.requiresMasking())) {
      if (text == null) {
        if (decision.requiresMasking() && body.contentLength() != 0) {
          throw new ResidencyIOException(
              "the destination requires masking and this request body is not JSON (or is one-shot or duplex)",
              new ResidencyViolationException(decision));
        }
      } else {
        MaskResult masked = mask(text);
        if (masked.changed()) {
          text = masked.text();
          bodyChanged = true;
          guard.audit(masked.toAuditEvent(Instant.now(), "llm.prompt"));
        }
      }
    }
    Request.Builder next = request.newBuilder();
    if (endpoint != null) {
      next.tag(CallState.class, new CallState(endpoint));
    }
    if (bodyChanged) {
      next.method(request.method(), RequestBody.create(text, body.contentType()));
    }
    Response response = chain.proceed(next.build());
    return options.unmaskAnswers ? unmask(response) : response;
  }

  private MaskResult mask(String text) throws IOException {
    if (text.isBlank()) {
      // No value, so nothing to hide: maskJson refuses blank input, but refusing the call would not protect anything.
      return MaskResult.of(text, java.util.Map.of());
    }
    String strategy = options.strategy != null ? options.strategy : guard.masking().settings().llmStrategy();
    try {
      return guard.masking().maskJson(text, strategy);
    } catch (IllegalArgumentException e) {
      // Declared as JSON but not JSON: sending it unmasked would leak what masking was asked to hide.
      throw new IOException("LLM request body is declared as JSON but is not valid JSON: " + e.getMessage());
    }
  }

  private Response unmask(Response response) throws IOException {
    ResponseBody body = response.body();
    if (body == null) {
      return response;
    }
    MediaType type = body.contentType();
    String encoding = response.header("Content-Encoding");
    if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
      // The caller asked for compressed bytes itself (OkHttp only decompresses what it asked for):
      // rewriting them as text would corrupt them, so they pass as they are.
      return response;
    }
    if (type != null && type.type().equals("text") && type.subtype().equals("event-stream")) {
      SseUnmaskingSource source = new SseUnmaskingSource(body.source(), new SseUnmasking(guard.masking().unmasker()));
      return response.newBuilder().removeHeader("Content-Length")
          .body(ResponseBody.create(Okio.buffer(source), type, -1L)).build();
    }
    if (isJson(type)) {
      String unmasked = JsonUnmasking.unmask(guard.masking().unmasker(), body.string());
      return response.newBuilder().removeHeader("Content-Length").body(ResponseBody.create(unmasked, type)).build();
    }
    return response;
  }

  static boolean isJson(MediaType type) {
    return type != null
        && (type.subtype().equals("json") || type.subtype().endsWith("+json"))
        && (type.type().equals("application") || type.type().equals("text"));
  }

  private static JsonNode parse(String text) {
    try {
      return JsonUnmasking.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
