package dev.residency.internal;

import dev.residency.Endpoint;
import dev.residency.Location;
import dev.residency.Region;
import dev.residency.RegionCatalog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon Bedrock: the model id in the request path (or the endpoint's resource) decides where
 * inference runs. Internal, may change without notice. Thread-safe.
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

  private static final Pattern MODEL_PATH = Pattern.compile("^/model/([^/]+)(?:/[^/]*)*$");

  /** ARN resource types of models that run in the ARN's own Region. */
  private static final Set<String> IN_REGION_TYPES =
      Set.of("foundation-model", "provisioned-model", "custom-model-deployment", "imported-model");

  private final RegionCatalog catalog;
  private final AwsRules aws;

  BedrockRules(RegionCatalog catalog, AwsRules aws) {
    this.catalog = catalog;
    this.aws = aws;
  }

  /** A Bedrock host in {@code hostRegion}; the model in the path (or the resource) decides. */
  Location resolveHost(Endpoint e, String service, Location hostRegion) {
    String model = null;
    String path = e.path();
    if (path != null) {
      Matcher m = MODEL_PATH.matcher(path);
      if (m.matches()) {
        model = percentDecode(m.group(1));
        if (model == null || model.isEmpty()) {
          return Location.unknown("Bedrock request path has a malformed model id");
        }
      }
    }
    if (model == null) {
      model = e.resource();
    }
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

  /** Decodes %XX escapes as UTF-8; null when an escape is malformed. Leaves '+' alone (a path). */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          return null;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
