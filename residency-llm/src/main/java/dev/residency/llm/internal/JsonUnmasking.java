package dev.residency.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.residency.mask.Unmasker;
import java.util.Iterator;
import java.util.Map;

/**
 * Internal, may change without notice. Restores tokens inside every string of a JSON document.
 * Works on the tree rather than on the raw text so that a restored value is JSON-escaped (a value
 * with a quote or backslash would otherwise break the document); a string that itself holds a JSON
 * object or array (tool-call {@code arguments}) is unmasked the same way, one level down.
 */
public final class JsonUnmasking {
  /** Shared mapper; Jackson mappers are thread-safe once configured. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonUnmasking() {}

  /** The document with every token restored, or the text unmasked as plain text if it is not JSON. */
  public static String unmask(Unmasker unmasker, String json) {
    if (json.indexOf('[') < 0) {
      return json;
    }
    try {
      JsonNode tree = MAPPER.readTree(json);
      if (tree == null) {
        return json;
      }
      return MAPPER.writeValueAsString(unmaskNode(unmasker, tree, 0));
    } catch (JsonProcessingException e) {
      return unmasker.unmask(json);
    }
  }

  static JsonNode unmaskNode(Unmasker unmasker, JsonNode node, int depth) {
    if (node.isTextual()) {
      String text = node.textValue();
      if (text.indexOf('[') < 0) {
        return node;
      }
      return TextNode.valueOf(unmaskString(unmasker, text, depth));
    }
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        e.setValue(unmaskNode(unmasker, e.getValue(), depth));
      }
      return o;
    }
    if (node.isArray()) {
      ArrayNode a = (ArrayNode) node;
      for (int i = 0; i < a.size(); i++) {
        a.set(i, unmaskNode(unmasker, a.get(i), depth));
      }
    }
    return node;
  }

  private static String unmaskString(Unmasker unmasker, String text, int depth) {
    String trimmed = text.strip();
    boolean nested = depth == 0 && !trimmed.isEmpty() && (trimmed.charAt(0) == '{' || trimmed.charAt(0) == '[');
    if (nested) {
      try {
        JsonNode inner = MAPPER.readTree(trimmed);
        if (inner != null && (inner.isObject() || inner.isArray())) {
          return MAPPER.writeValueAsString(unmaskNode(unmasker, inner, depth + 1));
        }
      } catch (JsonProcessingException e) {
        // Not JSON after all (a Markdown link, say): plain text below.
      }
    }
    return unmasker.unmask(text);
  }
}
