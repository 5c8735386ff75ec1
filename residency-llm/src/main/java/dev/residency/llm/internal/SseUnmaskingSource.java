package dev.residency.llm.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.BufferedSource;
import okio.Source;
import okio.Timeout;

/**
 * Internal, may change without notice. An okio {@link Source} over a {@code text/event-stream}
 * body that rewrites each event's {@code data:} through {@link SseUnmasking} and passes every other
 * line through unchanged. Reads one event at a time, so the caller still sees each event as soon
 * as the server sends it.
 */
final class SseUnmaskingSource implements Source {
  private final BufferedSource upstream;
  private final SseUnmasking unmasking;
  private final Buffer ready = new Buffer();
  private boolean done;

  SseUnmaskingSource(BufferedSource upstream, SseUnmasking unmasking) {
    this.upstream = upstream;
    this.unmasking = unmasking;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    while (ready.size() == 0) {
      if (done) {
        return -1;
      }
      readEvent();
    }
    return ready.read(sink, Math.min(byteCount, ready.size()));
  }

  /** Reads lines up to and including the blank line that ends an event, or to end of stream. */
  private void readEvent() throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder data = null;
    int dataAt = -1;
    while (true) {
      String line = upstream.readUtf8Line();
      if (line == null) {
        done = true;
        break;
      }
      if (line.isEmpty()) {
        break;
      }
      if (line.startsWith("data:")) {
        String value = line.substring(line.length() > 5 && line.charAt(5) == ' ' ? 6 : 5);
        if (data == null) {
          data = new StringBuilder(value);
          dataAt = lines.size();
          lines.add(null);
        } else {
          data.append('\n').append(value);
        }
      } else {
        lines.add(line);
      }
    }
    if (data != null) {
      String value = data.toString();
      if (value.equals("[DONE]")) {
        writeFlush();
      }
      lines.set(dataAt, "data: " + unmasking.data(value));
    } else if (done) {
      writeFlush();
    }
    if (lines.isEmpty()) {
      return;
    }
    for (String l : lines) {
      ready.writeUtf8(l).writeByte('\n');
    }
    ready.writeByte('\n');
  }

  /** Emits what the unmasker still holds as extra events, before {@code [DONE]} or the end. */
  private void writeFlush() {
    for (String extra : unmasking.finish()) {
      ready.writeUtf8("data: ").writeUtf8(extra).writeUtf8("\n\n");
    }
  }

  @Override
  public Timeout timeout() {
    return upstream.timeout();
  }

  @Override
  public void close() throws IOException {
    upstream.close();
  }
}
