package dev.residency.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.InvalidEndpointException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Internal, may change without notice. Builds the {@link EndpointKind#LLM} endpoint for one HTTP
 * call to a model API: host, port and path from the URL, and from the JSON body only what a
 * provider's placement depends on. The core's provider rules do the placing; this class only knows
 * which request facts they read.
 */
public final class LlmEndpoints {
  /** Anthropic's Messages API field that picks the inference geography. */
  public static final String INFERENCE_GEO = "inference_geo";

  private static final Pattern AZURE_DEPLOYMENT = Pattern.compile("^/openai/deployments/([^/?#]+)(?:/|$)");

  private LlmEndpoints() {}

  /** Whether a call to this host and path is Anthropic's Messages API (whose body decides). */
  public static boolean isAnthropic(String host, String path, boolean anthropicVersionHeader) {
    return host.equals("api.anthropic.com") || (anthropicVersionHeader && path.endsWith("/messages"));
  }

  /** Whether the host is an Azure OpenAI / AI Foundry resource (deployment names decide). */
  public static boolean isAzure(String host, String path) {
    return host.endsWith(".openai.azure.com")
        || host.endsWith(".cognitiveservices.azure.com")
        || host.endsWith(".services.ai.azure.com")
        || path.startsWith("/openai/deployments/");
  }

  /**
   * The endpoint for a call. The Azure deployment (from the path, else the body's {@code model},
   * as the v1 API names it) becomes the resource because the policy's deployment facts are keyed
   * by it; any other provider's {@code model} is only an attribute, for the audit trail, so that a
   * resource fact can never place an OpenAI host by a model name.
   *
   * @param body the parsed JSON body, or {@code null}
   * @throws InvalidEndpointException when the host cannot be normalized
   */
  public static Endpoint of(String host, int port, String encodedPath, JsonNode body, boolean anthropic) {
    Endpoint.Builder b = Endpoint.builder(EndpointKind.LLM).host(host).port(port).path(encodedPath);
    String model = body == null ? null : text(body.get("model"));
    if (isAzure(host, encodedPath)) {
      Matcher m = AZURE_DEPLOYMENT.matcher(encodedPath);
      String deployment = m.find() ? m.group(1) : model;
      if (deployment != null) {
        b.resource(deployment);
      }
    } else if (model != null) {
      b.attribute("model", model);
    }
    if (anthropic && body != null && body.isObject()) {
      String geo = text(body.get(INFERENCE_GEO));
      // Anthropic documents "global" as the default for a request without inference_geo; a
      // workspace setting can only narrow that, so reading it as global is the fail-closed reading.
      b.attribute(INFERENCE_GEO, geo != null ? geo : "global");
    }
    return b.build();
  }

  /** Like {@link #of}, or {@code null} when the host cannot be normalized safely. */
  public static Endpoint endpointOrNull(String host, int port, String encodedPath, JsonNode body, boolean anthropic) {
    try {
      return of(host, port, encodedPath, body, anthropic);
    } catch (InvalidEndpointException e) {
      return null;
    }
  }

  private static String text(JsonNode n) {
    return n != null && n.isTextual() && !n.textValue().isEmpty() ? n.textValue() : null;
  }
}
