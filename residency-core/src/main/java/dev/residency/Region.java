package dev.residency;

import java.util.Objects;
import java.util.Set;

/**
 * A place a provider can put data, as listed in the {@link RegionCatalog}: a cloud region
 * ({@code aws:eu-central-1}), or a named set of them ({@code gcp:eur4}, {@code gcp:eu},
 * {@code aws-bedrock:eu}).
 *
 * <p>Instances come from the catalog only. Immutable and thread-safe.
 */
public final class Region {
  private final String id;
  private final String provider;
  private final String code;
  private final Scope scope;
  private final Set<String> countries;
  private final Set<Jurisdiction> jurisdictions;
  private final String name;

  Region(
      String id,
      String provider,
      Scope scope,
      Set<String> countries,
      Set<Jurisdiction> jurisdictions,
      String name) {
    this.id = Objects.requireNonNull(id, "id");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.code = id.substring(id.indexOf(':') + 1);
    this.scope = Objects.requireNonNull(scope, "scope");
    this.countries = Set.copyOf(countries);
    this.jurisdictions = Set.copyOf(jurisdictions);
    this.name = Objects.requireNonNull(name, "name");
  }

  /** The catalog id, {@code namespace:code}, e.g. {@code aws:eu-central-1} or {@code gcp:eur4}. */
  public String id() {
    return id;
  }

  /** The cloud or service provider: {@code aws}, {@code gcp}, {@code azure}, {@code openai}... */
  public String provider() {
    return provider;
  }

  /** The provider's own code, e.g. {@code eu-central-1}, {@code europe-west3}, {@code eur4}. */
  public String code() {
    return code;
  }

  /** {@link Scope#REGION} or {@link Scope#MULTI_REGION}. */
  public Scope scope() {
    return scope;
  }

  /** ISO 3166-1 alpha-2 codes of every country the data may be placed in. Never empty. */
  public Set<String> countries() {
    return countries;
  }

  /** Every catalog jurisdiction that contains all of {@link #countries()}. */
  public Set<Jurisdiction> jurisdictions() {
    return jurisdictions;
  }

  /** The provider's display name, e.g. {@code Europe (Frankfurt)}. */
  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Region && ((Region) o).id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return id;
  }
}
