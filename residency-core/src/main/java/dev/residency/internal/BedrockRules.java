package dev.residency.internal;

import dev.residency.Endpoint;
import dev.residency.Location;
import dev.residency.Region;
import dev.residency.RegionCatalog;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Amazon Bedrock: the model id in the request path (or the endpoint's resource) decides where
 * inference runs; on Bedrock Runtime and bedrock-mantle only a canonical path ({@link
 * ProviderPaths}) of a known operation is placed. Internal, may change without notice. Thread-safe.
 *
 * <ul>
 *   <li>A geographic cross-Region inference profile ({@code eu.}, {@code us.}, {@code apac.},
 *       {@code jp.}, {@code au.}, {@code us-gov.}, {@code ca.}) runs in any Region of its geography:
 *       catalog {@code aws-bedrock:<geo>}.
 *   <li>A global profile ({@code global.}) runs in any commercial Region.
 *   <li>A plain model id runs in the endpoint's own Region.
 * </ul>
 *
 * Sources: https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference.html,
 * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html,
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html (path
 * {@code /model/{modelId}/converse}; modelId may be a model id, an inference profile id or ARN, a
 * provisioned-model ARN...), https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-create.html
 * (application inference profiles).
 */
final class BedrockRules {
  /** Geography prefixes of system-defined cross-Region inference profiles. */
  static final Set<String> GEO_PREFIXES = Set.of("eu", "us", "apac", "jp", "au", "us-gov", "ca");

  /**
   * Model providers on Bedrock: the first label of a plain (in-Region) model id. A first label that
   * is neither a provider nor a known geography may be a geography AWS added since: unknown, never
   * the host's Region. Source: https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html
   */
  static final Set<String> MODEL_PROVIDERS =
      Set.of(
          "ai21", "amazon", "anthropic", "cohere", "deepseek", "google", "luma", "meta", "minimax", "mistral",
          "moonshot", "nvidia", "openai", "qwen", "stability", "twelvelabs", "writer");

  /**
   * Bedrock Runtime operations that name their model in the path, {@code /model/{modelId}/OP}.
   * Source: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_Operations_Amazon_Bedrock_Runtime.html
   * (Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream, CountTokens,
   * InvokeModelWithBidirectionalStream).
   */
  private static final Set<String> MODEL_OPERATIONS =
      Set.of("converse", "converse-stream", "invoke", "invoke-with-response-stream", "count-tokens",
          "invoke-with-bidirectional-stream");

  /** Path keywords of Bedrock Runtime and bedrock-mantle operations. */
  private static final Set<String> KEYWORDS =
      Set.of("model", "async-invoke", "guardrail", "version", "apply", "openai", "v1", "chat", "completions", "models");

  /** A model or inference-profile id: vendor or geography labels, name, {@code :version}. */
  private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

  /** An ARN's resource part: a type and, after one '/', an id of the same shape. */
  private static final Pattern ARN_RESOURCE = Pattern.compile("[a-z][a-z-]*(?:/[A-Za-z0-9][A-Za-z0-9._:-]*)?");

  /** ARN resource types of models that run in the ARN's own Region. */
  private static final Set<String> IN_REGION_TYPES =
      Set.of("foundation-model", "provisioned-model", "custom-model-deployment", "imported-model");

  private final RegionCatalog catalog;
  private final AwsRules aws;

  BedrockRules(RegionCatalog catalog, AwsRules aws) {
    this.catalog = catalog;
    this.aws = aws;
  }

  /**
   * A Bedrock host in {@code hostRegion}. On Bedrock Runtime and bedrock-mantle the operation in
   * the path decides (see {@link #runtime}); on the other Bedrock hosts the resource, if any.
   */
  Location resolveHost(Endpoint e, String service, Location hostRegion) {
    if (service.startsWith("bedrock-runtime")) {
      return runtime(e, hostRegion.region(), false);
    }
    if (service.startsWith("bedrock-mantle")) {
      return runtime(e, hostRegion.region(), true);
    }
    String model = e.resource();
    String code = hostRegion.region().code();
    if (model == null) {
      if (service.startsWith("bedrock-agent-runtime")) {
        return Location.unknown(
            "Bedrock agent request on " + e.host() + ": the agent's configured model decides where inference runs "
                + "(it may be a cross-Region profile); declare the agent or its model in the policy");
      }
      return Location.of(hostRegion.region(), "Amazon Bedrock endpoint " + e.host() + " in " + code + " (the request names no model)");
    }
    return model(model, hostRegion.region());
  }

  /**
   * Bedrock Runtime ({@code bedrock-runtime.REGION.amazonaws.com}) and its OpenAI-compatible
   * sibling bedrock-mantle ({@code bedrock-mantle.REGION.api.aws}): each operation is placed by
   * what it runs on, and an operation not listed here is unknown (a new one may route anywhere).
   *
   * <ul>
   *   <li>{@code /model/{modelId}/OP}: the model id or ARN in the path.
   *   <li>StartAsyncInvoke ({@code POST /async-invoke}) and the OpenAI-compatible chat completions
   *       ({@code /openai/v1/chat/completions} on bedrock-runtime, {@code /v1/chat/completions} on
   *       bedrock-mantle) name the model in the body: the endpoint's resource must carry it.
   *   <li>Reads that name no model ({@code GET /async-invoke[/{arn}]}, mantle {@code GET
   *       /v1/models[/{id}]}) and a host-only check (no path): the host's Region.
   *   <li>ApplyGuardrail: unknown, since a guardrail's cross-Region profile is not in the request.
   * </ul>
   *
   * Sources: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_Operations_Amazon_Bedrock_Runtime.html,
   * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html (OpenAI
   * Chat Completions on bedrock-runtime), https://docs.aws.amazon.com/bedrock/latest/userguide/bedrock-mantle.html,
   * https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-cross-region.html.
   */
  private Location runtime(Endpoint e, Region region, boolean mantle) {
    String host = e.host();
    String path = e.path();
    String resource = e.resource();
    if (path == null) {
      // A DNS lookup or a connection names no operation; each request on it is decided by its own path.
      return resource == null
          ? Location.of(region, "Amazon Bedrock endpoint " + host + " in " + region.code()
              + " (host only: each request is decided on its own path)")
          : byModel(resource, region, "the request");
    }
    String why = ProviderPaths.whyNotCanonical(path, KEYWORDS);
    if (why != null) {
      return Location.unknown("Bedrock request path on " + host + " is not canonical (" + why
          + "): a server may read it as another operation or model");
    }
    List<String> s = ProviderPaths.segments(path);
    if (s.isEmpty()) {
      // The root is a base URL (a client configured with host and model), not an operation.
      return resource == null
          ? Location.unknown("Bedrock request to the root of " + host + " names no operation and no model")
          : byModel(resource, region, "the request");
    }
    String method = ProviderPaths.method(e);
    boolean post = method == null || method.equals("POST");
    if (!mantle) {
      if (s.size() == 3 && s.get(0).equals("model") && MODEL_OPERATIONS.contains(s.get(2))) {
        String id = s.get(1);
        if (resource != null && !resource.equals(id)) {
          return Location.unknown("Bedrock request path names model " + id + " but the request names " + resource
              + ": which one runs is not certain");
        }
        return byModel(id, region, "the request path");
      }
      if (s.size() == 1 && s.get(0).equals("async-invoke")) {
        if (ProviderPaths.isRead(e)) {
          return Location.of(region, "Amazon Bedrock " + host + ": ListAsyncInvokes reads job status in "
              + region.code());
        }
        return post ? bodyModel(e, region, "StartAsyncInvoke (modelId)") : notPlaced(host, method);
      }
      if (s.size() == 2 && s.get(0).equals("async-invoke")) {
        return ProviderPaths.isRead(e)
            ? Location.of(region, "Amazon Bedrock " + host + ": GetAsyncInvoke reads job status in " + region.code())
            : notPlaced(host, method);
      }
      if (s.size() == 5 && s.get(0).equals("guardrail") && s.get(2).equals("version") && s.get(4).equals("apply")) {
        return Location.unknown("Bedrock ApplyGuardrail on " + host + ": a guardrail with a cross-Region guardrail "
            + "profile evaluates content in any Region of its geography, and the request does not show whether it has "
            + "one; declare the guardrail (its identifier as the resource) in the policy");
      }
      if (s.equals(List.of("openai", "v1", "chat", "completions"))) {
        return post ? bodyModel(e, region, "OpenAI-compatible chat completions (model)") : notPlaced(host, method);
      }
    } else {
      if (s.equals(List.of("v1", "chat", "completions"))) {
        return post ? bodyModel(e, region, "OpenAI-compatible chat completions (model)") : notPlaced(host, method);
      }
      if ((s.size() == 2 || s.size() == 3) && s.get(0).equals("v1") && s.get(1).equals("models")) {
        return ProviderPaths.isRead(e)
            ? Location.of(region, "Amazon Bedrock " + host + ": a model listing read in " + region.code())
            : notPlaced(host, method);
      }
    }
    return notPlaced(host, method);
  }

  private static Location notPlaced(String host, String method) {
    return Location.unknown("Bedrock request on " + host + (method == null ? "" : " (" + method + ")")
        + " is not an operation whose placement is known: model operations under /model/{modelId}/, "
        + "StartAsyncInvoke and chat completions with the model as the resource, and reads that name no model");
  }

  /** An operation whose model is in the body: placed by the endpoint's resource, which must carry it. */
  private Location bodyModel(Endpoint e, Region region, String operation) {
    if (e.resource() == null) {
      return Location.unknown("Bedrock " + operation + " on " + e.host() + " names its model in the request body, "
          + "and the endpoint does not carry it as the resource");
    }
    return byModel(e.resource(), region, "the request");
  }

  private Location byModel(String id, Region region, String where) {
    if (!isCanonicalModelId(id)) {
      return Location.unknown("the Bedrock model id " + where + " names is not canonical: "
          + "a server may read it as another model");
    }
    return model(id, region);
  }

  /**
   * A model or profile id ({@code eu.anthropic.claude-3-7-sonnet-20250219-v1:0}) or a Bedrock
   * ARN whose resource is a type and one id: no '/' elsewhere, no empty, '.' or '..' part.
   */
  static boolean isCanonicalModelId(String id) {
    if (!id.startsWith("arn:")) {
      return MODEL_ID.matcher(id).matches();
    }
    AwsRules.Arn arn = AwsRules.Arn.parse(id);
    if (arn == null) {
      return false;
    }
    // No '/' before the resource part, which holds at most one.
    int resourceStart = id.length() - arn.resource.length();
    return id.lastIndexOf('/', resourceStart - 1) < 0 && ARN_RESOURCE.matcher(arn.resource).matches();
  }

  /**
   * Whether the request's path names no model or guardrail other than {@code e.resource()}, and
   * can be read: only then may a resource's declared location stand for the whole request.
   */
  static boolean pathAgreesWithResource(Endpoint e) {
    String path = e.path();
    if (path == null) {
      return true;
    }
    if (ProviderPaths.whyNotCanonical(path, KEYWORDS) != null) {
      return false;
    }
    List<String> s = ProviderPaths.segments(path);
    if (s.size() == 3 && s.get(0).equals("model") || s.size() == 5 && s.get(0).equals("guardrail")) {
      return s.get(1).equals(e.resource());
    }
    return true;
  }

  /** A model id or ARN with no host: geography profiles and ARNs place it; a plain id does not. */
  Location resolveModel(String model) {
    return model(model, null);
  }

  private Location model(String id, Region hostRegion) {
    if (id.startsWith("arn:")) {
      AwsRules.Arn arn = AwsRules.Arn.parse(id);
      if (arn == null || !arn.service.equals("bedrock")) {
        return Location.unknown("Bedrock model ARN is malformed or not a Bedrock ARN");
      }
      return resolveArn(arn, hostRegion);
    }
    Location profile = profile(id);
    if (profile != null) {
      return invokedFromItsGeography(profile, id, hostRegion);
    }
    int dot = id.indexOf('.');
    String first = dot < 0 ? id : id.substring(0, dot);
    if (!MODEL_PROVIDERS.contains(first)) {
      return Location.unknown(
          "Bedrock model id " + id + " starts with '" + first + "', which is neither a known model provider nor a known "
              + "inference-profile geography; declare it in the policy");
    }
    if (hostRegion == null) {
      return Location.unknown(
          "Bedrock model id " + id + " runs in the client's Region, and the endpoint names none; "
              + "pass the Bedrock host or declare the resource");
    }
    return Location.of(hostRegion, "Bedrock model " + id + " invoked in-Region in " + hostRegion.code());
  }

  /**
   * A geographic inference profile is offered only in the source Regions of its geography: the
   * request (prompt included) first goes to the source Region's endpoint. An {@code eu.} profile
   * sent to {@code us-east-1} (as host or as the ARN's Region) would carry the prompt to the US
   * before AWS refuses it, so it is not placed in the geography: unknown, and denied by default.
   */
  private static Location invokedFromItsGeography(Location profile, String id, Region source) {
    if (source == null || profile.isUnknown() || profile.isGlobal()
        || profile.countries().containsAll(source.countries())) {
      return profile;
    }
    return Location.unknown("Bedrock inference profile " + id + " invoked from " + source.code()
        + ", which is outside its geography: the request would reach " + source.code() + " first");
  }

  /** A system-defined inference profile id's geography, or null when the id has no geo prefix. */
  private Location profile(String id) {
    int dot = id.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    String prefix = id.substring(0, dot);
    if (prefix.equals("global")) {
      return Location.global("aws", "Bedrock global cross-Region inference profile " + id + ": any commercial Region");
    }
    if (!GEO_PREFIXES.contains(prefix)) {
      return null;
    }
    Region geo = catalog.find("aws-bedrock", prefix);
    if (geo == null) {
      return Location.unknown("Bedrock inference profile " + id + " spans geography " + prefix + ", which is not in the region catalog");
    }
    return Location.of(geo, "Bedrock cross-Region inference profile " + id + ": any Region of " + geo.name());
  }

  /**
   * A Bedrock ARN: foundation, provisioned, custom and imported models run in the ARN's Region;
   * an inference profile ARN runs where its profile id's geography says; an application inference
   * profile hides its source, so it is unknown unless the policy declares it.
   */
  Location resolveArn(AwsRules.Arn arn, Region hostRegion) {
    Location region = aws.arnRegion(arn);
    if (region.isUnknown()) {
      return region;
    }
    if (hostRegion != null && !hostRegion.equals(region.region())) {
      return Location.unknown(
          "Bedrock ARN in " + arn.region + " sent to an endpoint in " + hostRegion.code() + ": Bedrock serves a resource only in its own Region");
    }
    int slash = arn.resource.indexOf('/');
    String type = slash < 0 ? arn.resource : arn.resource.substring(0, slash);
    String name = slash < 0 ? "" : arn.resource.substring(slash + 1);
    if (IN_REGION_TYPES.contains(type)) {
      return Location.of(region.region(), "Bedrock " + type + " ARN in " + arn.region);
    }
    if (type.equals("inference-profile")) {
      Location profile = profile(name);
      return profile != null
          ? invokedFromItsGeography(profile, name, region.region())
          : Location.unknown("Bedrock inference profile ARN " + name + " has no known geography prefix");
    }
    if (type.equals("application-inference-profile")) {
      return Location.unknown(
          "Bedrock application inference profile: its model source (in-Region or cross-Region) is not visible "
              + "in the ARN; declare the ARN in the policy");
    }
    return Location.unknown("Bedrock ARN of type " + type + " is not placed by provider rules; declare it in the policy");
  }
}
