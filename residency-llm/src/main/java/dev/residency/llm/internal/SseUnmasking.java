package dev.residency.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.residency.mask.StreamingUnmasker;
import dev.residency.mask.Unmasker;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Internal, may change without notice. Restores tokens in the {@code data:} JSON of server-sent
 * events, where one token may arrive split over several events. Provider-neutral: every string in
 * an event's JSON is one piece of a stream identified by its path, with array positions and any
 * {@code index} member along the way, so {@code choices[0].delta.content} (OpenAI, Mistral),
 * {@code delta.text} of content block 1 (Anthropic), a tool call's streamed {@code arguments} and
 * {@code candidates[0].content.parts[0].text} (Gemini, Vertex) each get their own {@link
 * StreamingUnmasker}. What a stream holds back (a partial token) is emitted in that stream's next
 * event, or in a synthetic event at the end of the stream. Not thread-safe: one per response.
 *
 * <p>Streamed tool-call arguments (OpenAI and Mistral {@code arguments}, Anthropic {@code
 * partial_json}) are pieces of a JSON document, not text: a value restored there is JSON-escaped
 * ({@link JsonFragmentUnmasker#insideStrings}). In a well-formed document a token can only stand
 * inside a string; checking that would need every fragment, and the fast path skips those without
 * a {@code [}.
 */
public final class SseUnmasking {
  private final Unmasker unmasker;
  private final Map<String, RestoringStream> streams = new LinkedHashMap<>();
  private final Map<String, ObjectNode> lastEvents = new LinkedHashMap<>();
  private final Map<String, List<Object>> paths = new LinkedHashMap<>();
  private int holding;
  private boolean flushed;
  private boolean changed;

  /** Members whose string values are fragments of a JSON document. */
  private static final List<String> JSON_FRAGMENTS = List.of("arguments", "partial_json");

  /** Responses API event whose {@code delta} is a piece of a function call's JSON arguments. */
  private static final String RESPONSES_ARGUMENTS_DELTA = "response.function_call_arguments.delta";

  private static boolean isJsonFragment(String member, ObjectNode root) {
    if (JSON_FRAGMENTS.contains(member)) {
      return true;
    }
    return member.equals("delta") && root != null && RESPONSES_ARGUMENTS_DELTA.equals(root.path("type").asText());
  }

  /** One per streamed response. */
  public SseUnmasking(Unmasker unmasker) {
    this.unmasker = unmasker;
  }

  /**
   * Returns the event's data with tokens restored, or {@code data} itself when nothing changed.
   *
   * <p>Fast path, no parsing: no stream is holding a prefix back and the raw JSON contains neither
   * {@code [[} (a token or its start) nor {@code ["} (a string ending in {@code [}, which may be a
   * token's first half). JSON arrays (<code>"choices":[{</code>) do not trigger the slow path. An event
   * whose strings come back unchanged is returned as it came, not re-serialized.
   */
  public String data(String data) {
    if (data.equals("[DONE]")) {
      return data;
    }
    if (holding == 0 && data.indexOf("[[") < 0 && data.indexOf("[\"") < 0) {
      return data;
    }
    JsonNode tree;
    try {
      tree = JsonUnmasking.MAPPER.readTree(data);
    } catch (JsonProcessingException e) {
      // Not JSON ("[DONE]", plain text): one raw stream.
      return push("raw", false, null, null, data);
    }
    if (tree == null || !tree.isContainerNode()) {
      return data;
    }
    changed = false;
    walk(tree, "", new ArrayList<>(), (ObjectNode) (tree.isObject() ? tree : null));
    if (!changed) {
      return data;
    }
    try {
      return JsonUnmasking.MAPPER.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("re-serializing a parsed JSON tree failed", e);
    }
  }

  /**
   * Ends the stream: for each stream still holding text (a {@code [[} that never became a token),
   * returns one synthetic event data carrying it, shaped like that stream's last event but with
   * only the path to the held string (plus {@code index}, {@code type}, {@code id}, {@code object}
   * and {@code model} members along the way). Usually empty.
   */
  public List<String> finish() {
    if (flushed) {
      return List.of();
    }
    flushed = true;
    return flush(key -> true);
  }

  /**
   * Ends the streams under a top-level {@code "index": index} member (Anthropic's content block
   * {@code index}), as {@link #finish()} does for all, so that what a block holds back can be sent
   * before that block's stop event rather than after the whole message.
   */
  public List<String> finishIndex(int index) {
    if (flushed || holding == 0) {
      return List.of();
    }
    String prefix = "#" + index + "/";
    return flush(key -> key.startsWith(prefix));
  }

  /** Whether some stream may be holding back a token prefix (see {@link #mayHold}). */
  public boolean holding() {
    return holding > 0;
  }

  private List<String> flush(Predicate<String> which) {
    List<String> out = new ArrayList<>();
    Iterator<Map.Entry<String, RestoringStream>> it = streams.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, RestoringStream> e = it.next();
      String key = e.getKey();
      if (!which.test(key)) {
        continue;
      }
      RestoringStream p = e.getValue();
      it.remove();
      if (p.holding()) {
        holding--;
      }
      ObjectNode last = lastEvents.remove(key);
      List<Object> path = paths.remove(key);
      String rest = p.finish();
      if (rest.isEmpty()) {
        continue;
      }
      out.add(last == null ? rest : prune(last, path, 0, rest).toString());
    }
    return out;
  }

  private void walk(JsonNode node, String key, List<Object> path, ObjectNode root) {
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      JsonNode index = o.get("index");
      String k = index != null && index.isNumber() ? key + "#" + index.asInt() : key;
      // the Responses API numbers its output items and their parts instead
      JsonNode item = o.get("output_index");
      JsonNode part = o.get("content_index");
      if (item != null && item.isNumber()) {
        k += "~o" + item.asInt();
      }
      if (part != null && part.isNumber()) {
        k += "~c" + part.asInt();
      }
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        if (v.isTextual()) {
          String text = v.textValue();
          String streamKey = k + "/" + e.getKey();
          if (text.indexOf('[') >= 0 || isHolding(streamKey)) {
            path.add(e.getKey());
            String out = push(streamKey, isJsonFragment(e.getKey(), root), root, path, text);
            if (!out.equals(text)) {
              e.setValue(TextNode.valueOf(out));
              changed = true;
            }
            path.remove(path.size() - 1);
          }
        } else if (v.isContainerNode()) {
          path.add(e.getKey());
          walk(v, k + "/" + e.getKey(), path, root);
          path.remove(path.size() - 1);
        }
      }
    } else if (node.isArray()) {
      ArrayNode a = (ArrayNode) node;
      for (int i = 0; i < a.size(); i++) {
        JsonNode v = a.get(i);
        path.add(i);
        if (v.isTextual()) {
          String streamKey = key + "/" + i;
          if (v.textValue().indexOf('[') >= 0 || isHolding(streamKey)) {
            String out = push(streamKey, false, root, path, v.textValue());
            if (!out.equals(v.textValue())) {
              a.set(i, TextNode.valueOf(out));
              changed = true;
            }
          }
        } else if (v.isContainerNode()) {
          walk(v, key + "/" + i, path, root);
        }
        path.remove(path.size() - 1);
      }
    }
  }

  private boolean isHolding(String key) {
    RestoringStream p = streams.get(key);
    return p != null && p.holding();
  }

  private String push(String key, boolean json, ObjectNode root, List<Object> path, String text) {
    RestoringStream p = streams.computeIfAbsent(key, k -> json ? RestoringStream.json(unmasker) : RestoringStream.text(unmasker));
    if (root != null) {
      lastEvents.put(key, root);
      paths.put(key, List.copyOf(path));
    }
    boolean was = p.holding();
    String out = p.push(text);
    if (p.holding() != was) {
      holding += was ? -1 : 1;
    }
    return out;
  }

  /**
   * Whether a stream may hold text back after this chunk, erring on "yes" (which only costs the
   * slow path). A token is {@code [[TYPE:key:payload]]} with no other bracket inside, so what is
   * held starts at the chunk's last {@code [} (or continues what was held) and, after it, has only
   * token characters and at most one final {@code ]}.
   */
  public static boolean mayHold(String chunk, boolean wasHolding) {
    int last = chunk.lastIndexOf('[');
    if (last < 0 && !wasHolding) {
      return false;
    }
    for (int i = last + 1; i < chunk.length(); i++) {
      char c = chunk.charAt(i);
      boolean tokenChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == ':' || c == '-';
      if (!tokenChar && !(c == ']' && i == chunk.length() - 1)) {
        return false;
      }
    }
    return true;
  }

  private static final List<String> KEEP = List.of("index", "type", "id", "object", "model", "role", "item_id", "output_index", "content_index");

  private static JsonNode prune(JsonNode node, List<Object> path, int at, String value) {
    if (at == path.size()) {
      return TextNode.valueOf(value);
    }
    Object step = path.get(at);
    if (step instanceof Integer) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      a.add(prune(node.get((Integer) step), path, at + 1, value));
      return a;
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (String k : KEEP) {
      JsonNode v = node.get(k);
      if (v != null && v.isValueNode() && !k.equals(step)) {
        o.set(k, v);
      }
    }
    o.set((String) step, prune(node.get((String) step), path, at + 1, value));
    return o;
  }
}
