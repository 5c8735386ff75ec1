package dev.residency;

import dev.residency.internal.PolicyLoader;
import dev.residency.mask.MaskingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable residency policy: where data may go ({@code allow}), where it may go only masked
 * ({@code allowMasked}), what to do with unknown locations, the mode, the facts the resolver cannot
 * infer, time-boxed exceptions, IP-range files, masking and audit settings.
 *
 * <p>Built in code with {@link #builder()} or loaded with {@link #load(Path)} from YAML or JSON in
 * the format of the project's DESIGN.md. Every region and jurisdiction code is checked against the
 * {@link RegionCatalog}: an unknown code is an error, never a silent allow.
 *
 * <p>Thread-safe.
 */
public final class ResidencyPolicy {
  /** What happens to an endpoint nobody can place. */
  public enum UnknownAction {
    /** Deny it (fail closed). The default. */
    DENY,
    /** Allow it (the decision still says the location was unknown). */
    ALLOW
  }

  private final String source;
  private final Path baseDir;
  private final RegionCatalog catalog;
  private final Region home;
  private final Set<Jurisdiction> allowJurisdictions;
  private final Set<String> allowCountries;
  private final Set<Region> allowRegions;
  private final Set<Jurisdiction> maskedJurisdictions;
  private final Set<String> maskedCountries;
  private final Set<Region> maskedRegions;
  private final Set<String> allowedCountrySet;
  private final Set<String> maskedCountrySet;
  private final UnknownAction unknown;
  private final Mode mode;
  private final List<EndpointFact> endpoints;
  private final List<Exemption> exceptions;
  private final List<Path> ipRanges;
  private final MaskingSettings masking;
  private final String auditSink;
  private final boolean auditRequired;
  private final boolean hasAddressFacts;

  private ResidencyPolicy(Builder b) {
    this.source = b.source;
    this.baseDir = b.baseDir;
    this.catalog = b.catalog;
    this.home = b.home;
    this.allowJurisdictions = Collections.unmodifiableSet(new LinkedHashSet<>(b.allowJurisdictions));
    this.allowCountries = Collections.unmodifiableSet(new TreeSet<>(b.allowCountries));
    this.allowRegions = Collections.unmodifiableSet(new LinkedHashSet<>(b.allowRegions));
    this.maskedJurisdictions = Collections.unmodifiableSet(new LinkedHashSet<>(b.maskedJurisdictions));
    this.maskedCountries = Collections.unmodifiableSet(new TreeSet<>(b.maskedCountries));
    this.maskedRegions = Collections.unmodifiableSet(new LinkedHashSet<>(b.maskedRegions));
    this.allowedCountrySet = countrySet(catalog, allowJurisdictions, allowCountries);
    this.maskedCountrySet = countrySet(catalog, maskedJurisdictions, maskedCountries);
    this.unknown = b.unknown;
    this.mode = b.mode;
    this.endpoints = List.copyOf(b.endpoints);
    this.exceptions = List.copyOf(b.exceptions);
    this.ipRanges = List.copyOf(b.ipRanges);
    this.masking = b.masking;
    this.auditSink = b.auditSink;
    this.auditRequired = b.auditRequired;
    this.hasAddressFacts = !ipRanges.isEmpty() || endpoints.stream().anyMatch(f -> f.cidr() != null);
  }

  private static Set<String> countrySet(RegionCatalog catalog, Set<Jurisdiction> js, Set<String> countries) {
    Set<String> out = new TreeSet<>(countries);
    for (Jurisdiction j : js) {
      out.addAll(catalog.jurisdictionCountries(j));
    }
    return Collections.unmodifiableSet(out);
  }

  /** Starts a policy that allows nothing, denies unknown locations and enforces. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads a policy from a YAML or JSON file.
   *
   * @throws InvalidPolicyException naming the file, line, key and problem
   * @throws UncheckedIOException when the file cannot be read
   */
  public static ResidencyPolicy load(Path file) {
    Objects.requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read policy file " + file, e);
    }
    Path parent = file.toAbsolutePath().getParent();
    return PolicyLoader.parse(text, file.toString(), parent);
  }

  /**
   * Parses policy text (YAML or JSON).
   *
   * @param sourceName named in error messages, e.g. the file name
   * @throws InvalidPolicyException naming the source, line, key and problem
   */
  public static ResidencyPolicy parse(String text, String sourceName) {
    return PolicyLoader.parse(Objects.requireNonNull(text, "text"), Objects.requireNonNull(sourceName, "sourceName"), null);
  }

  /** A builder holding this policy's values, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.source = source;
    b.baseDir = baseDir;
    b.catalog = catalog;
    b.home = home;
    b.allowJurisdictions.addAll(allowJurisdictions);
    b.allowCountries.addAll(allowCountries);
    b.allowRegions.addAll(allowRegions);
    b.maskedJurisdictions.addAll(maskedJurisdictions);
    b.maskedCountries.addAll(maskedCountries);
    b.maskedRegions.addAll(maskedRegions);
    b.unknown = unknown;
    b.mode = mode;
    b.endpoints.addAll(endpoints);
    b.exceptions.addAll(exceptions);
    b.ipRanges.addAll(ipRanges);
    b.masking = masking;
    b.auditSink = auditSink;
    b.auditRequired = auditRequired;
    return b;
  }

  /** Where the policy came from: a file name or {@code "builder"}. */
  public String source() {
    return source;
  }

  /** The directory relative paths in the policy resolve against, or {@code null}. */
  public Path baseDir() {
    return baseDir;
  }

  /** The region catalog codes were checked against. */
  public RegionCatalog catalog() {
    return catalog;
  }

  /** Where this service runs (reported in audit, and where embedded databases are), or {@code null}. */
  public Region home() {
    return home;
  }

  /** Allowed jurisdictions. */
  public Set<Jurisdiction> allowJurisdictions() {
    return allowJurisdictions;
  }

  /** Allowed countries, as listed. */
  public Set<String> allowCountries() {
    return allowCountries;
  }

  /** Allowed regions, as listed. */
  public Set<Region> allowRegions() {
    return allowRegions;
  }

  /** Jurisdictions data may go to only masked. */
  public Set<Jurisdiction> allowMaskedJurisdictions() {
    return maskedJurisdictions;
  }

  /** Countries data may go to only masked. */
  public Set<String> allowMaskedCountries() {
    return maskedCountries;
  }

  /** Regions data may go to only masked. */
  public Set<Region> allowMaskedRegions() {
    return maskedRegions;
  }

  /** Every allowed country: listed countries plus those of listed jurisdictions. */
  public Set<String> allowedCountries() {
    return allowedCountrySet;
  }

  /** Every country data may go to masked. */
  public Set<String> allowedMaskedCountries() {
    return maskedCountrySet;
  }

  /** What happens to unknown locations; default DENY. */
  public UnknownAction unknown() {
    return unknown;
  }

  /** The mode; default ENFORCE. */
  public Mode mode() {
    return mode;
  }

  /** Declared facts, in order. */
  public List<EndpointFact> endpoints() {
    return endpoints;
  }

  /** Exceptions, in order. */
  public List<Exemption> exceptions() {
    return exceptions;
  }

  /** IP-range files (AWS {@code ip-ranges.json} or GCP {@code cloud.json} format). */
  public List<Path> ipRanges() {
    return ipRanges;
  }

  /** Masking settings; defaults when the policy has no masking section. */
  public MaskingSettings masking() {
    return masking;
  }

  /** The audit sink spec: {@code slf4j} (default), {@code memory}, {@code none} or {@code jsonl:PATH}. */
  public String auditSink() {
    return auditSink;
  }

  /** Whether a failing audit sink turns decisions into DENY; default false. */
  public boolean auditRequired() {
    return auditRequired;
  }

  /** True when the policy declares CIDR facts or IP-range files, so resolved addresses are checked. */
  public boolean hasAddressFacts() {
    return hasAddressFacts;
  }

  /** A short human summary, as {@code residency lint} prints it. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append("policy ").append(source).append('\n');
    sb.append("  home: ").append(home == null ? "-" : home.id()).append('\n');
    sb.append("  mode: ").append(mode.wireName()).append(", unknown: ").append(unknown.name().toLowerCase(Locale.ROOT)).append('\n');
    sb.append("  allow: jurisdictions ").append(allowJurisdictions).append(", countries ").append(allowCountries)
        .append(", regions ").append(allowRegions).append('\n');
    sb.append("    = ").append(allowedCountrySet.size()).append(" countries ").append(allowedCountrySet).append('\n');
    if (!maskedCountrySet.isEmpty() || !maskedRegions.isEmpty()) {
      sb.append("  allowMasked: ").append(maskedCountrySet).append(' ').append(maskedRegions).append('\n');
    }
    for (EndpointFact f : endpoints) {
      sb.append("  ").append(f.id()).append(": ")
          .append(f.hostPattern() != null ? "host " + f.hostPattern() : f.cidr() != null ? "cidr " + f.cidr() : "resource " + f.resource())
          .append(" -> ").append(f.region().id());
      if (!f.deployments().isEmpty()) {
        sb.append(" deployments ").append(f.deployments());
      }
      sb.append('\n');
    }
    for (Exemption e : exceptions) {
      sb.append("  ").append(e.id()).append(": ").append(e.hostPattern()).append(" until ").append(e.expires())
          .append(" (").append(e.reason()).append(")\n");
    }
    for (Path p : ipRanges) {
      sb.append("  ipRanges: ").append(p).append('\n');
    }
    sb.append("  masking: ").append(masking).append('\n');
    sb.append("  audit: ").append(auditSink).append(auditRequired ? " (required)" : "").append('\n');
    return sb.toString();
  }

  /** Builds a {@link ResidencyPolicy}. Not thread-safe. */
  public static final class Builder {
    private String source = "builder";
    private Path baseDir;
    private RegionCatalog catalog = RegionCatalog.defaultCatalog();
    private Region home;
    private final Set<Jurisdiction> allowJurisdictions = new LinkedHashSet<>();
    private final Set<String> allowCountries = new LinkedHashSet<>();
    private final Set<Region> allowRegions = new LinkedHashSet<>();
    private final Set<Jurisdiction> maskedJurisdictions = new LinkedHashSet<>();
    private final Set<String> maskedCountries = new LinkedHashSet<>();
    private final Set<Region> maskedRegions = new LinkedHashSet<>();
    private UnknownAction unknown = UnknownAction.DENY;
    private Mode mode = Mode.ENFORCE;
    private final List<EndpointFact> endpoints = new ArrayList<>();
    private final List<Exemption> exceptions = new ArrayList<>();
    private final List<Path> ipRanges = new ArrayList<>();
    private MaskingSettings masking = MaskingSettings.defaults();
    private String auditSink = "slf4j";
    private boolean auditRequired;

    private Builder() {}

    /** Sets the name used in error messages and summaries. */
    public Builder setSource(String source, Path baseDir) {
      this.source = Objects.requireNonNull(source, "source");
      this.baseDir = baseDir;
      return this;
    }

    /** Uses another region catalog (set it first: later codes are checked against it). */
    public Builder setCatalog(RegionCatalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /**
     * Sets where this service runs, e.g. {@code aws:eu-central-1}.
     *
     * @throws IllegalArgumentException for a region the catalog does not know
     */
    public Builder setHome(String regionId) {
      this.home = catalog.require(regionId);
      return this;
    }

    /**
     * Allows jurisdictions, e.g. {@code EU}, {@code EEA}, {@code UK}, {@code CH}.
     *
     * @throws IllegalArgumentException for a jurisdiction the catalog does not define
     */
    public Builder allowJurisdictions(String... codes) {
      for (String c : codes) {
        Jurisdiction j = Jurisdiction.of(c);
        catalog.jurisdictionCountries(j);
        allowJurisdictions.add(j);
      }
      return this;
    }

    /**
     * Allows countries by ISO 3166-1 alpha-2 code.
     *
     * @throws IllegalArgumentException for a code that is not a country
     */
    public Builder allowCountries(String... codes) {
      for (String c : codes) {
        allowCountries.add(country(c));
      }
      return this;
    }

    /**
     * Allows regions by catalog id, e.g. {@code gcp:europe-west3}.
     *
     * @throws IllegalArgumentException for an id the catalog does not know
     */
    public Builder allowRegions(String... ids) {
      for (String id : ids) {
        allowRegions.add(catalog.require(id));
      }
      return this;
    }

    /** Lets data go to these jurisdictions once masked (outcome ALLOW_MASKED). */
    public Builder allowMaskedJurisdictions(String... codes) {
      for (String c : codes) {
        Jurisdiction j = Jurisdiction.of(c);
        catalog.jurisdictionCountries(j);
        maskedJurisdictions.add(j);
      }
      return this;
    }

    /** Lets data go to these countries once masked. */
    public Builder allowMaskedCountries(String... codes) {
      for (String c : codes) {
        maskedCountries.add(country(c));
      }
      return this;
    }

    /** Lets data go to these regions once masked. */
    public Builder allowMaskedRegions(String... ids) {
      for (String id : ids) {
        maskedRegions.add(catalog.require(id));
      }
      return this;
    }

    private static String country(String c) {
      String code = Objects.requireNonNull(c, "country").trim().toUpperCase(Locale.ROOT);
      if (!RegionCatalog.isCountry(code)) {
        throw new IllegalArgumentException("not an ISO 3166-1 alpha-2 country code: '" + c + "'");
      }
      return code;
    }

    /** Sets what happens to unknown locations; default DENY. */
    public Builder setUnknown(UnknownAction unknown) {
      this.unknown = Objects.requireNonNull(unknown, "unknown");
      return this;
    }

    /** Sets the mode; default ENFORCE. */
    public Builder setMode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Adds a declared fact; its id defaults to {@code residency.endpoints[N]}. */
    public Builder addEndpoint(EndpointFact fact) {
      endpoints.add(Objects.requireNonNull(fact, "fact"));
      return this;
    }

    /** Declares that a host or {@code *.domain} is in a region. */
    public Builder declareHost(String pattern, String regionId) {
      return addEndpoint(EndpointFact.host(pattern, catalog.require(regionId)).id(nextFactId()).build());
    }

    /** Declares that a CIDR range is in a region. */
    public Builder declareCidr(String cidr, String regionId) {
      return addEndpoint(EndpointFact.cidr(cidr, catalog.require(regionId)).id(nextFactId()).build());
    }

    /** Declares that a resource (bucket, model, instance) is in a region. */
    public Builder declareResource(String resource, String regionId) {
      return addEndpoint(EndpointFact.resource(resource, catalog.require(regionId)).id(nextFactId()).build());
    }

    /** The rule id the next declared fact gets. */
    public String nextFactId() {
      return "residency.endpoints[" + endpoints.size() + "]";
    }

    /** Adds a time-boxed exception for a host or {@code *.domain}; it applies through {@code expires}. */
    public Builder addException(String hostPattern, String reason, LocalDate expires) {
      exceptions.add(Exemption.of("residency.exceptions[" + exceptions.size() + "]", hostPattern, reason, expires));
      return this;
    }

    /** Adds an IP-range file in the AWS {@code ip-ranges.json} or GCP {@code cloud.json} format. */
    public Builder addIpRanges(Path file) {
      ipRanges.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /** Sets the masking settings. */
    public Builder setMasking(MaskingSettings masking) {
      this.masking = Objects.requireNonNull(masking, "masking");
      return this;
    }

    /** Sets the audit sink spec: {@code slf4j}, {@code memory}, {@code none} or {@code jsonl:PATH}. */
    public Builder setAuditSink(String spec) {
      this.auditSink = Objects.requireNonNull(spec, "spec");
      return this;
    }

    /** When true, a failing audit sink turns decisions into DENY; default false. */
    public Builder setAuditRequired(boolean auditRequired) {
      this.auditRequired = auditRequired;
      return this;
    }

    /** Builds the policy. */
    public ResidencyPolicy build() {
      return new ResidencyPolicy(this);
    }
  }
}
