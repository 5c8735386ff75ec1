package dev.residency.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.InvalidPolicyException;
import dev.residency.Location;
import dev.residency.Region;
import dev.residency.RegionCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Places addresses using published IP-range files the user supplies: AWS {@code ip-ranges.json}
 * ({@code prefixes[].ip_prefix/region}, {@code ipv6_prefixes[].ipv6_prefix/region}) and GCP
 * {@code cloud.json} ({@code prefixes[].ipv4Prefix|ipv6Prefix/scope}). The longest matching prefix
 * wins; AWS {@code GLOBAL} ranges are global; codes the catalog does not know are skipped.
 * Internal, may change without notice. Immutable and thread-safe.
 */
public final class IpRangesResolver {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final class Range {
    final Cidr cidr;
    final Location location;

    Range(Cidr cidr, Location location) {
      this.cidr = cidr;
      this.location = location;
    }
  }

  private final List<Range> ranges;

  private IpRangesResolver(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /** An empty resolver. */
  public static IpRangesResolver empty() {
    return new IpRangesResolver(List.of());
  }

  /**
   * Loads the files.
   *
   * @throws InvalidPolicyException when a file cannot be read or is in neither format
   */
  public static IpRangesResolver load(List<Path> files, RegionCatalog catalog, String policySource) {
    List<Range> ranges = new ArrayList<>();
    for (Path file : files) {
      JsonNode root;
      try {
        root = JSON.readTree(file.toFile());
      } catch (IOException e) {
        throw new InvalidPolicyException(policySource, 0, "residency.ipRanges", "cannot read " + file + ": " + e.getMessage());
      }
      String name = file.getFileName().toString();
      if (root.has("syncToken") || root.has("ipv6_prefixes")) {
        for (JsonNode p : root.path("prefixes")) {
          add(ranges, p.path("ip_prefix").asText(null), "aws", p.path("region").asText(""), name, catalog);
        }
        for (JsonNode p : root.path("ipv6_prefixes")) {
          add(ranges, p.path("ipv6_prefix").asText(null), "aws", p.path("region").asText(""), name, catalog);
        }
      } else if (root.has("prefixes")) {
        for (JsonNode p : root.path("prefixes")) {
          String prefix = p.has("ipv4Prefix") ? p.path("ipv4Prefix").asText() : p.path("ipv6Prefix").asText(null);
          add(ranges, prefix, "gcp", p.path("scope").asText(""), name, catalog);
        }
      } else {
        throw new InvalidPolicyException(policySource, 0, "residency.ipRanges",
            file + " is neither AWS ip-ranges.json nor GCP cloud.json");
      }
    }
    // Longest prefix first, so the first match is the most specific.
    ranges.sort((a, b) -> Integer.compare(b.cidr.prefix(), a.cidr.prefix()));
    return new IpRangesResolver(ranges);
  }

  private static void add(List<Range> out, String prefix, String provider, String code, String file, RegionCatalog catalog) {
    if (prefix == null || code.isEmpty()) {
      return;
    }
    Cidr cidr;
    try {
      cidr = Cidr.parse(prefix);
    } catch (IllegalArgumentException e) {
      return;
    }
    String basis = provider.toUpperCase(Locale.ROOT) + " published range " + cidr + " (" + file + ")";
    if (code.equalsIgnoreCase("GLOBAL") || code.equalsIgnoreCase("global")) {
      out.add(new Range(cidr, Location.global(provider, basis)));
      return;
    }
    Region region = catalog.find(provider, code.toLowerCase(Locale.ROOT));
    if (region != null) {
      out.add(new Range(cidr, Location.of(region, basis)));
    }
  }

  /** The location of the most specific range containing the address, or unknown. */
  public Location resolveAddress(byte[] address) {
    for (Range r : ranges) {
      if (r.cidr.contains(address)) {
        return r.location;
      }
    }
    return Location.unknown();
  }

  /** Number of ranges loaded. */
  public int size() {
    return ranges.size();
  }
}
