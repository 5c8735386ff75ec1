package dev.residency.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Appends one JSON object per line to a file, rotating to {@code file.1} ... {@code file.N} when it
 * reaches a size.
 *
 * <p>Each line goes out in one {@code write} of the whole line, so a crash never leaves half a
 * line in the middle of the file; a torn tail left by a full disk or power loss is cut off when
 * the sink next opens the file. Thread-safe (writes are serialized).
 */
final class JsonLinesAuditSink implements AuditSink, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final long maxBytes;
  private final int keep;
  private FileChannel channel;
  private long size;

  JsonLinesAuditSink(Path file, long maxBytes, int keep) {
    if (maxBytes < 1024) {
      throw new IllegalArgumentException("maxBytes must be >= 1024, got " + maxBytes);
    }
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be >= 1, got " + keep);
    }
    this.file = file.toAbsolutePath();
    this.maxBytes = maxBytes;
    this.keep = keep;
  }

  @Override
  public synchronized void accept(AuditEvent event) {
    byte[] line;
    try {
      line = (JSON.writeValueAsString(event.toMap()) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      if (channel == null) {
        open();
      }
      if (size > 0 && size + line.length > maxBytes) {
        rotate();
      }
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        size += channel.write(buf);
      }
    } catch (IOException e) {
      // Drop the channel so the next event reopens (and repairs) the file: the sink recovers once
      // the disk has room again.
      closeQuietly();
      throw new UncheckedIOException("audit file write failed: " + file, e);
    }
  }

  private void open() throws IOException {
    Path parent = file.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    long length = channel.size();
    long keepUpTo = length;
    // Cut a torn last line: find the last '\n' and truncate after it.
    if (length > 0) {
      ByteBuffer one = ByteBuffer.allocate(1);
      long pos = length - 1;
      while (pos >= 0) {
        one.clear();
        channel.read(one, pos);
        if (one.get(0) == '\n') {
          break;
        }
        pos--;
      }
      keepUpTo = pos + 1;
      if (keepUpTo < length) {
        channel.truncate(keepUpTo);
      }
    }
    channel.position(keepUpTo);
    size = keepUpTo;
  }

  private void rotate() throws IOException {
    channel.close();
    channel = null;
    for (int i = keep - 1; i >= 1; i--) {
      Path from = rotated(i);
      if (Files.exists(from)) {
        Files.move(from, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
    open();
  }

  private Path rotated(int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }

  private void closeQuietly() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing; the caller gets the original error
      }
      channel = null;
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }
}
