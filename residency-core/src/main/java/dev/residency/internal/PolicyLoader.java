package dev.residency.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.residency.EndpointFact;
import dev.residency.EndpointKind;
import dev.residency.InvalidPolicyException;
import dev.residency.Mode;
import dev.residency.Region;
import dev.residency.ResidencyPolicy;
import dev.residency.mask.MaskingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads policy YAML/JSON into a {@link ResidencyPolicy}, keeping the line of every node so that
 * errors name file, line and key. Unknown keys are errors (with a "did you mean" hint), as are
 * duplicate keys, unknown region and jurisdiction codes and malformed values. Internal, may change
 * without notice.
 */
public final class PolicyLoader {
  private static final JsonFactory YAML = new YAMLFactory();
  private static final JsonFactory JSON = new JsonFactory();

  private PolicyLoader() {}

  /** A parsed node: a map, a list, a scalar string, or null, with its line and key path. */
  static final class Node {
    final Object value;
    final int line;
    final String path;

    Node(Object value, int line, String path) {
      this.value = value;
      this.line = line;
      this.path = path;
    }

    @SuppressWarnings("unchecked")
    Map<String, Node> map() {
      return (Map<String, Node>) value;
    }

    @SuppressWarnings("unchecked")
    List<Node> list() {
      return (List<Node>) value;
    }
  }

  /** Parses policy text. */
  public static ResidencyPolicy parse(String text, String source, Path baseDir) {
    Node root = read(text, source);
    return new Binder(source, baseDir).bind(root);
  }

  private static Node read(String text, String source) {
    String trimmed = text.stripLeading();
    JsonFactory factory = trimmed.startsWith("{") ? JSON : YAML;
    JsonParser[] parser = new JsonParser[1];
    try (JsonParser p = factory.createParser(text)) {
      parser[0] = p;
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new InvalidPolicyException(source, 1, "(document)", "the policy is empty");
      }
      Node root = readValue(p, source, "");
      if (p.nextToken() != null) {
        throw new InvalidPolicyException(source, line(p.currentLocation()), "(document)", "more than one document");
      }
      return root;
    } catch (JsonProcessingException e) {
      MarkedYAMLException yaml = yamlCause(e);
      if (yaml != null) {
        throw yamlSyntaxError(yaml, text, source);
      }
      JsonLocation loc = e.getLocation();
      // SnakeYAML's messages span lines (with a caret diagram): keep the words, drop the layout.
      String msg = e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " ").strip();
      if (msg.length() > 240) {
        msg = msg.substring(0, 240) + "...";
      }
      int line = loc == null ? 0 : line(loc);
      if (line == 0 && parser[0] != null) {
        // Jackson's constraint errors (nesting depth, document length) carry no location: name the
        // line the parser had reached, so the message still says where to look.
        line = Math.max(line(parser[0].currentLocation()), 1);
      }
      throw new InvalidPolicyException(source, line, "(syntax)", msg);
    } catch (IOException e) {
      throw new InvalidPolicyException(source, 0, "(document)", "unreadable: " + e.getMessage());
    }
  }

  private static MarkedYAMLException yamlCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException) {
        return (MarkedYAMLException) t;
      }
    }
    return null;
  }

  /**
   * A SnakeYAML syntax error at the line of its problem mark. Jackson's own location is where its
   * parser stood (often the token before: a bad indent or a tab reads one line early), so it is not
   * used. When the problem mark is past the last line with content (an unclosed quote or bracket
   * reports "end of stream"), the line is where the unclosed construct started (the context mark).
   */
  private static InvalidPolicyException yamlSyntaxError(MarkedYAMLException e, String text, String source) {
    Mark problemMark = e.getProblemMark();
    Mark contextMark = e.getContextMark();
    int lastContentLine = lastContentLine(text);
    Mark at = problemMark;
    if (problemMark == null || problemMark.getLine() + 1 > lastContentLine) {
      at = contextMark != null ? contextMark : problemMark;
    }
    int line = at == null ? Math.max(lastContentLine, 1) : Math.min(at.getLine() + 1, Math.max(lastContentLine, 1));
    StringBuilder msg = new StringBuilder();
    String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem().replaceAll("\\s*\\R\\s*", " ").strip();
    msg.append(problem);
    if (problemMark != null) {
      msg.append(" (line ").append(problemMark.getLine() + 1).append(", column ").append(problemMark.getColumn() + 1).append(')');
    }
    if (e.getContext() != null) {
      msg.append("; ").append(e.getContext().replaceAll("\\s*\\R\\s*", " ").strip());
      if (contextMark != null) {
        msg.append(" started at line ").append(contextMark.getLine() + 1).append(", column ").append(contextMark.getColumn() + 1);
      }
    }
    String m = msg.length() > 240 ? msg.substring(0, 240) + "..." : msg.toString();
    return new InvalidPolicyException(source, line, "(syntax)", m);
  }

  /** The 1-based number of the last line that holds anything but white space (0 if none), counted as SnakeYAML counts. */
  private static int lastContentLine(String text) {
    int line = 1;
    int last = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // SnakeYAML's line breaks: LF, CR not before LF, NEL, LS and PS.
      if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029'
          || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
        line++;
      } else if (!Character.isWhitespace(c)) {
        last = line;
      }
    }
    return last;
  }

  private static int line(JsonLocation loc) {
    return Math.max(loc.getLineNr(), 0);
  }

  private static Node readValue(JsonParser p, String source, String path) throws IOException {
    JsonToken t = p.currentToken();
    int line = line(p.currentTokenLocation());
    switch (t) {
      case START_OBJECT: {
        Map<String, Node> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          int keyLine = line(p.currentTokenLocation());
          String childPath = path.isEmpty() ? key : path + "." + key;
          p.nextToken();
          Node value = readValue(p, source, childPath);
          // A block mapping or list under a key starts on the next line; errors read best at the key.
          Node child = new Node(value.value, keyLine, childPath);
          if (map.put(key, child) != null) {
            throw new InvalidPolicyException(source, keyLine, childPath, "duplicate key");
          }
        }
        return new Node(map, line, path);
      }
      case START_ARRAY: {
        List<Node> list = new ArrayList<>();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(readValue(p, source, path + "[" + i++ + "]"));
        }
        return new Node(list, line, path);
      }
      case VALUE_NULL:
        return new Node(null, line, path);
      default:
        return new Node(p.getText(), line, path);
    }
  }

  private static final class Binder {
    private final String source;
    private final Path baseDir;

    Binder(String source, Path baseDir) {
      this.source = source;
      this.baseDir = baseDir;
    }

    private InvalidPolicyException error(Node n, String problem) {
      return new InvalidPolicyException(source, n.line, n.path.isEmpty() ? "(document)" : n.path, problem);
    }

    private Map<String, Node> object(Node n, Set<String> allowed) {
      if (!(n.value instanceof Map)) {
        throw error(n, "expected a mapping of keys " + new java.util.TreeSet<>(allowed));
      }
      for (Map.Entry<String, Node> e : n.map().entrySet()) {
        if (!allowed.contains(e.getKey())) {
          String hint = suggestion(e.getKey(), allowed);
          throw error(e.getValue(), "unknown key" + (hint == null ? "" : " (did you mean '" + hint + "'?)")
              + "; expected one of " + new java.util.TreeSet<>(allowed));
        }
      }
      return n.map();
    }

    private List<Node> list(Node n) {
      if (n.value instanceof String) {
        // Accept a single scalar where a list is expected ("jurisdictions: EU").
        return List.of(n);
      }
      if (!(n.value instanceof List)) {
        throw error(n, "expected a list");
      }
      return n.list();
    }

    private String scalar(Node n) {
      if (!(n.value instanceof String)) {
        throw error(n, n.value == null ? "missing value" : "expected a single value");
      }
      String s = ((String) n.value).trim();
      if (s.isEmpty()) {
        throw error(n, "empty value");
      }
      return s;
    }

    private boolean bool(Node n) {
      String s = scalar(n).toLowerCase(Locale.ROOT);
      if (s.equals("true") || s.equals("yes") || s.equals("on")) {
        return true;
      }
      if (s.equals("false") || s.equals("no") || s.equals("off")) {
        return false;
      }
      throw error(n, "expected true or false, got '" + s + "'");
    }

    ResidencyPolicy bind(Node root) {
      Map<String, Node> top = object(root, Set.of("residency", "masking", "audit"));
      Node residency = top.get("residency");
      if (residency == null) {
        throw new InvalidPolicyException(source, root.line, "residency", "missing the 'residency' section");
      }
      ResidencyPolicy.Builder b = ResidencyPolicy.builder().setSource(source, baseDir);
      Map<String, Node> r =
          object(residency, Set.of("home", "allow", "allowMasked", "unknown", "mode", "endpoints", "exceptions", "ipRanges"));
      if (r.containsKey("home")) {
        Node n = r.get("home");
        String id = scalar(n);
        try {
          b.setHome(id);
        } catch (IllegalArgumentException e) {
          throw error(n, e.getMessage());
        }
      }
      if (r.containsKey("allow")) {
        bindAllow(b, r.get("allow"), false);
      }
      if (r.containsKey("allowMasked")) {
        bindAllow(b, r.get("allowMasked"), true);
      }
      if (r.containsKey("unknown")) {
        Node n = r.get("unknown");
        String v = scalar(n).toLowerCase(Locale.ROOT);
        if (v.equals("deny")) {
          b.setUnknown(ResidencyPolicy.UnknownAction.DENY);
        } else if (v.equals("allow")) {
          b.setUnknown(ResidencyPolicy.UnknownAction.ALLOW);
        } else {
          throw error(n, "expected deny or allow, got '" + v + "'");
        }
      }
      if (r.containsKey("mode")) {
        Node n = r.get("mode");
        String v = scalar(n).toLowerCase(Locale.ROOT);
        if (v.equals("enforce")) {
          b.setMode(Mode.ENFORCE);
        } else if (v.equals("report-only") || v.equals("report_only")) {
          b.setMode(Mode.REPORT_ONLY);
        } else {
          throw error(n, "expected enforce or report-only, got '" + v + "'");
        }
      }
      if (r.containsKey("endpoints")) {
        for (Node e : list(r.get("endpoints"))) {
          bindEndpoint(b, e);
        }
      }
      if (r.containsKey("exceptions")) {
        for (Node e : list(r.get("exceptions"))) {
          Map<String, Node> m = object(e, Set.of("host", "reason", "expires"));
          for (String required : List.of("host", "reason", "expires")) {
            if (!m.containsKey(required)) {
              throw error(e, "an exception needs '" + required + "'");
            }
          }
          LocalDate expires;
          try {
            expires = LocalDate.parse(scalar(m.get("expires")));
          } catch (DateTimeParseException ex) {
            throw error(m.get("expires"), "expected a date YYYY-MM-DD");
          }
          try {
            b.addException(scalar(m.get("host")), scalar(m.get("reason")), expires);
          } catch (IllegalArgumentException ex) {
            throw error(m.get("host"), ex.getMessage());
          }
        }
      }
      if (r.containsKey("ipRanges")) {
        for (Node n : list(r.get("ipRanges"))) {
          Path p = Path.of(scalar(n));
          b.addIpRanges(baseDir == null || p.isAbsolute() ? p : baseDir.resolve(p));
        }
      }
      if (top.containsKey("masking")) {
        b.setMasking(bindMasking(top.get("masking")));
      }
      if (top.containsKey("audit")) {
        Map<String, Node> a = object(top.get("audit"), Set.of("sink", "required"));
        if (a.containsKey("sink")) {
          Node n = a.get("sink");
          String spec = scalar(n);
          if (!(spec.equals("slf4j") || spec.equals("memory") || spec.equals("none") || (spec.startsWith("jsonl:") && spec.length() > 6))) {
            throw error(n, "unknown audit sink '" + spec + "' (expected slf4j, memory, none or jsonl:PATH)");
          }
          b.setAuditSink(spec);
        }
        if (a.containsKey("required")) {
          b.setAuditRequired(bool(a.get("required")));
        }
      }
      return b.build();
    }

    private void bindAllow(ResidencyPolicy.Builder b, Node n, boolean masked) {
      Map<String, Node> m = object(n, Set.of("jurisdictions", "countries", "regions"));
      for (Map.Entry<String, Node> e : m.entrySet()) {
        for (Node item : list(e.getValue())) {
          String v = scalar(item);
          try {
            switch (e.getKey()) {
              case "jurisdictions":
                if (masked) {
                  b.allowMaskedJurisdictions(v);
                } else {
                  b.allowJurisdictions(v);
                }
                break;
              case "countries":
                if (masked) {
                  b.allowMaskedCountries(v);
                } else {
                  b.allowCountries(v);
                }
                break;
              default:
                if (masked) {
                  b.allowMaskedRegions(v);
                } else {
                  b.allowRegions(v);
                }
            }
          } catch (IllegalArgumentException ex) {
            throw error(item, ex.getMessage());
          }
        }
      }
    }

    private void bindEndpoint(ResidencyPolicy.Builder b, Node e) {
      Map<String, Node> m = object(e, Set.of("host", "cidr", "resource", "region", "kind", "deployments"));
      int subjects = (m.containsKey("host") ? 1 : 0) + (m.containsKey("cidr") ? 1 : 0) + (m.containsKey("resource") ? 1 : 0);
      if (subjects != 1) {
        throw error(e, "an endpoint needs exactly one of host, cidr or resource");
      }
      if (!m.containsKey("region")) {
        throw error(e, "an endpoint needs 'region'");
      }
      Node regionNode = m.get("region");
      Region region;
      try {
        region = dev.residency.RegionCatalog.defaultCatalog().require(scalar(regionNode));
      } catch (IllegalArgumentException ex) {
        throw error(regionNode, ex.getMessage());
      }
      EndpointFact.Builder fact;
      Node subject = m.containsKey("host") ? m.get("host") : m.containsKey("cidr") ? m.get("cidr") : m.get("resource");
      try {
        if (m.containsKey("host")) {
          fact = EndpointFact.host(scalar(subject), region);
        } else if (m.containsKey("cidr")) {
          fact = EndpointFact.cidr(scalar(subject), region);
        } else {
          fact = EndpointFact.resource(scalar(subject), region);
        }
      } catch (IllegalArgumentException ex) {
        throw error(subject, ex.getMessage());
      }
      fact.id(b.nextFactId());
      if (m.containsKey("kind")) {
        Node k = m.get("kind");
        try {
          fact.kind(EndpointKind.valueOf(scalar(k).toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException ex) {
          throw error(k, "unknown kind '" + scalar(k) + "' (expected jdbc, http, s3, gcs or llm)");
        }
      }
      if (m.containsKey("deployments")) {
        Node d = m.get("deployments");
        if (!(d.value instanceof Map)) {
          throw error(d, "expected a mapping of deployment name to type");
        }
        for (Map.Entry<String, Node> dep : d.map().entrySet()) {
          try {
            fact.deployment(dep.getKey(), scalar(dep.getValue()));
          } catch (IllegalArgumentException ex) {
            throw error(dep.getValue(), ex.getMessage());
          }
        }
      }
      b.addEndpoint(fact.build());
    }

    private MaskingSettings bindMasking(Node n) {
      Map<String, Node> m = object(n, Set.of("detectors", "default", "llm", "keys", "custom", "rules", "scanStrings"));
      MaskingSettings.Builder b = MaskingSettings.builder();
      try {
        if (m.containsKey("detectors")) {
          for (Node d : list(m.get("detectors"))) {
            try {
              b.addDetector(scalar(d));
            } catch (IllegalArgumentException ex) {
              throw error(d, ex.getMessage());
            }
          }
        }
        if (m.containsKey("default")) {
          try {
            b.setDefaultStrategy(scalar(m.get("default")));
          } catch (IllegalArgumentException ex) {
            throw error(m.get("default"), ex.getMessage());
          }
        }
        if (m.containsKey("llm")) {
          try {
            b.setLlmStrategy(scalar(m.get("llm")));
          } catch (IllegalArgumentException ex) {
            throw error(m.get("llm"), ex.getMessage());
          }
        }
        if (m.containsKey("scanStrings")) {
          b.setScanStrings(bool(m.get("scanStrings")));
        }
        if (m.containsKey("keys")) {
          Node keys = m.get("keys");
          if (!(keys.value instanceof Map)) {
            throw error(keys, "expected a mapping with 'current' and key ids");
          }
          String current = null;
          for (Map.Entry<String, Node> k : keys.map().entrySet()) {
            if (k.getKey().equals("current")) {
              current = scalar(k.getValue());
              continue;
            }
            Map<String, Node> src = object(k.getValue(), Set.of("env", "file"));
            if (src.size() != 1) {
              throw error(k.getValue(), "a key needs exactly one of env or file");
            }
            try {
              if (src.containsKey("env")) {
                b.addKey(k.getKey(), MaskingSettings.KeySource.env(scalar(src.get("env"))));
              } else {
                Path p = Path.of(scalar(src.get("file")));
                b.addKey(k.getKey(), MaskingSettings.KeySource.file(
                    (baseDir == null || p.isAbsolute() ? p : baseDir.resolve(p)).toString()));
              }
            } catch (IllegalArgumentException ex) {
              throw error(k.getValue(), ex.getMessage());
            }
          }
          if (current != null) {
            b.setCurrentKeyId(current);
          }
          try {
            return finish(b, m, keys);
          } catch (IllegalArgumentException ex) {
            if (ex instanceof InvalidPolicyException) {
              throw ex;
            }
            throw error(keys, ex.getMessage());
          }
        }
        return finish(b, m, n);
      } catch (InvalidPolicyException ex) {
        throw ex;
      }
    }

    private MaskingSettings finish(MaskingSettings.Builder b, Map<String, Node> m, Node errorNode) {
      if (m.containsKey("custom")) {
        for (Node c : list(m.get("custom"))) {
          Map<String, Node> cm = object(c, Set.of("name", "regex", "validator", "terms"));
          if (!cm.containsKey("name")) {
            throw error(c, "a custom detector needs 'name'");
          }
          try {
            if (cm.containsKey("regex") == cm.containsKey("terms")) {
              throw error(c, "a custom detector needs exactly one of regex or terms");
            }
            if (cm.containsKey("regex")) {
              String regex = scalar(cm.get("regex"));
              try {
                java.util.regex.Pattern.compile(regex);
              } catch (java.util.regex.PatternSyntaxException ex) {
                throw error(cm.get("regex"), "invalid regex: " + ex.getDescription());
              }
              String validator = cm.containsKey("validator") ? scalar(cm.get("validator")) : "none";
              if (!MaskingSettings.VALIDATORS.contains(validator)) {
                throw error(cm.get("validator"), "unknown validator '" + validator + "' (expected " + MaskingSettings.VALIDATORS + ")");
              }
              b.addCustomDetector(MaskingSettings.CustomDetector.regex(scalar(cm.get("name")), regex, validator));
            } else {
              List<String> terms = new ArrayList<>();
              for (Node t : list(cm.get("terms"))) {
                terms.add(scalar(t));
              }
              b.addCustomDetector(MaskingSettings.CustomDetector.terms(scalar(cm.get("name")), terms));
            }
          } catch (InvalidPolicyException ex) {
            throw ex;
          } catch (IllegalArgumentException ex) {
            throw error(cm.get("name"), ex.getMessage());
          }
        }
      }
      if (m.containsKey("rules")) {
        for (Node rn : list(m.get("rules"))) {
          Map<String, Node> rm = object(rn, Set.of("field", "pointer", "column", "strategy"));
          int targets = (rm.containsKey("field") ? 1 : 0) + (rm.containsKey("pointer") ? 1 : 0) + (rm.containsKey("column") ? 1 : 0);
          if (targets != 1) {
            throw error(rn, "a rule needs exactly one of field, pointer or column");
          }
          MaskingSettings.FieldRule.Target target = rm.containsKey("field")
              ? MaskingSettings.FieldRule.Target.FIELD
              : rm.containsKey("pointer") ? MaskingSettings.FieldRule.Target.POINTER : MaskingSettings.FieldRule.Target.COLUMN;
          Node pattern = rm.get(target.name().toLowerCase(Locale.ROOT));
          Node strategyNode = rm.get("strategy");
          String strategy = strategyNode == null ? "redact" : scalar(strategyNode);
          try {
            b.addRule(MaskingSettings.FieldRule.of(target, scalar(pattern), strategy));
          } catch (IllegalArgumentException ex) {
            throw error(strategyNode == null ? pattern : strategyNode, ex.getMessage());
          }
        }
      }
      try {
        return b.build();
      } catch (IllegalArgumentException ex) {
        throw error(errorNode, ex.getMessage());
      }
    }
  }

  /** The allowed key closest to {@code key} by edit distance, if close enough to be a typo. */
  static String suggestion(String key, Set<String> allowed) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String a : allowed) {
      int d = distance(key.toLowerCase(Locale.ROOT), a.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = a;
      }
    }
    return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
