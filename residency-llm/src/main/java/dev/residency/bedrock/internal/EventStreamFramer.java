package dev.residency.bedrock.internal;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * Internal, may change without notice. Cuts an AWS event stream ({@code
 * application/vnd.amazon.eventstream}) into frames, whatever the buffer boundaries, and lets an
 * {@link Events} handler replace a frame by others. A frame the handler leaves alone is copied
 * byte for byte, so a stream without tokens leaves exactly as it came. Frames are {@code total
 * length (4) | headers length (4) | prelude CRC32 (4) | headers | payload | message CRC32 (4)}; a
 * frame that does not decode (bad length or CRC) switches the rest of the stream to a raw copy, so
 * the SDK's own decoder reports the damage. Not thread-safe: one per response.
 */
public final class EventStreamFramer {
  /** A frame's prelude (12) plus its CRC (4). */
  private static final int MIN_FRAME = 16;
  /** Well above the 16 MiB payload and 128 KiB headers the format allows, so only garbage trips it. */
  private static final int MAX_FRAME = 24 * 1024 * 1024;

  /** Sees every decoded frame of one stream, in order. */
  public interface Events {
    /**
     * Returns the frames to send in place of {@code message}, or null to send the original bytes.
     * The list may contain {@code message} itself, which then also stands for its original bytes.
     */
    List<Message> onMessage(Message message);

    /** Returns frames to send after the last one (text still held back); usually empty. */
    List<Message> onEnd();
  }

  private final Events events;
  private byte[] buf = new byte[4096];
  private int len;
  private boolean raw;

  /** One per stream. */
  public EventStreamFramer(Events events) {
    this.events = events;
  }

  /** Takes the next piece of the body; returns what may go on now (possibly nothing). */
  public ByteBuffer feed(ByteBuffer in) {
    Out out = new Out(in.remaining() + 64);
    if (raw) {
      out.write(in);
      return out.toByteBuffer();
    }
    append(in);
    int pos = 0;
    while (len - pos >= 4) {
      int total = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
      if (total < MIN_FRAME || total > MAX_FRAME) {
        raw = true;
        break;
      }
      if (len - pos < total) {
        break;
      }
      if (!frame(pos, total, out)) {
        raw = true;
        break;
      }
      pos += total;
    }
    if (raw) {
      out.write(buf, pos, len - pos);
      len = 0;
    } else if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, len - pos);
      len -= pos;
    }
    return out.toByteBuffer();
  }

  /**
   * Ends the stream: the handler's last frames, then any bytes of an incomplete frame unchanged
   * (a truncated body stays truncated for the SDK to report).
   */
  public ByteBuffer end() {
    Out out = new Out(len + 64);
    if (!raw) {
      for (Message m : events.onEnd()) {
        m.encode(out);
      }
    }
    out.write(buf, 0, len);
    len = 0;
    return out.toByteBuffer();
  }

  private boolean frame(int pos, int total, Out out) {
    Message m;
    try {
      m = Message.decode(ByteBuffer.wrap(buf, pos, total).slice());
    } catch (IllegalArgumentException | BufferUnderflowException e) {
      return false;
    }
    List<Message> replaced = events.onMessage(m);
    if (replaced == null) {
      out.write(buf, pos, total);
      return true;
    }
    for (Message r : replaced) {
      if (r == m) {
        out.write(buf, pos, total);
      } else {
        r.encode(out);
      }
    }
    return true;
  }

  private void append(ByteBuffer in) {
    int n = in.remaining();
    if (len + n > buf.length) {
      byte[] bigger = new byte[Math.max(buf.length * 2, len + n)];
      System.arraycopy(buf, 0, bigger, 0, len);
      buf = bigger;
    }
    in.get(buf, len, n);
    len += n;
  }

  /** The value of a string header, or null. */
  static String header(Message m, String name) {
    HeaderValue v = m.getHeaders().get(name);
    return v == null ? null : v.getString();
  }

  /** Headers of an event frame as Bedrock sends them. */
  static Map<String, HeaderValue> eventHeaders(String eventType) {
    Map<String, HeaderValue> h = new LinkedHashMap<>();
    h.put(":event-type", HeaderValue.fromString(eventType));
    h.put(":content-type", HeaderValue.fromString("application/json"));
    h.put(":message-type", HeaderValue.fromString("event"));
    return h;
  }

  /**
   * Whether a JSON payload may hold a token or the start of one: {@code [[} anywhere, or {@code [}
   * closing a string (a token's first half). UTF-8 continuation bytes never equal these ASCII bytes.
   */
  static boolean mayStartToken(byte[] json) {
    for (int i = 0; i < json.length - 1; i++) {
      if (json[i] == '[' && (json[i + 1] == '[' || json[i + 1] == '"')) {
        return true;
      }
    }
    return false;
  }

  /** A byte sink that hands its array over without a copy. */
  private static final class Out extends ByteArrayOutputStream {
    Out(int size) {
      super(size);
    }

    void write(ByteBuffer in) {
      int n = in.remaining();
      ensure(n);
      in.get(buf, count, n);
      count += n;
    }

    private void ensure(int n) {
      if (count + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + n));
      }
    }

    ByteBuffer toByteBuffer() {
      return ByteBuffer.wrap(buf, 0, count);
    }
  }
}
