package dev.residency;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where an {@link Endpoint} puts data, as an {@link EndpointResolver} determined it: a catalog
 * {@link Region} (one region or a named multi-region), {@linkplain #isGlobal() anywhere}, or
 * {@linkplain #isUnknown() unknown}; plus the basis of that answer, for explanations.
 *
 * <p>Immutable and thread-safe.
 */
public final class Location {
  private static final Location UNKNOWN = new Location(null, null, Scope.UNKNOWN, "no resolver placed it");

  private final String provider;
  private final Region region;
  private final Scope scope;
  private final String basis;

  private Location(String provider, Region region, Scope scope, String basis) {
    this.provider = provider;
    this.region = region;
    this.scope = scope;
    this.basis = basis;
  }

  /** A location in a catalog region or multi-region. */
  public static Location of(Region region, String basis) {
    Objects.requireNonNull(region, "region");
    return new Location(region.provider(), region, region.scope(), Objects.requireNonNull(basis, "basis"));
  }

  /** A location that may be anywhere in the world (e.g. {@code api.openai.com}). */
  public static Location global(String provider, String basis) {
    return new Location(
        Objects.requireNonNull(provider, "provider"), null, Scope.GLOBAL, Objects.requireNonNull(basis, "basis"));
  }

  /** The location nobody could determine. Resolvers return it to say "no answer, ask the next". */
  public static Location unknown() {
    return UNKNOWN;
  }

  /** An unknown location with the reason it is unknown (for explanations). */
  public static Location unknown(String why) {
    return new Location(null, null, Scope.UNKNOWN, Objects.requireNonNull(why, "why"));
  }

  /** The provider, or {@code null} when unknown. */
  public String provider() {
    return provider;
  }

  /** The catalog region or multi-region, or {@code null} when global or unknown. */
  public Region region() {
    return region;
  }

  /** The provider's own region code when exactly one region applies, else {@code null}. */
  public String regionCode() {
    return scope == Scope.REGION ? region.code() : null;
  }

  /** How much geography this spans. */
  public Scope scope() {
    return scope;
  }

  /** Every country the data may be placed in; empty for global and unknown. */
  public Set<String> countries() {
    return region == null ? Set.of() : region.countries();
  }

  /** Jurisdictions containing every country of this location; empty for global and unknown. */
  public Set<Jurisdiction> jurisdictions() {
    return region == null ? Set.of() : region.jurisdictions();
  }

  /** True when the location may be anywhere. */
  public boolean isGlobal() {
    return scope == Scope.GLOBAL;
  }

  /** True when nobody could place the endpoint. */
  public boolean isUnknown() {
    return scope == Scope.UNKNOWN;
  }

  /** How this answer was reached, e.g. {@code "AWS S3 virtual-hosted endpoint"}. */
  public String basis() {
    return basis;
  }

  /** A short description: {@code aws:eu-central-1 (DE)}, {@code global}, {@code unknown}. */
  public String describe() {
    if (isUnknown()) {
      return "unknown";
    }
    if (isGlobal()) {
      return provider + " global";
    }
    return region.id() + " (" + String.join(",", new TreeSet<>(region.countries())) + ")";
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Location)) {
      return false;
    }
    Location other = (Location) o;
    return scope == other.scope
        && Objects.equals(provider, other.provider)
        && Objects.equals(region, other.region)
        && basis.equals(other.basis);
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, region, scope, basis);
  }

  @Override
  public String toString() {
    return describe() + " [" + basis + "]";
  }
}
