package dev.residency;

import dev.residency.internal.Cidr;
import dev.residency.internal.HostNames;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Something the policy declares because no resolver could infer it: a host (or {@code *.domain})
 * pattern, a CIDR range, or a named resource (bucket, model, deployment) and the region it is in.
 * A host fact for an Azure OpenAI / AI Foundry resource may also declare each deployment's type
 * ({@code Standard}, {@code DataZoneStandard}, {@code GlobalStandard}, ...).
 *
 * <p>Immutable and thread-safe.
 */
public final class EndpointFact {
  /** Where an Azure deployment type processes data relative to its resource's region. */
  public enum DeploymentScope {
    /** In the resource's region ({@code Standard}, {@code ProvisionedManaged}). */
    REGIONAL,
    /** Anywhere in the resource's data zone: EU member states, or the US. */
    DATA_ZONE,
    /** Anywhere ({@code GlobalStandard}, {@code GlobalProvisionedManaged}, {@code GlobalBatch}). */
    GLOBAL;

    /**
     * Reads an Azure deployment type name (case-insensitive, with or without separators).
     *
     * @throws IllegalArgumentException for a name that is none of the documented types
     */
    public static DeploymentScope ofDeploymentType(String type) {
      String t = type.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
      switch (t) {
        case "standard":
        case "provisionedmanaged":
        case "provisioned":
        case "developer":
          return REGIONAL;
        case "datazonestandard":
        case "datazoneprovisionedmanaged":
        case "datazonebatch":
          return DATA_ZONE;
        case "globalstandard":
        case "globalprovisionedmanaged":
        case "globalbatch":
          return GLOBAL;
        default:
          throw new IllegalArgumentException(
              "unknown deployment type '" + type + "' (expected Standard, ProvisionedManaged, DataZoneStandard, "
                  + "DataZoneProvisionedManaged, DataZoneBatch, GlobalStandard, GlobalProvisionedManaged, GlobalBatch)");
      }
    }
  }

  private final String id;
  private final String hostPattern;
  private final Cidr cidr;
  private final String resource;
  private final EndpointKind kind;
  private final Region region;
  private final Map<String, DeploymentScope> deployments;

  private EndpointFact(Builder b) {
    this.id = b.id;
    this.hostPattern = b.hostPattern;
    this.cidr = b.cidr;
    this.resource = b.resource;
    this.kind = b.kind;
    this.region = Objects.requireNonNull(b.region, "region");
    this.deployments = Map.copyOf(b.deployments);
  }

  /** A fact about a host or {@code *.domain} pattern. */
  public static Builder host(String pattern, Region region) {
    Builder b = new Builder(region);
    Objects.requireNonNull(pattern, "pattern");
    String p = pattern.trim();
    if (p.startsWith("*.")) {
      b.hostPattern = "*." + HostNames.normalize(p.substring(2));
    } else {
      b.hostPattern = HostNames.normalize(p);
    }
    return b;
  }

  /** A fact about every address in a CIDR range such as {@code 10.20.0.0/16} or {@code 2001:db8::/32}. */
  public static Builder cidr(String cidr, Region region) {
    Builder b = new Builder(region);
    b.cidr = Cidr.parse(Objects.requireNonNull(cidr, "cidr"));
    return b;
  }

  /** A fact about a named resource: a bucket, model id, or Cloud SQL instance. */
  public static Builder resource(String resource, Region region) {
    Builder b = new Builder(region);
    if (Objects.requireNonNull(resource, "resource").isBlank()) {
      throw new IllegalArgumentException("empty resource name");
    }
    b.resource = resource.trim();
    return b;
  }

  /** The rule id, e.g. {@code residency.endpoints[2]}. */
  public String id() {
    return id;
  }

  /** The host pattern, or {@code null}. */
  public String hostPattern() {
    return hostPattern;
  }

  /** The CIDR range as written (normalized), or {@code null}. */
  public String cidr() {
    return cidr == null ? null : cidr.toString();
  }

  /** The resource name, or {@code null}. */
  public String resource() {
    return resource;
  }

  /** The endpoint kind this fact is limited to, or {@code null} for any. */
  public EndpointKind kind() {
    return kind;
  }

  /** The declared region. */
  public Region region() {
    return region;
  }

  /** Declared deployments and their scopes (Azure OpenAI / AI Foundry). */
  public Map<String, DeploymentScope> deployments() {
    return deployments;
  }

  /** True when a host fact matches {@code host} (exact, or {@code *.domain} on whole labels). */
  public boolean matchesHost(String host) {
    return hostPattern != null && HostNames.matchesPattern(host, hostPattern);
  }

  /** True when a CIDR fact contains the address bytes. */
  public boolean containsAddress(byte[] address) {
    return cidr != null && cidr.contains(address);
  }

  /** Builds an {@link EndpointFact}. Not thread-safe. */
  public static final class Builder {
    private final Region region;
    private String id = "endpoint";
    private String hostPattern;
    private Cidr cidr;
    private String resource;
    private EndpointKind kind;
    private final Map<String, DeploymentScope> deployments = new LinkedHashMap<>();

    private Builder(Region region) {
      this.region = Objects.requireNonNull(region, "region");
    }

    /** Sets the rule id reported in decisions. */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /** Limits the fact to one endpoint kind. */
    public Builder kind(EndpointKind kind) {
      this.kind = kind;
      return this;
    }

    /**
     * Declares a deployment of an Azure OpenAI / AI Foundry resource and its type.
     *
     * @throws IllegalArgumentException for an unknown deployment type
     */
    public Builder deployment(String name, String type) {
      deployments.put(Objects.requireNonNull(name, "name"), DeploymentScope.ofDeploymentType(type));
      return this;
    }

    /** Builds the fact. */
    public EndpointFact build() {
      return new EndpointFact(this);
    }
  }
}
