package dev.residency;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A legal area such as {@code EU}, {@code EEA}, {@code UK}, {@code CH} or {@code US}: a named set
 * of countries defined in the region catalog.
 *
 * <p>Immutable and thread-safe.
 */
public final class Jurisdiction implements Comparable<Jurisdiction> {
  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_-]{1,15}");

  private final String code;

  private Jurisdiction(String code) {
    this.code = code;
  }

  /**
   * Returns the jurisdiction with this code (case-insensitive). Whether the code names a known
   * jurisdiction is the catalog's question: see {@link RegionCatalog#jurisdictionCountries}.
   *
   * @throws IllegalArgumentException when the code is not 2-16 letters, digits, '-' or '_'
   */
  public static Jurisdiction of(String code) {
    Objects.requireNonNull(code, "code");
    String upper = code.trim().toUpperCase(Locale.ROOT);
    if (!CODE.matcher(upper).matches()) {
      throw new IllegalArgumentException("not a jurisdiction code: '" + code + "'");
    }
    return new Jurisdiction(upper);
  }

  /** The upper-case code, e.g. {@code EU}. */
  public String code() {
    return code;
  }

  @Override
  public int compareTo(Jurisdiction other) {
    return code.compareTo(other.code);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Jurisdiction && ((Jurisdiction) o).code.equals(code);
  }

  @Override
  public int hashCode() {
    return code.hashCode();
  }

  @Override
  public String toString() {
    return code;
  }
}
