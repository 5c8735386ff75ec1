package dev.residency.cli;

import dev.residency.ResidencyPolicy;
import dev.residency.mask.MaskingPipeline;
import dev.residency.mask.MaskingSettings;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared plumbing of {@code mask} and {@code unmask}: policy, input and output. */
final class MaskIo {
  /** Thrown for a usage or policy error: exit 2 with the message. */
  static final class UsageError extends Exception {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }

  private MaskIo() {}

  /** The masking pipeline of the policy in {@code file}, or of the default settings without one. */
  static MaskingPipeline pipeline(Path file) throws UsageError {
    try {
      MaskingSettings settings = file == null ? MaskingSettings.defaults() : ResidencyPolicy.load(file).masking();
      return MaskingPipeline.create(settings);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new UsageError(e.getMessage());
    }
  }

  static Reader reader(Path input) throws UsageError {
    if (input == null) {
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
    }
    try {
      return Files.newBufferedReader(input, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageError("cannot read " + input + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** The input file, or standard input (not closed), as bytes. */
  static InputStream input(Path input) throws UsageError {
    if (input == null) {
      return new FilterInputStream(System.in) {
        @Override
        public void close() {}
      };
    }
    try {
      return Files.newInputStream(input);
    } catch (IOException e) {
      throw new UsageError("cannot read " + input + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * The output file, or standard output (not closed), as UTF-8 bytes. When the command's output
   * writer is not the process's standard output (an embedding program or a test set its own),
   * bytes go to that writer instead, decoded; they are then written whole lines or pieces at a
   * time, never a character split between two writes.
   */
  static OutputStream output(Path output, PrintWriter out) throws UsageError {
    if (output == null) {
      if (out instanceof StandardOutput) {
        out.flush();
        return new BufferedOutputStream(((StandardOutput) out).stream, 1 << 16) {
          @Override
          public void close() throws IOException {
            flush();
          }
        };
      }
      return new OutputStream() {
        @Override
        public void write(int b) {
          throw new UnsupportedOperationException("whole characters only");
        }

        @Override
        public void write(byte[] b, int off, int len) {
          out.write(new String(b, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
          out.flush();
        }
      };
    }
    try {
      return new BufferedOutputStream(Files.newOutputStream(output), 1 << 16);
    } catch (IOException e) {
      throw new UsageError("cannot write " + output + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** The CLI's own standard output writer, which lets {@code mask} write bytes to the stream under it. */
  static final class StandardOutput extends PrintWriter {
    private final OutputStream stream;

    StandardOutput(PrintStream stream) {
      super(stream, true);
      this.stream = stream;
    }
  }

  /**
   * The output file, or the command's standard output (not closed), UTF-8 like the input: written
   * through the platform's default charset, a C locale turned every restored accent into '?'.
   */
  static Writer writer(Path output, PrintWriter out) throws UsageError {
    if (output == null) {
      Writer target = out;
      if (out instanceof StandardOutput) {
        out.flush();
        target = new OutputStreamWriter(((StandardOutput) out).stream, StandardCharsets.UTF_8);
      }
      return new BufferedWriter(target, 1 << 16) {
        @Override
        public void close() throws IOException {
          flush();
        }
      };
    }
    try {
      return new BufferedWriter(
          new OutputStreamWriter(Files.newOutputStream(output), StandardCharsets.UTF_8), 1 << 16);
    } catch (IOException e) {
      throw new UsageError("cannot write " + output + " (" + e.getClass().getSimpleName() + ")");
    }
  }
}
