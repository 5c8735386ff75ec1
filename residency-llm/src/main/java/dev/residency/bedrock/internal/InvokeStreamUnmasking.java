package dev.residency.bedrock.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.residency.llm.internal.JsonUnmasking;
import dev.residency.llm.internal.SseUnmasking;
import dev.residency.mask.Unmasker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import software.amazon.eventstream.Message;

/**
 * Internal, may change without notice. Restores tokens in an InvokeModelWithResponseStream
 * answer. Each {@code chunk} event carries {@code {"bytes":"<base64>"}}, the model's own JSON event
 * (Anthropic {@code content_block_delta}, Titan {@code outputText}, Llama {@code generation},
 * Mistral {@code outputs[].text}, ...); that inner JSON goes through {@link SseUnmasking}, which
 * keys every string by its path and {@code index}, exactly as for server-sent events. Held-back
 * text is sent as an extra chunk before Anthropic's {@code content_block_stop} of that block (and
 * {@code message_stop}), or else after the last event. Not thread-safe: one per response.
 */
public final class InvokeStreamUnmasking implements EventStreamFramer.Events {
  private static final byte[] BYTES_MEMBER = "\"bytes\":\"".getBytes(StandardCharsets.US_ASCII);

  private final SseUnmasking sse;

  /** One per streamed response. */
  public InvokeStreamUnmasking(Unmasker unmasker) {
    this.sse = new SseUnmasking(unmasker);
  }

  @Override
  public List<Message> onMessage(Message message) {
    if (!"event".equals(EventStreamFramer.header(message, ":message-type"))
        || !"chunk".equals(EventStreamFramer.header(message, ":event-type"))) {
      return null;
    }
    byte[] payload = message.getPayload();
    byte[] inner = innerBytes(payload);
    if (inner == null || (!sse.holding() && !EventStreamFramer.mayStartToken(inner))) {
      return null;
    }
    String json = new String(inner, StandardCharsets.UTF_8);
    List<Message> out = new ArrayList<>(2);
    if (sse.holding()) {
      out.addAll(chunks(blockEnd(json)));
    }
    String restored = sse.data(json);
    if (restored.equals(json)) {
      if (out.isEmpty()) {
        return null;
      }
      out.add(message);
      return out;
    }
    out.add(new Message(message.getHeaders(), withBytes(payload, restored)));
    return out;
  }

  @Override
  public List<Message> onEnd() {
    return chunks(sse.finish());
  }

  /** What to flush before an Anthropic block or message end; the event itself holds no text. */
  private List<String> blockEnd(String json) {
    if (json.indexOf("_stop\"") < 0) {
      return List.of();
    }
    JsonNode tree;
    try {
      tree = JsonUnmasking.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return List.of();
    }
    String type = tree.path("type").asText("");
    if (type.equals("content_block_stop") && tree.path("index").isInt()) {
      return sse.finishIndex(tree.get("index").intValue());
    }
    if (type.equals("message_stop")) {
      return sse.finish();
    }
    return List.of();
  }

  private static List<Message> chunks(List<String> data) {
    List<Message> out = new ArrayList<>(data.size());
    for (String d : data) {
      out.add(new Message(EventStreamFramer.eventHeaders("chunk"), withBytes(null, d)));
    }
    return out;
  }

  /**
   * The decoded {@code bytes} member of a chunk payload, found without a JSON parse when the payload
   * is as compact as Bedrock sends it; null when there is none or it is not base64.
   */
  static byte[] innerBytes(byte[] payload) {
    int start = indexOf(payload, BYTES_MEMBER);
    String b64 = null;
    if (start >= 0) {
      int from = start + BYTES_MEMBER.length;
      int end = from;
      while (end < payload.length && payload[end] != '"' && payload[end] != '\\') {
        end++;
      }
      if (end < payload.length && payload[end] == '"') {
        b64 = new String(payload, from, end - from, StandardCharsets.US_ASCII);
      }
    }
    if (b64 == null) {
      // Spaces or escapes (a "\/"): read it properly.
      try {
        JsonNode bytes = JsonUnmasking.MAPPER.readTree(payload).get("bytes");
        b64 = bytes != null && bytes.isTextual() ? bytes.textValue() : null;
      } catch (IOException e) {
        return null;
      }
    }
    if (b64 == null) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The chunk payload with {@code bytes} replaced, keeping any other member; a new one if null. */
  private static byte[] withBytes(byte[] payload, String inner) {
    String b64 = Base64.getEncoder().encodeToString(inner.getBytes(StandardCharsets.UTF_8));
    ObjectNode root = null;
    if (payload != null) {
      try {
        JsonNode tree = JsonUnmasking.MAPPER.readTree(payload);
        root = tree instanceof ObjectNode ? (ObjectNode) tree : null;
      } catch (IOException e) {
        root = null;
      }
    }
    if (root == null) {
      root = JsonUnmasking.MAPPER.createObjectNode();
    }
    root.put("bytes", b64);
    try {
      return JsonUnmasking.MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("serializing a JSON tree failed", e);
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
