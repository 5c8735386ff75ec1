package dev.residency.cli;

import dev.residency.mask.MaskingPipeline;
import dev.residency.mask.StreamingUnmasker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code residency unmask}: restores reversible tokens made with the policy's keys. */
@Command(
    name = "unmask",
    mixinStandardHelpOptions = true,
    description = {
      "Restores reversible tokens ([[TYPE:keyId:...]]) made with the policy's keys (stdin to stdout by default),"
          + " streaming, in constant memory. Tokens that do not authenticate are left as they are.",
      "Exit 0 when done, 2 on a usage or policy error (a policy without masking.keys, or none, included)."
    })
final class UnmaskCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Output and error writers when run without picocli ({@link PlainArgs}); else the command line's. */
  PrintWriter out;
  PrintWriter err;

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (YAML or JSON) naming the keys (required: masking.keys).")
  Path policy;

  @Option(names = "--input", paramLabel = "FILE", description = "Input file (default: stdin).")
  Path input;

  @Option(names = "--output", paramLabel = "FILE", description = "Output file (default: stdout).")
  Path output;

  @Override
  public Integer call() throws IOException {
    try {
      MaskingPipeline pipeline = MaskIo.pipeline(policy);
      if (pipeline.settings().keys().isEmpty()) {
        // Without keys the pipeline holds a random key of this process only: no token made by
        // another run authenticates under it, so every token would be echoed unchanged, exit 0.
        throw new MaskIo.UsageError("unmask needs the keys the tokens were made with, and "
            + (policy == null ? "no --policy was given" : policy + " configures no masking.keys")
            + ": give --policy FILE with masking.keys");
      }
      StreamingUnmasker unmasker = pipeline.unmasker().streaming();
      try (Reader in = MaskIo.reader(input); Writer out = MaskIo.writer(output, out())) {
        char[] buf = new char[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
          out.write(unmasker.push(new String(buf, 0, n)));
        }
        out.write(unmasker.finish());
      }
      return 0;
    } catch (MaskIo.UsageError e) {
      err().println("residency: " + e.getMessage());
      return 2;
    }
  }

  private PrintWriter out() {
    return spec != null ? spec.commandLine().getOut() : out;
  }

  private PrintWriter err() {
    return spec != null ? spec.commandLine().getErr() : err;
  }
}
