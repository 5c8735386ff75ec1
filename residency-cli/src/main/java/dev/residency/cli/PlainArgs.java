package dev.residency.cli;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Runs {@code mask} and {@code unmask} without building picocli's command model, when their
 * arguments are plain: known long options, each at most once, as {@code --name value} or
 * {@code --name=value}, with values that cannot be read as anything else.
 *
 * <p>Why: these two commands sit in shell pipelines and batch jobs, and picocli's reflective model
 * of all five subcommands cost about 0.15 s of wall time and 0.25 s of CPU before the first byte
 * was read (a bare JVM starts in 0.06 s). Anything that is not plain (help, version, an unknown or
 * repeated option, a missing value, an {@code @argument-file}, {@code --}, a value that starts with
 * {@code -} or {@code @}, a path the file system refuses, a {@code picocli.*} system property) is
 * declined, and picocli parses the arguments as it always did, so usage text and error messages
 * keep one source. {@code PlainArgsTest} checks that whatever is taken here parses to the same
 * values through picocli.
 */
final class PlainArgs {
  private static final Set<String> MASK_VALUES = Set.of("--policy", "--strategy", "--input", "--output");
  private static final Set<String> MASK_FLAGS = Set.of("--spans");
  private static final Set<String> UNMASK_VALUES = Set.of("--policy", "--input", "--output");

  private PlainArgs() {}

  /**
   * Runs the command when {@code args} name {@code mask} or {@code unmask} with plain arguments
   * and returns its exit code, or returns null when picocli must parse {@code args}.
   */
  static Integer run(String[] args, PrintWriter out, PrintWriter err) {
    MaskCommand mask = mask(args);
    if (mask != null) {
      mask.out = out;
      mask.err = err;
      return call(mask::call, err);
    }
    UnmaskCommand unmask = unmask(args);
    if (unmask != null) {
      unmask.out = out;
      unmask.err = err;
      return call(unmask::call, err);
    }
    return null;
  }

  /** {@code mask} with its options set from {@code args}, or null if they are not plain. */
  static MaskCommand mask(String[] args) {
    Map<String, String> o = options(args, "mask", MASK_VALUES, MASK_FLAGS);
    if (o == null) {
      return null;
    }
    Path[] files = files(o);
    if (files == null) {
      return null;
    }
    MaskCommand c = new MaskCommand();
    c.policy = files[0];
    c.input = files[1];
    c.output = files[2];
    c.strategy = o.get("--strategy");
    c.spans = o.containsKey("--spans");
    return c;
  }

  /** {@code unmask} with its options set from {@code args}, or null if they are not plain. */
  static UnmaskCommand unmask(String[] args) {
    Map<String, String> o = options(args, "unmask", UNMASK_VALUES, Set.of());
    if (o == null) {
      return null;
    }
    Path[] files = files(o);
    if (files == null) {
      return null;
    }
    UnmaskCommand c = new UnmaskCommand();
    c.policy = files[0];
    c.input = files[1];
    c.output = files[2];
    return c;
  }

  /** The options after {@code args[0] == command}, by name ("true" for a flag), or null. */
  private static Map<String, String> options(String[] args, String command, Set<String> valued, Set<String> flags) {
    if (args.length == 0 || !args[0].equals(command) || picocliConfigured()) {
      return null;
    }
    Map<String, String> found = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      String name;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0 && valued.contains(arg.substring(0, eq))) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (valued.contains(arg) && i + 1 < args.length) {
        name = arg;
        value = args[++i];
      } else if (flags.contains(arg)) {
        name = arg;
        value = "true";
      } else {
        return null;
      }
      if (!plainValue(value) || found.put(name, value) != null) {
        return null;
      }
    }
    return found;
  }

  /** Whether a {@code picocli.*} system property (trimQuotes, at-file handling...) changes its parsing. */
  private static boolean picocliConfigured() {
    return System.getProperties().stringPropertyNames().stream().anyMatch(k -> k.startsWith("picocli."));
  }

  /** A value picocli could only take as itself: not empty, not option-like, not an argument file. */
  private static boolean plainValue(String value) {
    return !value.isEmpty() && value.charAt(0) != '-' && value.charAt(0) != '@';
  }

  /** {@code --policy}, {@code --input} and {@code --output} as paths (null when absent), or null if one is refused. */
  private static Path[] files(Map<String, String> options) {
    try {
      return new Path[] {path(options.get("--policy")), path(options.get("--input")), path(options.get("--output"))};
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private static Path path(String value) {
    return value == null ? null : Path.of(value);
  }

  /** A command's {@code call}, with a failure reported as picocli's handler in ResidencyCli does. */
  private static int call(java.util.concurrent.Callable<Integer> command, PrintWriter err) {
    try {
      return command.call();
    } catch (Exception e) {
      return ResidencyCli.reportFailure(e, err);
    }
  }
}
