package dev.residency.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.InvalidEndpointException;
import dev.residency.internal.ProviderPaths;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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

  /** Bedrock ApplyGuardrail, {@code /guardrail/{guardrailIdentifier}/version/{version}/apply}. */
  private static final Pattern BEDROCK_GUARDRAIL = Pattern.compile("^/guardrail/([^/]+)/version/[^/]+/apply$");

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
   * Whether the host is an Amazon Bedrock Runtime or bedrock-mantle endpoint (a VPC endpoint name
   * included), where some operations name their model in the body.
   */
  public static boolean isBedrock(String host) {
    boolean aws = host.endsWith(".amazonaws.com") || host.endsWith(".api.aws") || host.endsWith(".amazonaws.com.cn")
        || host.endsWith(".amazonaws.eu") || host.endsWith(".api.amazonwebservices.com.cn")
        || host.endsWith(".api.amazonwebservices.eu");
    for (String label : host.split("\\.")) {
      if (label.startsWith("bedrock-runtime") || label.startsWith("bedrock-mantle")) {
        return aws;
      }
    }
    return false;
  }

  /**
   * The resource a Bedrock operation runs on where the path alone does not place it: for
   * StartAsyncInvoke ({@code POST /async-invoke}) the body's {@code modelId}, for the
   * OpenAI-compatible chat completions ({@code /openai/v1/chat/completions} on bedrock-runtime,
   * {@code /v1/chat/completions} on bedrock-mantle) the body's {@code model}, and for ApplyGuardrail
   * the guardrail id in the path, so that a policy can declare where a guardrail runs. Any other
   * path names its model in the path (or names none), and a body field there is not what runs.
   * Null when absent.
   */
  static String bedrockResource(String encodedPath, JsonNode body) {
    Matcher guardrail = BEDROCK_GUARDRAIL.matcher(encodedPath);
    if (guardrail.matches()) {
      try {
        // Decode escapes only: '+' is itself in a path.
        return URLDecoder.decode(guardrail.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException malformed) {
        return null; // the provider rules refuse the path anyway
      }
    }
    if (body == null) {
      return null;
    }
    if (encodedPath.equals("/async-invoke")) {
      return text(body.get("modelId"));
    }
    if (encodedPath.equals("/openai/v1/chat/completions") || encodedPath.equals("/v1/chat/completions")) {
      return text(body.get("model"));
    }
    return null;
  }

  /**
   * The endpoint for a call. The Azure deployment (from the path, else the body's {@code model},
   * as the v1 API names it) becomes the resource because the policy's deployment facts are keyed
   * by it. On Bedrock, so does what an operation runs on where its path does not place it ({@link
   * #bedrockResource}). Any other provider's {@code model} is only an attribute, for the audit
   * trail, so that a resource fact can never place an OpenAI host by a model name.
   *
   * @param encodedPath the path as sent on the wire, still percent-encoded
   * @param method the HTTP method, which tells provider rules a read from a call with a prompt
   * @param body the parsed JSON body, or {@code null}
   * @throws InvalidEndpointException when the host cannot be normalized
   */
  public static Endpoint of(String host, int port, String encodedPath, String method, JsonNode body, boolean anthropic) {
    Endpoint.Builder b = Endpoint.builder(EndpointKind.LLM).host(host).port(port).path(encodedPath)
        .attribute(ProviderPaths.METHOD, method);
    String model = body == null ? null : text(body.get("model"));
    if (isAzure(host, encodedPath)) {
      Matcher m = AZURE_DEPLOYMENT.matcher(encodedPath);
      String deployment = m.find() ? m.group(1) : model;
      if (deployment != null) {
        b.resource(deployment);
      }
    } else if (isBedrock(host)) {
      String resource = bedrockResource(encodedPath, body);
      if (resource != null) {
        b.resource(resource);
      } else if (model != null) {
        b.attribute("model", model);
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
  public static Endpoint endpointOrNull(String host, int port, String encodedPath, String method, JsonNode body, boolean anthropic) {
    try {
      return of(host, port, encodedPath, method, body, anthropic);
    } catch (InvalidEndpointException e) {
      return null;
    }
  }

  private static String text(JsonNode n) {
    return n != null && n.isTextual() && !n.textValue().isEmpty() ? n.textValue() : null;
  }
}
