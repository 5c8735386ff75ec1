package dev.residency.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code residency}: check where targets resolve and whether a policy allows them, lint and
 * explain policies, mask and unmask text. Exit codes: 0 allowed / ok, 1 denied, 2 usage or policy
 * error.
 */
@Command(
    name = "residency",
    mixinStandardHelpOptions = true,
    version = "residency 0.1.0-SNAPSHOT",
    description = "Data-residency checks, policy linting and masking for people and CI pipelines.",
    subcommands = {
      CheckCommand.class,
      LintCommand.class,
      ExplainCommand.class,
      MaskCommand.class,
      UnmaskCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ResidencyCli {
  private ResidencyCli() {}

  /** Builds the command line with every subcommand, for {@link #main} and tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new ResidencyCli());
    cl.setOut(new MaskIo.StandardOutput(System.out));
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> reportFailure(ex, commandLine.getErr()));
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("residency: " + ex.getMessage());
          c.usage(c.getErr());
          return 2;
        });
    return cl;
  }

  /** Standard error as picocli writes it: in {@code sun.stderr.encoding} when set (a Windows console). */
  private static PrintWriter standardError() {
    String name = System.getProperty("sun.stderr.encoding");
    Charset charset = name != null && Charset.isSupported(name) ? Charset.forName(name) : Charset.defaultCharset();
    return new PrintWriter(new OutputStreamWriter(System.err, charset), true);
  }

  /** A command that failed with {@code ex}: its message, exit code 2. */
  static int reportFailure(Exception ex, PrintWriter err) {
    err.println("residency: " + ex.getMessage());
    return 2;
  }

  /**
   * Runs the CLI and exits with its code. {@code mask} and {@code unmask} with plain arguments run
   * without picocli's model ({@link PlainArgs}); everything else goes through {@link #commandLine()}.
   */
  public static void main(String[] args) {
    Integer plain = PlainArgs.run(args, new MaskIo.StandardOutput(System.out), standardError());
    System.exit(plain != null ? plain : commandLine().execute(args));
  }
}
