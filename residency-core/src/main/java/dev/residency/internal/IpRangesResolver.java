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
import java.util.Objects;

/**
 * Places addresses using published IP-range files the user supplies: AWS {@code ip-ranges.json}
 * ({@code prefixes[].ip_prefix/region}, {@code ipv6_prefixes[].ipv6_prefix/region}) and GCP
 * {@code cloud.json} ({@code prefixes[].ipv4Prefix|ipv6Prefix/scope}). The longest matching prefix
 * wins; {@code GLOBAL} / {@code global} ranges are global. A range whose region is empty or not in
 * the catalog (a region added after the catalog was checked) is kept as an <em>unknown</em> range:
 * skipping it would let a broader range place its addresses. When equally long ranges containing
 * an address disagree, the address is unknown. Internal, may change without notice. Immutable and
 * thread-safe.
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
      // Both files carry syncToken and prefixes; the entry fields tell them apart.
      if (isAws(root)) {
        for (JsonNode p : root.path("prefixes")) {
          add(ranges, p.path("ip_prefix").asText(null), "aws", p.path("region").asText(""), name, catalog, policySource);
        }
        for (JsonNode p : root.path("ipv6_prefixes")) {
          add(ranges, p.path("ipv6_prefix").asText(null), "aws", p.path("region").asText(""), name, catalog, policySource);
        }
      } else if (isGcp(root)) {
        for (JsonNode p : root.path("prefixes")) {
          String prefix = p.has("ipv4Prefix") ? p.path("ipv4Prefix").asText() : p.path("ipv6Prefix").asText(null);
          add(ranges, prefix, "gcp", p.path("scope").asText(""), name, catalog, policySource);
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

  /** AWS ip-ranges.json: {@code ip_prefix} / {@code ipv6_prefix} entries. */
  private static boolean isAws(JsonNode root) {
    return root.has("ipv6_prefixes") || root.has("createDate") || root.path("prefixes").path(0).has("ip_prefix");
  }

  /** GCP cloud.json (which has a syncToken too): {@code ipv4Prefix} / {@code ipv6Prefix} entries. */
  private static boolean isGcp(JsonNode root) {
    return root.path("prefixes").isArray();
  }

  private static void add(
      List<Range> out, String prefix, String provider, String code, String file, RegionCatalog catalog, String policySource) {
    if (prefix == null) {
      return; // an entry without a range places nothing
    }
    Cidr cidr;
    try {
      cidr = Cidr.parse(prefix);
    } catch (IllegalArgumentException e) {
      // Skipping it would let a broader range place its addresses: the file cannot be trusted.
      throw new InvalidPolicyException(policySource, 0, "residency.ipRanges", file + ": " + e.getMessage());
    }
    String basis = provider.toUpperCase(Locale.ROOT) + " published range " + cidr + " (" + file + ")";
    String c = code.trim();
    if (c.equalsIgnoreCase("global")) {
      out.add(new Range(cidr, Location.global(provider, basis)));
      return;
    }
    Region region = c.isEmpty() ? null : catalog.find(provider, c.toLowerCase(Locale.ROOT));
    if (region != null) {
      out.add(new Range(cidr, Location.of(region, basis)));
    } else {
      // Kept, so that the most specific match says "unknown" instead of a broader range answering.
      out.add(new Range(cidr, Location.unknown(basis + " has region '" + c + "', which is not in the region catalog")));
    }
  }

  /**
   * The location of the most specific range containing the address, or unknown (explained when a
   * range matched but places nothing, or when equally specific ranges disagree).
   */
  public Location resolveAddress(byte[] address) {
    Location found = null;
    int prefix = -1;
    for (Range r : ranges) {
      if (found != null && r.cidr.prefix() < prefix) {
        break;
      }
      if (!r.cidr.contains(address)) {
        continue;
      }
      if (found == null) {
        found = r.location;
        prefix = r.cidr.prefix();
      } else if (!samePlace(found, r.location)) {
        return Location.unknown(found.basis() + " and " + r.location.basis() + " disagree (" + found.describe()
            + " against " + r.location.describe() + ")");
      }
    }
    return found == null ? Location.unknown() : found;
  }

  private static boolean samePlace(Location a, Location b) {
    return a.scope() == b.scope() && Objects.equals(a.provider(), b.provider()) && Objects.equals(a.region(), b.region());
  }

  /** Number of ranges loaded. */
  public int size() {
    return ranges.size();
  }
}
