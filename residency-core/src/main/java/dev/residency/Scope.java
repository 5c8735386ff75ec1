package dev.residency;

import java.util.Locale;

/** How much geography a {@link Location} spans. */
public enum Scope {
  /** One provider region (one country, or a handful for a few edge cases). */
  REGION,
  /** A named set of regions: GCS dual- and multi-regions, Bedrock geographic profiles, data zones. */
  MULTI_REGION,
  /** Anywhere in the world. */
  GLOBAL,
  /** Nobody could place the endpoint. */
  UNKNOWN;

  /** The lower-case, hyphenated form used in policy files, CLI output and audit events. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses {@code region}, {@code multi-region}, {@code dual-region} (a multi-region of two),
   * {@code global} or {@code unknown}.
   *
   * @throws IllegalArgumentException for any other text
   */
  public static Scope fromWireName(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "region":
        return REGION;
      case "multi-region":
      case "dual-region":
        return MULTI_REGION;
      case "global":
        return GLOBAL;
      case "unknown":
        return UNKNOWN;
      default:
        throw new IllegalArgumentException("unknown scope '" + text + "'");
    }
  }
}
