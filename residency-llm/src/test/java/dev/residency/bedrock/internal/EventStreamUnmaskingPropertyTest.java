package dev.residency.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditSink;
import dev.residency.mask.Unmasker;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

/**
 * The event-stream unmasking publisher, driven by a consumer that pulls one buffer at a time, over
 * every way of cutting the answer into events and the body into buffers.
 */
class EventStreamUnmaskingPropertyTest {
  static final ResidencyGuard GUARD = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU").build())
      .setAuditSink(AuditSink.NOOP).build();
  static final Unmasker UNMASKER = GUARD.masking().unmasker();
  static final String EMAIL_TOKEN = GUARD.masking().mask("alice@example.com", "token").text();
  static final String IBAN_TOKEN = GUARD.masking().mask("DE89370400440532013000", "token").text();
  static final ObjectMapper JSON = new ObjectMapper();

  @Provide
  Arbitrary<List<String>> fragments() {
    return Arbitraries.of(EMAIL_TOKEN, IBAN_TOKEN, "[", "]", "[[", "]]", "[1]", "[[wiki]]", "a", "to ", "é€", "\"q\"", "\\", "\n",
        "[[EMAIL:", "[[EMAIL:k1:AAAA]]").list().ofMaxSize(12);
  }

  @Property(tries = 300)
  void converseStreamTextIsRestoredWhateverTheCuts(@ForAll("fragments") List<String> fragments,
      @ForAll @IntRange(min = 1, max = 15) int eventSize, @ForAll @Size(max = 8) List<@IntRange(min = 1, max = 40) Integer> cuts)
      throws Exception {
    String text = String.join("", fragments);
    List<byte[]> frames = new ArrayList<>();
    frames.add(frame("messageStart", "{\"role\":\"assistant\"}"));
    for (String piece : pieces(text, eventSize)) {
      frames.add(frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":" + JSON.writeValueAsString(piece) + "},\"p\":\"abc\"}"));
    }
    frames.add(frame("contentBlockStop", "{\"contentBlockIndex\":0}"));
    frames.add(frame("messageStop", "{\"stopReason\":\"end_turn\"}"));
    byte[] in = concat(frames);

    byte[] out = pull(new EventStreamUnmaskingPublisher(publisher(cut(in, cuts)), () -> new ConverseStreamUnmasking(UNMASKER)));

    StringBuilder restored = new StringBuilder();
    List<String> types = new ArrayList<>();
    for (Message m : decode(out)) {
      String type = m.getHeaders().get(":event-type").getString();
      types.add(type);
      if (type.equals("contentBlockDelta")) {
        restored.append(JSON.readTree(m.getPayload()).at("/delta/text").asText());
      }
    }
    assertThat(restored.toString()).isEqualTo(UNMASKER.unmask(text));
    assertThat(types.subList(types.size() - 2, types.size())).containsExactly("contentBlockStop", "messageStop");
    if (text.indexOf('[') < 0) {
      assertThat(out).isEqualTo(in);
    }
  }

  @Property(tries = 300)
  void anthropicChunksAreRestoredWhateverTheCuts(@ForAll("fragments") List<String> fragments,
      @ForAll @IntRange(min = 1, max = 15) int eventSize, @ForAll @Size(max = 8) List<@IntRange(min = 1, max = 40) Integer> cuts)
      throws Exception {
    String text = String.join("", fragments);
    List<byte[]> frames = new ArrayList<>();
    for (String piece : pieces(text, eventSize)) {
      frames.add(chunk("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
          + JSON.writeValueAsString(piece) + "}}"));
    }
    frames.add(chunk("{\"type\":\"content_block_stop\",\"index\":0}"));
    frames.add(chunk("{\"type\":\"message_stop\"}"));
    byte[] in = concat(frames);

    byte[] out = pull(new EventStreamUnmaskingPublisher(publisher(cut(in, cuts)), () -> new InvokeStreamUnmasking(UNMASKER)));

    StringBuilder restored = new StringBuilder();
    List<String> types = new ArrayList<>();
    for (Message m : decode(out)) {
      JsonNode event = JSON.readTree(Base64.getDecoder().decode(JSON.readTree(m.getPayload()).get("bytes").asText()));
      types.add(event.get("type").asText());
      restored.append(event.at("/delta/text").asText());
    }
    assertThat(restored.toString()).isEqualTo(UNMASKER.unmask(text));
    assertThat(types.subList(types.size() - 2, types.size())).containsExactly("content_block_stop", "message_stop");
    if (text.indexOf('[') < 0) {
      assertThat(out).isEqualTo(in);
    }
  }

  @Test
  void passesGarbageAfterAValidFrameThroughUnchanged() {
    byte[] good = frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"x\"}}");
    byte[] in = concat(List.of(good, new byte[] {0, 0, 0, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}));

    byte[] out = pull(new EventStreamUnmaskingPublisher(publisher(cut(in, List.of(5))), () -> new ConverseStreamUnmasking(UNMASKER)));

    assertThat(out).isEqualTo(in);
  }

  // ---- helpers ----

  static List<String> pieces(String text, int size) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < text.length(); i += size) {
      out.add(text.substring(i, Math.min(text.length(), i + size)));
    }
    return out;
  }

  static byte[] frame(String eventType, String json) {
    Map<String, HeaderValue> h = new LinkedHashMap<>();
    h.put(":event-type", HeaderValue.fromString(eventType));
    h.put(":content-type", HeaderValue.fromString("application/json"));
    h.put(":message-type", HeaderValue.fromString("event"));
    ByteBuffer b = new Message(h, json.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  static byte[] chunk(String modelEvent) {
    return frame("chunk", "{\"bytes\":\"" + Base64.getEncoder().encodeToString(modelEvent.getBytes(StandardCharsets.UTF_8)) + "\"}");
  }

  static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  /** Cuts {@code in} into buffers of the given sizes, repeated; one buffer when there are none. */
  static List<ByteBuffer> cut(byte[] in, List<Integer> sizes) {
    List<ByteBuffer> out = new ArrayList<>();
    int i = 0;
    for (int k = 0; i < in.length; k++) {
      int n = sizes.isEmpty() ? in.length : Math.min(in.length - i, sizes.get(k % sizes.size()));
      out.add(ByteBuffer.wrap(in, i, n).slice().asReadOnlyBuffer());
      i += n;
    }
    return out;
  }

  static List<Message> decode(byte[] bytes) {
    MessageDecoder decoder = new MessageDecoder();
    decoder.feed(bytes);
    return decoder.getDecodedMessages();
  }

  /** A publisher of fixed buffers that honours demand and completes as soon as it has sent the last. */
  static Publisher<ByteBuffer> publisher(List<ByteBuffer> items) {
    return s -> s.onSubscribe(new Subscription() {
      int next;
      long demand;
      boolean emitting;
      boolean stopped;

      @Override
      public void request(long n) {
        demand += n;
        if (emitting) {
          return;
        }
        emitting = true;
        while (demand > 0 && next < items.size() && !stopped) {
          demand--;
          s.onNext(items.get(next++));
        }
        if (next == items.size() && !stopped) {
          stopped = true;
          s.onComplete();
        }
        emitting = false;
      }

      @Override
      public void cancel() {
        stopped = true;
      }
    });
  }

  /**
   * Subscribes and pulls one buffer per request, so the last buffer waits for demand after the
   * upstream has completed; returns every byte received.
   */
  static byte[] pull(Publisher<ByteBuffer> publisher) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Subscription[] subscription = new Subscription[1];
    boolean[] done = new boolean[1];
    publisher.subscribe(new Subscriber<ByteBuffer>() {
      @Override
      public void onSubscribe(Subscription s) {
        subscription[0] = s;
      }

      @Override
      public void onNext(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        out.writeBytes(bytes);
      }

      @Override
      public void onError(Throwable t) {
        throw new AssertionError(t);
      }

      @Override
      public void onComplete() {
        done[0] = true;
      }
    });
    for (int i = 0; i < 100_000 && !done[0]; i++) {
      subscription[0].request(1);
    }
    assertThat(done[0]).as("completed").isTrue();
    return out.toByteArray();
  }
}
