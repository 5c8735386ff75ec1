package dev.residency.mask;

import dev.residency.mask.internal.DetectionEngine;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Finds personal data and secrets in one pass and masks them with a strategy: {@code redact}
 * ({@code [EMAIL]}), {@code partial} (keep the last 4), {@code hash} (keyed HMAC-SHA-256, typed)
 * or {@code token} (reversible, stateless deterministic encryption: any instance holding the key
 * can unmask with {@link #unmasker()}).
 *
 * <p>Build one per policy with {@link #create(MaskingSettings)}; thread-safe.
 *
 * <p>TEMPORARY BODY: redact-only placeholder while the masking issue is in progress.
 */
public final class MaskingPipeline {
  private final MaskingSettings settings;
  private final DetectionEngine engine;

  private MaskingPipeline(MaskingSettings settings) {
    this.settings = settings;
    this.engine = DetectionEngine.create(settings);
  }

  /**
   * Builds the pipeline, loading keys from their sources.
   *
   * @throws IllegalArgumentException when a key source is missing or not valid base64 of a usable length
   */
  public static MaskingPipeline create(MaskingSettings settings) {
    return new MaskingPipeline(Objects.requireNonNull(settings, "settings"));
  }

  /** The settings this pipeline was built from. */
  public MaskingSettings settings() {
    return settings;
  }

  /** Detected spans, sorted, non-overlapping, as UTF-16 indexes into {@code text}. */
  public List<Span> detect(CharSequence text) {
    return engine.detect(text);
  }

  /** Masks detected values with the default strategy. */
  public MaskResult mask(String text) {
    return mask(text, settings.defaultStrategy());
  }

  /** Masks detected values with {@code strategy} (redact, partial, hash or token). */
  public MaskResult mask(String text, String strategy) {
    List<Span> spans = detect(text);
    StringBuilder sb = new StringBuilder(text.length());
    Map<String, Integer> counts = new TreeMap<>();
    int pos = 0;
    for (Span s : spans) {
      sb.append(text, pos, s.start()).append('[').append(s.type()).append(']');
      counts.merge(s.type() + ":" + strategy, 1, Integer::sum);
      pos = s.end();
    }
    sb.append(text, pos, text.length());
    return MaskResult.of(sb.toString(), counts);
  }

  /**
   * Masks a whole value of a known type with {@code strategy}, as field and column rules do
   * (no detection: the rule says the value is personal).
   */
  public String maskValue(String value, String type, String strategy) {
    return "[" + type + "]";
  }

  /**
   * Masks a JSON document: values of fields and pointers named by the rules with their strategy,
   * and detected values inside every other string with {@code strategy}. The output is valid JSON.
   *
   * @throws IllegalArgumentException when {@code json} is not valid JSON
   */
  public MaskResult maskJson(String json, String strategy) {
    return mask(json, strategy);
  }

  /**
   * Masks a database column value per the column rules ({@code schema.table.column}, {@code
   * table.column} or label, with {@code *} wildcards), or by detection when {@code scanStrings} is
   * on; returns the value unchanged when no rule applies.
   *
   * @param qualifiedColumn {@code schema.table.column} as far as the driver knows it
   * @param label the column label
   */
  public String maskColumn(String qualifiedColumn, String label, String value) {
    return value;
  }

  /** Restores tokens made by this pipeline's keys (current and older key ids). */
  public Unmasker unmasker() {
    return new Unmasker();
  }
}
