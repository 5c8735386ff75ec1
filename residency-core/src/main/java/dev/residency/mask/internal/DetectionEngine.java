package dev.residency.mask.internal;

import dev.residency.mask.MaskingSettings;
import dev.residency.mask.Span;
import dev.residency.mask.internal.detect.Candidates;
import dev.residency.mask.internal.detect.CustomDetectors;
import dev.residency.mask.internal.detect.JsonEscapes;
import dev.residency.mask.internal.detect.Scanner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One-pass detection of every configured type. Internal, may change without notice. Thread-safe.
 *
 * <p>The built-in detectors share one scan ({@link Scanner}) that jumps between trigger
 * characters and validates candidates (check digits, issuer prefixes, date fields, grammars,
 * libphonenumber metadata); custom regexes and dictionaries run after it, only when configured.
 * Overlapping candidates are resolved to the longest validated span.
 */
public final class DetectionEngine {
  private final Scanner scanner;
  private final boolean builtIns;
  private final CustomDetectors custom;

  private DetectionEngine(MaskingSettings settings) {
    this.scanner = new Scanner(settings.detectors());
    this.builtIns = !settings.detectors().isEmpty();
    this.custom = new CustomDetectors(settings.customDetectors());
  }

  /** Builds the engine for the settings' detectors and custom detectors. */
  public static DetectionEngine create(MaskingSettings settings) {
    return new DetectionEngine(Objects.requireNonNull(settings, "settings"));
  }

  /**
   * Finds non-overlapping spans, sorted by start; where candidates overlap the longest validated
   * span wins. Offsets are UTF-16 indexes into {@code text}.
   */
  public List<Span> detect(CharSequence text) {
    String s = Objects.requireNonNull(text, "text").toString();
    Candidates out = new Candidates();
    if (builtIns) {
      char[] chars = s.toCharArray();
      JsonEscapes decoded = null;
      if (s.indexOf('\\') >= 0) {
        // JSON-quoted text is scanned as the text it quotes: same-length escapes blanked in place,
        // u-escapes (backslash u 0040) and \/ decoded, offsets mapped back to the text as given
        Scanner.blankJsonEscapes(chars);
        decoded = JsonEscapes.decode(chars);
      }
      if (decoded == null) {
        // one byte per char, '?' for any char above U+00FF; but a surrogate pair (an emoji) encodes
        // as one '?', which would shift every later byte: such a text is scanned without the copy
        byte[] latin1 = s.getBytes(StandardCharsets.ISO_8859_1);
        scanner.scan(chars, latin1.length == chars.length ? latin1 : null, out);
      } else {
        scanner.scan(decoded.chars, out);
        out.remap(decoded.originalIndex);
      }
    }
    if (!custom.isEmpty()) {
      custom.scan(s, out);
    }
    return out.resolve();
  }
}
