package dev.residency.bedrock.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.residency.llm.internal.JsonUnmasking;
import dev.residency.llm.internal.RestoringStream;
import dev.residency.mask.Unmasker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.eventstream.Message;

/**
 * Internal, may change without notice. Restores tokens in a ConverseStream answer. Each content
 * block's {@code delta.text}, {@code delta.toolUse.input} and {@code delta.reasoningContent.text}
 * is one stream of pieces with its own {@link RestoringStream}, so a token cut across {@code
 * contentBlockDelta} events is restored whole in the event that completes it. What a block still
 * holds back (a {@code [[} that never became a token) goes out as one extra {@code
 * contentBlockDelta} right before that block's {@code contentBlockStop}, or before {@code
 * messageStop}, {@code metadata} or an exception if the block never stopped. Not thread-safe: one
 * per response.
 */
public final class ConverseStreamUnmasking implements EventStreamFramer.Events {
  /** Where a delta carries streamed text: the member under {@code delta}, then the text field. */
  private enum Kind {
    TEXT(null, "text"),
    TOOL_INPUT("toolUse", "input"),
    REASONING("reasoningContent", "text");

    final String parent;
    final String field;

    Kind(String parent, String field) {
      this.parent = parent;
      this.field = field;
    }
  }

  /** The restoring stream of one content block's field. */
  private static final class Piece {
    final int index;
    final Kind kind;
    final RestoringStream stream;

    Piece(int index, Kind kind, Unmasker unmasker) {
      this.index = index;
      this.kind = kind;
      // tool input arrives as pieces of a JSON document: restored values are escaped in it
      this.stream = kind == Kind.TOOL_INPUT ? RestoringStream.json(unmasker) : RestoringStream.text(unmasker);
    }
  }

  private final Unmasker unmasker;
  private final Map<String, Piece> pieces = new LinkedHashMap<>();
  private int holding;

  /** One per streamed response. */
  public ConverseStreamUnmasking(Unmasker unmasker) {
    this.unmasker = unmasker;
  }

  @Override
  public List<Message> onMessage(Message message) {
    if (!"event".equals(EventStreamFramer.header(message, ":message-type"))) {
      // Exceptions and errors pass untouched; the text before them is delivered first.
      return holding == 0 ? null : flushThen(-1, message);
    }
    String event = EventStreamFramer.header(message, ":event-type");
    if ("contentBlockDelta".equals(event)) {
      return delta(message);
    }
    if (holding == 0 || "contentBlockStart".equals(event)) {
      return null;
    }
    if ("contentBlockStop".equals(event)) {
      JsonNode stop = parse(message.getPayload());
      JsonNode index = stop == null ? null : stop.get("contentBlockIndex");
      return flushThen(index != null && index.isInt() ? index.intValue() : -1, message);
    }
    return flushThen(-1, message);
  }

  @Override
  public List<Message> onEnd() {
    return holding == 0 ? List.of() : flush(-1);
  }

  private List<Message> delta(Message message) {
    byte[] payload = message.getPayload();
    if (holding == 0 && !EventStreamFramer.mayStartToken(payload)) {
      return null;
    }
    JsonNode root = parse(payload);
    if (root == null || !root.isObject() || !root.path("delta").isObject()) {
      return null;
    }
    int index = root.path("contentBlockIndex").asInt(0);
    ObjectNode delta = (ObjectNode) root.get("delta");
    boolean changed = false;
    for (Kind kind : Kind.values()) {
      JsonNode parent = kind.parent == null ? delta : delta.get(kind.parent);
      JsonNode value = parent == null || !parent.isObject() ? null : parent.get(kind.field);
      if (value == null || !value.isTextual()) {
        continue;
      }
      String text = value.textValue();
      String key = index + "/" + kind;
      Piece piece = pieces.get(key);
      if ((piece == null || !piece.stream.holding()) && text.indexOf('[') < 0) {
        continue;
      }
      if (piece == null) {
        piece = new Piece(index, kind, unmasker);
        pieces.put(key, piece);
      }
      boolean was = piece.stream.holding();
      String out = piece.stream.push(text);
      if (piece.stream.holding() != was) {
        holding += was ? -1 : 1;
      }
      if (!out.equals(text)) {
        ((ObjectNode) parent).put(kind.field, out);
        changed = true;
      }
    }
    if (!changed) {
      return null;
    }
    return List.of(new Message(message.getHeaders(), write(root)));
  }

  private List<Message> flushThen(int index, Message message) {
    List<Message> out = flush(index);
    if (out.isEmpty()) {
      return null;
    }
    out.add(message);
    return out;
  }

  /** Ends the pieces of block {@code index} (all blocks for -1); one delta event per held rest. */
  private List<Message> flush(int index) {
    List<Message> out = new ArrayList<>();
    Iterator<Piece> it = pieces.values().iterator();
    while (it.hasNext()) {
      Piece p = it.next();
      if (index >= 0 && p.index != index) {
        continue;
      }
      it.remove();
      if (p.stream.holding()) {
        holding--;
      }
      String rest = p.stream.finish();
      if (!rest.isEmpty()) {
        out.add(new Message(EventStreamFramer.eventHeaders("contentBlockDelta"), write(synthetic(p, rest))));
      }
    }
    return out;
  }

  private static ObjectNode synthetic(Piece p, String rest) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("contentBlockIndex", p.index);
    ObjectNode delta = root.putObject("delta");
    (p.kind.parent == null ? delta : delta.putObject(p.kind.parent)).put(p.kind.field, rest);
    return root;
  }

  private static JsonNode parse(byte[] json) {
    try {
      return JsonUnmasking.MAPPER.readTree(json);
    } catch (IOException e) {
      // Not JSON: nothing this class knows how to rewrite; the frame goes on as it came.
      return null;
    }
  }

  private static byte[] write(JsonNode node) {
    try {
      return JsonUnmasking.MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("serializing a JSON tree failed", e);
    }
  }
}
