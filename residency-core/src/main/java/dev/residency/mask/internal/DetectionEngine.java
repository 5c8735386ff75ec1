package dev.residency.mask.internal;

import dev.residency.mask.MaskingSettings;
import dev.residency.mask.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One-pass detection of every configured type. Internal, may change without notice. Thread-safe.
 *
 * <p>TEMPORARY: a placeholder with an email regex only, so the masking strategies can be built in
 * parallel; replaced by the real engine before the masking issue is closed.
 */
public final class DetectionEngine {
  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+");

  private DetectionEngine() {}

  /** Builds the engine for the settings' detectors and custom detectors. */
  public static DetectionEngine create(MaskingSettings settings) {
    return new DetectionEngine();
  }

  /**
   * Finds non-overlapping spans, sorted by start; where candidates overlap the longest validated
   * span wins.
   */
  public List<Span> detect(CharSequence text) {
    List<Span> out = new ArrayList<>();
    Matcher m = EMAIL.matcher(text);
    while (m.find()) {
      out.add(Span.of(m.start(), m.end(), "EMAIL"));
    }
    return out;
  }
}
