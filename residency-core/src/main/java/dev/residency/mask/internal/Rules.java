package dev.residency.mask.internal;

import dev.residency.mask.MaskingSettings;
import dev.residency.mask.MaskingSettings.FieldRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled field, pointer and column rules: first match wins. Internal, may change without notice.
 * Immutable and thread-safe.
 *
 * <p>Matching is case-insensitive; {@code *} matches any run of characters within one segment
 * (column patterns, field names) or exactly one whole segment (JSON pointers). A rule masks the
 * whole value with its strategy and a type derived from its pattern: the last literal segment, if
 * it names a built-in detector type ({@code *.email} gives {@code EMAIL}), else the generic {@code
 * COLUMN} (columns) or {@code FIELD} (JSON fields and pointers).
 */
public final class Rules {
  /** A matched rule: the strategy and the type to mask with. */
  public static final class Match {
    private final String strategy;
    private final String type;

    Match(String strategy, String type) {
      this.strategy = strategy;
      this.type = type;
    }

    /** The strategy. */
    public String strategy() {
      return strategy;
    }

    /** The type. */
    public String type() {
      return type;
    }
  }

  private static final Match NONE = new Match("", "");

  private final List<String[]> fieldPatterns = new ArrayList<>();
  private final List<Match> fieldMatches = new ArrayList<>();
  private final List<String[]> pointerPatterns = new ArrayList<>();
  private final List<Match> pointerMatches = new ArrayList<>();
  private final List<String[]> columnPatterns = new ArrayList<>();
  private final List<Match> columnMatches = new ArrayList<>();
  private final Map<String, Match> columnCache = new ConcurrentHashMap<>();

  /** Compiles the settings' rules. */
  public Rules(MaskingSettings settings) {
    for (FieldRule r : settings.rules()) {
      switch (r.target()) {
        case FIELD:
          fieldPatterns.add(new String[] {lower(r.pattern())});
          fieldMatches.add(new Match(r.strategy(), typeOf(r.pattern(), "FIELD")));
          break;
        case POINTER:
          pointerPatterns.add(pointerSegments(r.pattern()));
          pointerMatches.add(new Match(r.strategy(), typeOf(lastPointerSegment(r.pattern()), "FIELD")));
          break;
        default:
          columnPatterns.add(lower(r.pattern()).split("\\.", -1));
          columnMatches.add(new Match(r.strategy(), typeOf(lastDotSegment(r.pattern()), "COLUMN")));
      }
    }
  }

  /** Whether any field or pointer rule exists. */
  public boolean hasJsonRules() {
    return !fieldPatterns.isEmpty() || !pointerPatterns.isEmpty();
  }

  /** The first field or pointer rule matching a value, or {@code null}. */
  public Match json(String fieldName, List<String> pointer) {
    if (fieldName != null) {
      String name = lower(fieldName);
      for (int i = 0; i < fieldPatterns.size(); i++) {
        if (glob(fieldPatterns.get(i)[0], name)) {
          return fieldMatches.get(i);
        }
      }
    }
    outer:
    for (int i = 0; i < pointerPatterns.size(); i++) {
      String[] p = pointerPatterns.get(i);
      if (p.length != pointer.size()) {
        continue;
      }
      for (int j = 0; j < p.length; j++) {
        if (!p[j].equals("*") && !p[j].equals(lower(pointer.get(j)))) {
          continue outer;
        }
      }
      return pointerMatches.get(i);
    }
    return null;
  }

  /** The first column rule matching, or {@code null}. */
  public Match column(String qualifiedColumn, String label) {
    if (columnPatterns.isEmpty()) {
      return null;
    }
    String key = qualifiedColumn + '\u0000' + label;
    Match m = columnCache.get(key);
    if (m == null) {
      m = computeColumn(qualifiedColumn, label);
      if (columnCache.size() > 10_000) {
        columnCache.clear();
      }
      columnCache.put(key, m);
    }
    return m == NONE ? null : m;
  }

  private Match computeColumn(String qualifiedColumn, String label) {
    String[] q = qualifiedColumn == null || qualifiedColumn.isEmpty() ? new String[0]
        : lower(qualifiedColumn).split("\\.", -1);
    String l = label == null ? null : lower(label);
    for (int i = 0; i < columnPatterns.size(); i++) {
      String[] p = columnPatterns.get(i);
      boolean hit;
      if (p.length == 1) {
        hit = (q.length > 0 && glob(p[0], q[q.length - 1])) || (l != null && glob(p[0], l));
      } else if (q.length >= p.length) {
        hit = true;
        for (int j = 0; j < p.length && hit; j++) {
          hit = glob(p[j], q[q.length - p.length + j]);
        }
      } else {
        hit = false;
      }
      if (hit) {
        return columnMatches.get(i);
      }
    }
    return NONE;
  }

  /** Glob with {@code *} only; both sides already lower-case. */
  static boolean glob(String pattern, String s) {
    int p = 0;
    int i = 0;
    int star = -1;
    int mark = 0;
    while (i < s.length()) {
      if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == s.charAt(i)) {
        p++;
        i++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = i;
      } else if (star >= 0) {
        p = star + 1;
        i = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  private static String[] pointerSegments(String pointer) {
    if (pointer.isEmpty()) {
      return new String[0];
    }
    if (!pointer.startsWith("/")) {
      throw new IllegalArgumentException("JSON pointer must start with '/': '" + pointer + "'");
    }
    String[] raw = pointer.substring(1).split("/", -1);
    for (int i = 0; i < raw.length; i++) {
      raw[i] = lower(raw[i].replace("~1", "/").replace("~0", "~"));
    }
    return raw;
  }

  private static String lastPointerSegment(String pointer) {
    int i = pointer.lastIndexOf('/');
    return pointer.substring(i + 1).replace("~1", "/").replace("~0", "~");
  }

  private static String lastDotSegment(String pattern) {
    return pattern.substring(pattern.lastIndexOf('.') + 1);
  }

  static String typeOf(String name, String generic) {
    if (name.contains("*")) {
      return generic;
    }
    String t = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    return MaskingSettings.DETECTOR_TYPES.contains(t) ? t : generic;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
