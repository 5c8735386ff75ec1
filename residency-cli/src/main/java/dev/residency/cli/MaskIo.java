package dev.residency.cli;

import dev.residency.ResidencyPolicy;
import dev.residency.mask.MaskingPipeline;
import dev.residency.mask.MaskingSettings;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
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

  /** The output file, or the command's standard output (not closed). */
  static Writer writer(Path output, PrintWriter out) throws UsageError {
    if (output == null) {
      return new BufferedWriter(out, 1 << 16) {
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
