package dev.residency.internal;

import dev.residency.Endpoint;
import dev.residency.Location;
import dev.residency.Region;
import dev.residency.RegionCatalog;
import java.util.Map;

/**
 * LLM API hosts: OpenAI (global and data-residency hosts), Mistral (global and regional
 * inference), Anthropic ({@code inference_geo}) and OpenRouter. Internal, may change without
 * notice. Thread-safe.
 *
 * <p>Returns {@code null} for hosts outside these providers' domains.
 */
final class LlmRules {
  /**
   * OpenAI data-residency hosts, {@code GEO.api.openai.com}, and whether OpenAI documents regional
   * <em>processing</em> (inference) there, not only storage at rest. Where it does not, customer
   * content "may be processed and temporarily stored outside the region", so the host is placed
   * global, not in its geography. Source: https://platform.openai.com/docs/guides/your-data#data-residency
   * (now https://developers.openai.com/api/docs/guides/data-residency), table "Region / domain
   * prefix / regional storage / regional processing"; ae processes in-region for some snapshots
   * only, so it counts as storage-only here.
   */
  private static final Map<String, Boolean> OPENAI_REGIONS =
      Map.ofEntries(
          Map.entry("us", true),
          Map.entry("eu", true),
          Map.entry("ae", false),
          Map.entry("au", false),
          Map.entry("ca", false),
          Map.entry("jp", false),
          Map.entry("in", false),
          Map.entry("sg", false),
          Map.entry("kr", false),
          Map.entry("gb", false));

  private final RegionCatalog catalog;

  LlmRules(RegionCatalog catalog) {
    this.catalog = catalog;
  }

  Location resolveHost(Endpoint e) {
    String host = e.host();
    if (HostNames.isSameOrSubdomain(host, "openai.com")) {
      return openai(host);
    }
    if (HostNames.isSameOrSubdomain(host, "mistral.ai")) {
      return mistral(host);
    }
    if (host.equals("api.anthropic.com")) {
      return anthropic(e);
    }
    // OpenRouter routes each request to any of its upstream providers, anywhere.
    // Source: https://openrouter.ai/docs/features/provider-routing
    if (host.equals("openrouter.ai")) {
      return Location.global("openrouter", "OpenRouter routes requests to upstream providers in any country");
    }
    return null;
  }

  private Location openai(String host) {
    // api.openai.com: no residency constraint. Source: see OPENAI_REGIONS.
    if (host.equals("api.openai.com")) {
      return Location.global("openai", "OpenAI global endpoint api.openai.com: processed in any region");
    }
    String[] labels = host.split("\\.");
    if (labels.length == 4 && host.endsWith(".api.openai.com")) {
      Boolean processing = OPENAI_REGIONS.get(labels[0]);
      if (processing != null) {
        String geo = labels[0];
        if (!processing) {
          return Location.global(
              "openai", "OpenAI data-residency host " + host + " stores data at rest in " + geo
                  + ", but OpenAI documents no in-region processing there: inference may run in any region");
        }
        Region r = catalog.find("openai", geo);
        return r != null
            ? Location.of(r, "OpenAI data-residency host " + host + " (regional storage and processing)")
            : Location.unknown("OpenAI data-residency host " + host + ", but openai:" + geo + " is not in the region catalog");
      }
    }
    return Location.unknown("OpenAI host " + host + " is not a documented API or data-residency endpoint");
  }

  /**
   * api.mistral.ai is Mistral's global endpoint; api.eu.mistral.ai and api.us.mistral.ai run
   * inference in that geography. Source: https://docs.mistral.ai/studio-api/regional-inference
   */
  private Location mistral(String host) {
    if (host.equals("api.mistral.ai")) {
      return Location.global("mistral", "Mistral global endpoint api.mistral.ai: no regional processing commitment");
    }
    String[] labels = host.split("\\.");
    if (labels.length == 4 && labels[0].equals("api") && (labels[1].equals("eu") || labels[1].equals("us"))) {
      Region r = catalog.find("mistral", labels[1]);
      return r != null
          ? Location.of(r, "Mistral regional inference endpoint " + host)
          : Location.unknown("Mistral regional endpoint " + host + ", but mistral:" + labels[1] + " is not in the region catalog");
    }
    return Location.unknown("Mistral host " + host + " is not a documented API endpoint");
  }

  /**
   * api.anthropic.com runs inference where the request's {@code inference_geo} says: "us" in the
   * United States, "global" anywhere; without it the workspace default applies, which the request
   * does not show. Source: https://docs.claude.com/en/docs/build-with-claude/data-residency
   * (platform.claude.com/docs/en/manage-claude/data-residency).
   */
  private Location anthropic(Endpoint e) {
    String geo = e.attribute("inference_geo");
    if (geo == null) {
      return Location.unknown(
          "api.anthropic.com: inference runs where the request's inference_geo (or the workspace default) says, "
              + "and this request does not say");
    }
    if (geo.equals("global")) {
      return Location.global("anthropic", "Anthropic API with inference_geo=global: inference in any geography");
    }
    if (geo.equals("us")) {
      Region r = catalog.find("anthropic", "us");
      return r != null
          ? Location.of(r, "Anthropic API with inference_geo=us: inference in the United States")
          : Location.unknown("Anthropic inference_geo=us, but anthropic:us is not in the region catalog");
    }
    return Location.unknown("Anthropic API with inference_geo=" + geo + ", which is not a documented value");
  }
}
