package dev.residency;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every region and multi-region residency knows, with its countries and jurisdictions.
 *
 * <p>The data lives in {@code dev/residency/regions.tsv}, a tab-separated resource file with its
 * sources noted at the top, so that updates are reviewable diffs. A code that is not in the file
 * (say {@code aws:eu-west-9}) is unknown, however plausible it looks.
 *
 * <p>Immutable and thread-safe.
 */
public final class RegionCatalog {
  private static final String RESOURCE = "/dev/residency/regions.tsv";
  private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

  private static volatile RegionCatalog defaultCatalog;

  private final Map<String, Region> regions;
  private final Map<Jurisdiction, Set<String>> jurisdictions;

  private RegionCatalog(Map<String, Region> regions, Map<Jurisdiction, Set<String>> jurisdictions) {
    this.regions = regions;
    this.jurisdictions = jurisdictions;
  }

  /** The catalog bundled with this library, loaded once. */
  public static RegionCatalog defaultCatalog() {
    RegionCatalog catalog = defaultCatalog;
    if (catalog == null) {
      synchronized (RegionCatalog.class) {
        catalog = defaultCatalog;
        if (catalog == null) {
          try (InputStream in = RegionCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
              throw new IllegalStateException("missing resource " + RESOURCE);
            }
            catalog = parse(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          defaultCatalog = catalog;
        }
      }
    }
    return catalog;
  }

  /**
   * Parses a catalog in the {@code regions.tsv} format.
   *
   * <p>Lines: {@code #} comments; {@code @jurisdiction CODE COUNTRIES NAME}; and {@code ID PROVIDER
   * SCOPE COUNTRIES NAME}, tab-separated, countries comma-separated ISO 3166-1 alpha-2 codes.
   * Jurisdiction lines must come before the regions that use them.
   *
   * @throws IllegalArgumentException naming the source and line of the first malformed line
   */
  public static RegionCatalog parse(Reader reader, String sourceName) throws IOException {
    Map<String, Region> regions = new LinkedHashMap<>();
    Map<Jurisdiction, Set<String>> jurisdictions = new LinkedHashMap<>();
    BufferedReader lines = new BufferedReader(reader);
    String line;
    int number = 0;
    while ((line = lines.readLine()) != null) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\t");
      try {
        if (cols[0].equals("@jurisdiction")) {
          if (cols.length != 4) {
            throw new IllegalArgumentException("expected 4 tab-separated columns, got " + cols.length);
          }
          Jurisdiction j = Jurisdiction.of(cols[1]);
          if (jurisdictions.putIfAbsent(j, countries(cols[2])) != null) {
            throw new IllegalArgumentException("duplicate jurisdiction " + j);
          }
          continue;
        }
        if (cols.length != 5) {
          throw new IllegalArgumentException("expected 5 tab-separated columns, got " + cols.length);
        }
        String id = cols[0].trim().toLowerCase(Locale.ROOT);
        int colon = id.indexOf(':');
        if (colon <= 0 || colon == id.length() - 1 || id.indexOf(':', colon + 1) >= 0) {
          throw new IllegalArgumentException("region id must be namespace:code, got '" + id + "'");
        }
        Scope scope = Scope.fromWireName(cols[2].trim());
        if (scope != Scope.REGION && scope != Scope.MULTI_REGION) {
          throw new IllegalArgumentException("scope must be region, dual-region or multi-region");
        }
        Set<String> countries = countries(cols[3]);
        Region region =
            new Region(id, cols[1].trim(), scope, countries, jurisdictionsOf(jurisdictions, countries), cols[4].trim());
        if (regions.putIfAbsent(id, region) != null) {
          throw new IllegalArgumentException("duplicate region " + id);
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(sourceName + ":" + number + ": " + e.getMessage(), e);
      }
    }
    return new RegionCatalog(Collections.unmodifiableMap(regions), Collections.unmodifiableMap(jurisdictions));
  }

  private static Set<String> countries(String column) {
    Set<String> out = new TreeSet<>();
    for (String c : column.split(",")) {
      String code = c.trim().toUpperCase(Locale.ROOT);
      if (!ISO_COUNTRIES.contains(code)) {
        throw new IllegalArgumentException("not an ISO 3166-1 alpha-2 country code: '" + c.trim() + "'");
      }
      out.add(code);
    }
    return out;
  }

  private static Set<Jurisdiction> jurisdictionsOf(Map<Jurisdiction, Set<String>> all, Set<String> countries) {
    Set<Jurisdiction> out = new HashSet<>();
    for (Map.Entry<Jurisdiction, Set<String>> e : all.entrySet()) {
      if (e.getValue().containsAll(countries)) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** The region with this id ({@code aws:eu-central-1}, case-insensitive), or {@code null}. */
  public Region find(String id) {
    Objects.requireNonNull(id, "id");
    return regions.get(id.trim().toLowerCase(Locale.ROOT));
  }

  /** The region {@code namespace:code}, or {@code null}; e.g. {@code find("gcp", "EUR4")}. */
  public Region find(String namespace, String code) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(code, "code");
    return find(namespace + ":" + code);
  }

  /**
   * The region with this id.
   *
   * @throws IllegalArgumentException when the catalog has no such region
   */
  public Region require(String id) {
    Region region = find(id);
    if (region == null) {
      throw new IllegalArgumentException("unknown region '" + id + "'");
    }
    return region;
  }

  /** Every region and multi-region, in file order. */
  public Collection<Region> regions() {
    return regions.values();
  }

  /** Every jurisdiction code defined by the catalog. */
  public Set<Jurisdiction> jurisdictions() {
    return jurisdictions.keySet();
  }

  /**
   * The countries a jurisdiction stands for.
   *
   * @throws IllegalArgumentException when the catalog does not define it
   */
  public Set<String> jurisdictionCountries(Jurisdiction jurisdiction) {
    Set<String> countries = jurisdictions.get(Objects.requireNonNull(jurisdiction, "jurisdiction"));
    if (countries == null) {
      throw new IllegalArgumentException("unknown jurisdiction '" + jurisdiction + "'; known: " + jurisdictions.keySet());
    }
    return Collections.unmodifiableSet(countries);
  }

  /** True when {@code code} is an ISO 3166-1 alpha-2 country code. */
  public static boolean isCountry(String code) {
    return code != null && ISO_COUNTRIES.contains(code);
  }
}
