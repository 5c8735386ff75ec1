package dev.residency.mask;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code masking} section of a policy: which detectors run, which strategy applies by default
 * and to LLM traffic, field and column rules, custom detectors, and where the token / hash keys
 * come from. A description only; the masking engine is built from it.
 *
 * <p>Immutable and thread-safe. Key material is never part of {@link #toString()}.
 */
public final class MaskingSettings {
  /** Built-in detector type names. */
  public static final Set<String> DETECTOR_TYPES =
      Set.of(
          "EMAIL", "PHONE", "CREDIT_CARD", "IBAN", "IP_ADDRESS", "US_SSN", "UK_NHS", "DE_TAX_ID", "ES_DNI",
          "ES_NIE", "FR_NIR", "IT_FISCAL_CODE", "NL_BSN", "PL_PESEL", "SE_PERSONNUMMER", "AWS_ACCESS_KEY",
          "AWS_SECRET_KEY", "JWT", "API_KEY");

  /** Detector groups and the types they stand for. */
  public static final Map<String, List<String>> DETECTOR_GROUPS =
      Map.of(
          "NATIONAL_ID",
          List.of("US_SSN", "UK_NHS", "DE_TAX_ID", "ES_DNI", "ES_NIE", "FR_NIR", "IT_FISCAL_CODE", "NL_BSN", "PL_PESEL",
              "SE_PERSONNUMMER"),
          "SECRET", List.of("AWS_ACCESS_KEY", "AWS_SECRET_KEY", "JWT", "API_KEY"),
          "CONTACT", List.of("EMAIL", "PHONE"),
          "FINANCIAL", List.of("CREDIT_CARD", "IBAN"),
          "ALL", List.copyOf(new java.util.TreeSet<>(DETECTOR_TYPES)));

  /** Strategy names. */
  public static final Set<String> STRATEGIES = Set.of("redact", "partial", "hash", "token");

  /** Validators a custom regex detector may name. */
  public static final Set<String> VALIDATORS = Set.of("none", "luhn", "mod97", "mod11");

  /** Where key bytes come from. */
  public static final class KeySource {
    /** The kinds of source. */
    public enum Type {
      /** An environment variable holding base64. */
      ENV,
      /** A file holding base64 (trailing whitespace ignored). */
      FILE,
      /** Bytes given in code (builder only). */
      BYTES
    }

    private final Type type;
    private final String reference;
    private final byte[] bytes;

    private KeySource(Type type, String reference, byte[] bytes) {
      this.type = type;
      this.reference = reference;
      this.bytes = bytes;
    }

    /** Key in environment variable {@code name}, base64-encoded. */
    public static KeySource env(String name) {
      return new KeySource(Type.ENV, Objects.requireNonNull(name, "name"), null);
    }

    /** Key in file {@code path}, base64-encoded. */
    public static KeySource file(String path) {
      return new KeySource(Type.FILE, Objects.requireNonNull(path, "path"), null);
    }

    /** Raw key bytes (copied). */
    public static KeySource bytes(byte[] key) {
      return new KeySource(Type.BYTES, "bytes", Objects.requireNonNull(key, "key").clone());
    }

    /** ENV, FILE or BYTES. */
    public Type type() {
      return type;
    }

    /** The variable name or file path ({@code "bytes"} for BYTES). Not secret. */
    public String reference() {
      return reference;
    }

    /** A copy of the raw bytes for BYTES, else {@code null}. */
    public byte[] bytes() {
      return bytes == null ? null : bytes.clone();
    }

    @Override
    public String toString() {
      return type + ":" + (type == Type.BYTES ? "***" : reference);
    }
  }

  /** A custom detector: a regex (with an optional validator) or a dictionary of terms. */
  public static final class CustomDetector {
    private final String name;
    private final String regex;
    private final String validator;
    private final List<String> terms;

    private CustomDetector(String name, String regex, String validator, List<String> terms) {
      this.name = name;
      this.regex = regex;
      this.validator = validator;
      this.terms = List.copyOf(terms);
    }

    /** A regex detector; {@code validator} is one of {@link #VALIDATORS}. */
    public static CustomDetector regex(String name, String regex, String validator) {
      return new CustomDetector(checkName(name), Objects.requireNonNull(regex, "regex"),
          validator == null ? "none" : validator, List.of());
    }

    /** A dictionary detector matching any of the terms (case-insensitive, on word boundaries). */
    public static CustomDetector terms(String name, List<String> terms) {
      if (terms.isEmpty()) {
        throw new IllegalArgumentException("a dictionary detector needs at least one term");
      }
      return new CustomDetector(checkName(name), null, "none", terms);
    }

    private static String checkName(String name) {
      if (name == null || !name.matches("[A-Z][A-Z0-9_]{0,39}")) {
        throw new IllegalArgumentException("custom detector name must be UPPER_SNAKE_CASE: '" + name + "'");
      }
      return name;
    }

    /** The type name reported in spans and audit counts. */
    public String name() {
      return name;
    }

    /** The regex, or {@code null} for a dictionary detector. */
    public String regex() {
      return regex;
    }

    /** The validator name. */
    public String validator() {
      return validator;
    }

    /** The dictionary terms; empty for regex detectors. */
    public List<String> terms() {
      return terms;
    }
  }

  /** A rule choosing a strategy for a JSON field, a JSON pointer or a database column. */
  public static final class FieldRule {
    /** What the rule's pattern names. */
    public enum Target {
      /** A JSON field name, anywhere in the document. */
      FIELD,
      /** A JSON pointer (RFC 6901), e.g. {@code /customer/iban}. */
      POINTER,
      /** A column: {@code schema.table.column}, {@code table.column}, a label, with {@code *} wildcards. */
      COLUMN
    }

    private final Target target;
    private final String pattern;
    private final String strategy;

    private FieldRule(Target target, String pattern, String strategy) {
      this.target = target;
      this.pattern = pattern;
      this.strategy = strategy;
    }

    /** Creates a rule; {@code strategy} is one of {@link #STRATEGIES}. */
    public static FieldRule of(Target target, String pattern, String strategy) {
      Objects.requireNonNull(target, "target");
      if (Objects.requireNonNull(pattern, "pattern").isBlank()) {
        throw new IllegalArgumentException("empty field rule pattern");
      }
      if (!STRATEGIES.contains(strategy)) {
        throw new IllegalArgumentException("unknown strategy '" + strategy + "' (expected " + STRATEGIES + ")");
      }
      return new FieldRule(target, pattern, strategy);
    }

    /** FIELD, POINTER or COLUMN. */
    public Target target() {
      return target;
    }

    /** The pattern. */
    public String pattern() {
      return pattern;
    }

    /** The strategy name. */
    public String strategy() {
      return strategy;
    }
  }

  private final List<String> detectors;
  private final String defaultStrategy;
  private final String llmStrategy;
  private final String currentKeyId;
  private final Map<String, KeySource> keys;
  private final List<CustomDetector> customDetectors;
  private final List<FieldRule> rules;
  private final boolean scanStrings;

  private MaskingSettings(Builder b) {
    this.detectors = List.copyOf(b.detectors);
    this.defaultStrategy = b.defaultStrategy;
    this.llmStrategy = b.llmStrategy;
    this.currentKeyId = b.currentKeyId;
    this.keys = Map.copyOf(b.keys);
    this.customDetectors = List.copyOf(b.customDetectors);
    this.rules = List.copyOf(b.rules);
    this.scanStrings = b.scanStrings;
  }

  /** Settings with every built-in detector, {@code redact} by default and {@code token} for LLMs. */
  public static MaskingSettings defaults() {
    return builder().build();
  }

  /** Starts settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** Detector types (groups expanded), in the order given. Default: all built-in types. */
  public List<String> detectors() {
    return detectors;
  }

  /** The default strategy; default {@code redact}. */
  public String defaultStrategy() {
    return defaultStrategy;
  }

  /** The strategy for LLM traffic; default {@code token}. */
  public String llmStrategy() {
    return llmStrategy;
  }

  /** The key id new tokens and hashes use, or {@code null} when no keys are configured. */
  public String currentKeyId() {
    return currentKeyId;
  }

  /** Key sources by key id. */
  public Map<String, KeySource> keys() {
    return keys;
  }

  /** Custom detectors. */
  public List<CustomDetector> customDetectors() {
    return customDetectors;
  }

  /** Field, pointer and column rules, in order (first match wins). */
  public List<FieldRule> rules() {
    return rules;
  }

  /** Whether detectors scan every string value (JSON strings, text columns); default true. */
  public boolean scanStrings() {
    return scanStrings;
  }

  @Override
  public String toString() {
    return "MaskingSettings{detectors=" + detectors + ", default=" + defaultStrategy + ", llm=" + llmStrategy
        + ", currentKey=" + currentKeyId + ", keys=" + keys.keySet() + ", custom=" + customDetectors.size()
        + ", rules=" + rules.size() + ", scanStrings=" + scanStrings + "}";
  }

  /** Builds {@link MaskingSettings}. Not thread-safe. */
  public static final class Builder {
    private final List<String> detectors = new ArrayList<>();
    private boolean detectorsSet;
    private String defaultStrategy = "redact";
    private String llmStrategy = "token";
    private String currentKeyId;
    private final Map<String, KeySource> keys = new LinkedHashMap<>();
    private final List<CustomDetector> customDetectors = new ArrayList<>();
    private final List<FieldRule> rules = new ArrayList<>();
    private boolean scanStrings = true;

    private Builder() {}

    /**
     * Adds a detector type or group ({@code NATIONAL_ID}, {@code SECRET}, {@code CONTACT},
     * {@code FINANCIAL}, {@code ALL}). The first call replaces the default (all types).
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public Builder addDetector(String typeOrGroup) {
      String name = Objects.requireNonNull(typeOrGroup, "typeOrGroup").trim();
      List<String> expanded;
      if (DETECTOR_TYPES.contains(name)) {
        expanded = List.of(name);
      } else if (DETECTOR_GROUPS.containsKey(name)) {
        expanded = DETECTOR_GROUPS.get(name);
      } else {
        throw new IllegalArgumentException("unknown detector '" + name + "' (expected a type such as EMAIL or a group: "
            + new java.util.TreeSet<>(DETECTOR_GROUPS.keySet()) + ")");
      }
      detectorsSet = true;
      for (String t : expanded) {
        if (!detectors.contains(t)) {
          detectors.add(t);
        }
      }
      return this;
    }

    /** Sets the default strategy: redact, partial, hash or token. */
    public Builder setDefaultStrategy(String strategy) {
      this.defaultStrategy = checkStrategy(strategy);
      return this;
    }

    /** Sets the strategy for LLM traffic: redact, partial, hash or token. */
    public Builder setLlmStrategy(String strategy) {
      this.llmStrategy = checkStrategy(strategy);
      return this;
    }

    /** Adds a key source under an id (e.g. {@code k2}). */
    public Builder addKey(String id, KeySource source) {
      if (Objects.requireNonNull(id, "id").isBlank() || id.contains(".") || id.length() > 16) {
        throw new IllegalArgumentException("key id must be 1-16 characters without '.': '" + id + "'");
      }
      keys.put(id, Objects.requireNonNull(source, "source"));
      return this;
    }

    /** Sets which key id new tokens and hashes use; it must be added with {@link #addKey}. */
    public Builder setCurrentKeyId(String id) {
      this.currentKeyId = Objects.requireNonNull(id, "id");
      return this;
    }

    /** Adds a custom detector. */
    public Builder addCustomDetector(CustomDetector detector) {
      customDetectors.add(Objects.requireNonNull(detector, "detector"));
      return this;
    }

    /** Adds a field / pointer / column rule. */
    public Builder addRule(FieldRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** Whether detectors scan every string value; default true. */
    public Builder setScanStrings(boolean scanStrings) {
      this.scanStrings = scanStrings;
      return this;
    }

    private static String checkStrategy(String s) {
      if (!STRATEGIES.contains(s)) {
        throw new IllegalArgumentException("unknown strategy '" + s + "' (expected one of " + new java.util.TreeSet<>(STRATEGIES) + ")");
      }
      return s;
    }

    /**
     * Builds the settings.
     *
     * @throws IllegalArgumentException when the current key id names no key, or keys exist without a current id
     */
    public MaskingSettings build() {
      if (!detectorsSet) {
        detectors.clear();
        detectors.addAll(DETECTOR_GROUPS.get("ALL"));
      }
      if (currentKeyId != null && !keys.containsKey(currentKeyId)) {
        throw new IllegalArgumentException("current key '" + currentKeyId + "' is not among the keys " + keys.keySet());
      }
      if (currentKeyId == null && !keys.isEmpty()) {
        throw new IllegalArgumentException("keys are configured but 'current' does not say which one signs new tokens");
      }
      return new MaskingSettings(this);
    }
  }
}
