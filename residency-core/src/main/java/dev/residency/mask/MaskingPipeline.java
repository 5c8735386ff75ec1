package dev.residency.mask;

import dev.residency.mask.internal.DetectionEngine;
import dev.residency.mask.internal.KeyRing;
import dev.residency.mask.internal.Rules;
import dev.residency.mask.internal.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Finds personal data and secrets in one pass and masks them with a strategy: {@code redact}
 * ({@code [EMAIL]}), {@code partial} (keep the last 4 letters or digits, separators kept), {@code
 * hash} (keyed HMAC-SHA-256, typed: {@code [EMAIL:hash:k2:3f9a1c0d2e4b5a69]}) or {@code token}
 * (reversible, stateless deterministic encryption with AES-SIV: {@code [[EMAIL:k2:<base32>]]};
 * any instance holding the key can unmask with {@link #unmasker()}).
 *
 * <p>Build one per policy with {@link #create(MaskingSettings)}; immutable and thread-safe. See
 * the Masking section of {@code residency-core/README.md} for the formats and the key derivation.
 */
public final class MaskingPipeline implements Masker {
  private static final Pattern TYPE = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final MaskingSettings settings;
  private final DetectionEngine engine;
  private final KeyRing keys;
  private final Rules rules;
  private final Unmasker unmasker;

  private MaskingPipeline(MaskingSettings settings) {
    this.settings = settings;
    this.keys = KeyRing.load(settings);
    this.rules = new Rules(settings);
    this.engine = DetectionEngine.create(settings);
    this.unmasker = new Unmasker(keys);
  }

  /**
   * Builds the pipeline, loading keys from their sources. Without configured keys, {@code token}
   * and {@code hash} use one random key for the life of the process (a warning is logged once).
   *
   * @throws IllegalArgumentException when a key source is missing or not valid base64 of a usable
   *     length (the message names the key id and the variable or file, never the value), or a rule
   *     pointer is malformed
   */
  public static MaskingPipeline create(MaskingSettings settings) {
    return new MaskingPipeline(Objects.requireNonNull(settings, "settings"));
  }

  /** The settings this pipeline was built from. */
  public MaskingSettings settings() {
    return settings;
  }

  /** Detected spans, sorted, non-overlapping, as UTF-16 indexes into {@code text}. */
  @Override
  public List<Span> detect(CharSequence text) {
    return engine.detect(Objects.requireNonNull(text, "text"));
  }

  /** Masks detected values with the default strategy. */
  @Override
  public MaskResult mask(String text) {
    return mask(text, settings.defaultStrategy());
  }

  /**
   * Masks detected values with {@code strategy} (redact, partial, hash or token).
   *
   * @throws IllegalArgumentException for an unknown strategy
   */
  @Override
  public MaskResult mask(String text, String strategy) {
    Objects.requireNonNull(text, "text");
    checkStrategy(strategy);
    List<Span> spans = engine.detect(text);
    if (spans.isEmpty()) {
      return MaskResult.of(text, Map.of()); // most lines of most texts: nothing more to allocate
    }
    Tally tally = new Tally();
    String out = maskSpans(text, spans, strategy, tally);
    return MaskResult.tallied(out, strategy, tally.types, tally.counts, tally.size);
  }

  String maskDetected(String text, String strategy, Map<String, Integer> counts) {
    return maskSpans(text, engine.detect(text), strategy, counts);
  }

  /** Replaces {@code spans} (sorted, non-overlapping) except those inside existing tokens. */
  String maskSpans(String text, List<Span> spans, String strategy, Map<String, Integer> counts) {
    Tally tally = new Tally();
    String out = maskSpans(text, spans, strategy, tally);
    MaskResult.addTally(counts, strategy, tally.types, tally.counts, tally.size);
    return out;
  }

  /**
   * Masked values per type, in a few array slots: a line has a handful of types at most, and a
   * map per masked line (a TreeMap merge and a copy) was most of what the JIT inlined into every
   * caller of {@link #mask(String, String)}.
   */
  private static final class Tally {
    String[] types = new String[4];
    int[] counts = new int[4];
    int size;

    void add(String type) {
      for (int i = 0; i < size; i++) {
        if (types[i].equals(type)) {
          counts[i]++;
          return;
        }
      }
      if (size == types.length) {
        types = java.util.Arrays.copyOf(types, size * 2);
        counts = java.util.Arrays.copyOf(counts, size * 2);
      }
      types[size] = type;
      counts[size++] = 1;
    }
  }

  private String maskSpans(String text, List<Span> spans, String strategy, Tally tally) {
    if (spans.isEmpty()) {
      return text;
    }
    int[] tokens = tokenRanges(text);
    StringBuilder sb = new StringBuilder(text.length() + spans.size() * 16);
    int pos = 0;
    int t = 0;
    for (Span s : spans) {
      // a token already in the text (an earlier turn of a conversation) is never masked again,
      // even when a secret detector finds its high-entropy payload
      while (t < tokens.length && tokens[t + 1] <= s.start()) {
        t += 2;
      }
      if (t < tokens.length && tokens[t] < s.end()) {
        continue;
      }
      sb.append(text, pos, s.start());
      if (strategy.equals("redact")) {
        // The hot path (CLI, tool results): no substring, and the replacement is a constant.
        sb.append(redacted(s.type()));
      } else {
        sb.append(apply(text.substring(s.start(), s.end()), s.type(), strategy));
      }
      tally.add(s.type());
      pos = s.end();
    }
    sb.append(text, pos, text.length());
    return sb.toString();
  }

  private static final java.util.concurrent.ConcurrentHashMap<String, String> REDACTED = new java.util.concurrent.ConcurrentHashMap<>();

  private static String redacted(String type) {
    String r = REDACTED.get(type);
    return r != null ? r : REDACTED.computeIfAbsent(type, k -> "[" + k + "]");
  }

  /** Start/end pairs of the syntactically valid tokens in {@code text}, in order. */
  private static final int[] NO_TOKENS = new int[0];

  private static int[] tokenRanges(String text) {
    int j = Tokens.indexOfOpening(text, 0);
    if (j < 0) {
      return NO_TOKENS;
    }
    int[] r = new int[8];
    int n = 0;
    while (j >= 0) {
      int end = Tokens.scan(text, j, true, Integer.MAX_VALUE);
      if (end > 0) {
        if (n == r.length) {
          r = java.util.Arrays.copyOf(r, n * 2);
        }
        r[n++] = j;
        r[n++] = end;
        j = Tokens.indexOfOpening(text, end);
      } else {
        j = Tokens.indexOfOpening(text, j + 1);
      }
    }
    return java.util.Arrays.copyOf(r, n);
  }

  /**
   * Masks a whole value of a known type with {@code strategy}, as field and column rules do (no
   * detection: the rule says the value is personal).
   *
   * @param type upper-case type name such as {@code EMAIL} or {@code COLUMN}
   * @throws IllegalArgumentException for an unknown strategy or a type outside {@code
   *     [A-Z][A-Z0-9_]{0,39}}
   */
  public String maskValue(String value, String type, String strategy) {
    Objects.requireNonNull(value, "value");
    checkStrategy(strategy);
    if (!TYPE.matcher(Objects.requireNonNull(type, "type")).matches()) {
      throw new IllegalArgumentException("type must match [A-Z][A-Z0-9_]{0,39}: '" + type + "'");
    }
    return apply(value, type, strategy);
  }

  private String apply(String value, String type, String strategy) {
    switch (strategy) {
      case "redact":
        return redacted(type);
      case "partial":
        return partial(value);
      case "hash":
        return hash(value, type);
      default:
        return token(value, type);
    }
  }

  /**
   * Keeps the last 4 letters or digits (at most half of them, so short values never show more than
   * half), replaces every other letter or digit with {@code *} and keeps separators.
   */
  static String partial(String value) {
    int significant = 0;
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (Character.isLetterOrDigit(cp)) {
        significant++;
      }
      i += Character.charCount(cp);
    }
    int keepFrom = significant - Math.min(4, significant / 2);
    StringBuilder sb = new StringBuilder(value.length());
    int seen = 0;
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (Character.isLetterOrDigit(cp)) {
        if (seen++ >= keepFrom) {
          sb.appendCodePoint(cp);
        } else {
          sb.append('*');
        }
      } else {
        sb.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  private String hash(String value, String type) {
    KeyRing.Key k = keys.current();
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    byte[] in = new byte[t.length + 1 + v.length];
    System.arraycopy(t, 0, in, 0, t.length);
    System.arraycopy(v, 0, in, t.length + 1, v.length);
    byte[] mac = k.hmac(in);
    StringBuilder sb = new StringBuilder(type.length() + k.id().length() + 24);
    sb.append('[').append(type).append(":hash:").append(k.id()).append(':');
    for (int i = 0; i < 8; i++) {
      sb.append(HEX[(mac[i] >> 4) & 15]).append(HEX[mac[i] & 15]);
    }
    return sb.append(']').toString();
  }

  private String token(String value, String type) {
    KeyRing.Key k = keys.current();
    byte[] sealed = k.siv().encrypt(value.getBytes(StandardCharsets.UTF_8), Tokens.associatedData(type, k.id()));
    return Tokens.format(type, k.id(), sealed);
  }

  /**
   * Masks a JSON document: values of fields and pointers named by the rules with the rule's
   * strategy (numbers and booleans become strings, {@code null} stays), and detected values inside
   * every other string with {@code strategy} when {@code scanStrings} is on. Streams token by
   * token (no tree); the output is valid JSON. Field names themselves are never changed.
   *
   * @throws IllegalArgumentException when {@code json} is not valid JSON (the message gives the
   *     position, never content) or for an unknown strategy
   */
  public MaskResult maskJson(String json, String strategy) {
    Objects.requireNonNull(json, "json");
    checkStrategy(strategy);
    Map<String, Integer> counts = new TreeMap<>();
    String out = JsonMasking.mask(this, json, strategy, counts);
    return MaskResult.of(out, counts);
  }

  /**
   * Masks a JSON body from {@code in} to {@code out} (UTF-8) in constant memory, as {@link
   * #maskJson(String, String)} does; a sequence of root values (JSON lines) is accepted and written
   * one per line. Neither stream is closed.
   *
   * @return masked values per {@code TYPE:strategy}
   * @throws IllegalArgumentException when the input is not valid JSON (output is then incomplete)
   * @throws IOException when reading or writing fails
   */
  public Map<String, Integer> maskJson(InputStream in, OutputStream out, String strategy) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    checkStrategy(strategy);
    Map<String, Integer> counts = new TreeMap<>();
    JsonMasking.mask(this, in, out, strategy, counts);
    return Map.copyOf(counts);
  }

  /**
   * Masks a database column value per the column rules ({@code schema.table.column}, {@code
   * table.column} or label, with {@code *} wildcards, case-insensitive; first match wins, whole
   * value), or by detection with the default strategy when {@code scanStrings} is on; returns the
   * value unchanged when neither applies. {@code null} stays {@code null}.
   *
   * @param qualifiedColumn {@code schema.table.column} as far as the driver knows it
   * @param label the column label
   */
  public String maskColumn(String qualifiedColumn, String label, String value) {
    if (value == null) {
      return null;
    }
    Rules.Match m = rules.column(qualifiedColumn, label);
    if (m != null) {
      return apply(value, m.type(), m.strategy());
    }
    if (settings.scanStrings()) {
      return maskDetected(value, settings.defaultStrategy(), new TreeMap<>());
    }
    return value;
  }

  /** Restores tokens made by this pipeline's keys (current and older key ids). */
  @Override
  public Unmasker unmasker() {
    return unmasker;
  }

  Rules rules() {
    return rules;
  }

  String applyRule(String value, Rules.Match m, Map<String, Integer> counts) {
    counts.merge(MaskResult.countKey(m.type(), m.strategy()), 1, Integer::sum);
    return apply(value, m.type(), m.strategy());
  }

  private static void checkStrategy(String strategy) {
    // redact first: a set lookup per masked line was a hash probe the JIT inlined into every caller
    if (!Objects.requireNonNull(strategy, "strategy").equals("redact") && !MaskingSettings.STRATEGIES.contains(strategy)) {
      throw new IllegalArgumentException(
          "unknown strategy '" + strategy + "' (expected one of redact, partial, hash, token)");
    }
  }

  @Override
  public String toString() {
    return "MaskingPipeline{" + settings + "}";
  }
}
