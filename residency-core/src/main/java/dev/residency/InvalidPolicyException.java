package dev.residency;

/**
 * A policy file or builder input that is not valid. The message names the source (file), line,
 * key and the problem, e.g. {@code residency.yaml:7: residency.allow.jurisdiction: unknown key
 * (expected one of: jurisdictions, countries, regions)}. Key material is never echoed.
 */
public final class InvalidPolicyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final String key;

  /**
   * Creates the exception.
   *
   * @param source the file name or {@code "builder"}
   * @param line the 1-based line, or 0 when not from a file
   * @param key the dotted key path, e.g. {@code residency.allow.jurisdictions[1]}
   * @param problem what is wrong
   */
  public InvalidPolicyException(String source, int line, String key, String problem) {
    super(source + (line > 0 ? ":" + line : "") + ": " + key + ": " + problem);
    this.source = source;
    this.line = line;
    this.key = key;
  }

  /** The file name, or {@code "builder"}. */
  public String source() {
    return source;
  }

  /** The 1-based line, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** The dotted key path of the offending entry. */
  public String key() {
    return key;
  }
}
