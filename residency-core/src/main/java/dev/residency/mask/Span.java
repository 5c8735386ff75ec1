package dev.residency.mask;

import java.util.Objects;

/**
 * A detected piece of personal data or a secret: {@code [start, end)} as Java {@code String}
 * (UTF-16) indexes into the original text, and its type ({@code EMAIL}, {@code IBAN}, a custom
 * detector name...). Holds no text.
 *
 * <p>Immutable and thread-safe.
 */
public final class Span implements Comparable<Span> {
  private final int start;
  private final int end;
  private final String type;

  private Span(int start, int end, String type) {
    this.start = start;
    this.end = end;
    this.type = type;
  }

  /**
   * Creates a span.
   *
   * @throws IllegalArgumentException when {@code start < 0} or {@code end <= start}
   */
  public static Span of(int start, int end, String type) {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
    return new Span(start, end, Objects.requireNonNull(type, "type"));
  }

  /** Inclusive start index (UTF-16). */
  public int start() {
    return start;
  }

  /** Exclusive end index (UTF-16). */
  public int end() {
    return end;
  }

  /** Length in UTF-16 code units. */
  public int length() {
    return end - start;
  }

  /** The detector type. */
  public String type() {
    return type;
  }

  @Override
  public int compareTo(Span o) {
    int c = Integer.compare(start, o.start);
    return c != 0 ? c : Integer.compare(o.end, end);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Span)) {
      return false;
    }
    Span s = (Span) o;
    return s.start == start && s.end == end && s.type.equals(type);
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, end, type);
  }

  @Override
  public String toString() {
    return type + "[" + start + "," + end + ")";
  }
}
