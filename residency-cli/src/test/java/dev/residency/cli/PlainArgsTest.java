package dev.residency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@link PlainArgs} takes only what picocli parses to the same values, declines the rest, runs
 * with picocli's exit codes and messages, and keeps picocli's command model out of the process.
 */
class PlainArgsTest {
  @TempDir
  Path dir;

  /** What a parsed mask or unmask command holds, comparable. */
  record Parsed(Path policy, String strategy, Path input, Path output, boolean spans) {
    static Parsed of(MaskCommand c) {
      return new Parsed(c.policy, c.strategy, c.input, c.output, c.spans);
    }

    static Parsed of(UnmaskCommand c) {
      return new Parsed(c.policy, null, c.input, c.output, false);
    }
  }

  private static final List<String> VOCABULARY = List.of(
      "mask", "unmask", "check", "--policy", "--strategy", "--input", "--output", "--spans", "--help", "-h",
      "--version", "-V", "--", "-", "@args.txt", "--policy=p.yaml", "--input=in.txt", "--output=", "--spans=true",
      "--strategy=token", "--bogus", "--Input", "-input", "in.txt", "out.txt", "p.yaml", "redact", "token", "a=b",
      "mask", "", " ", "x\u0000y", "--input=--output", "--policy=@p");

  @Provide
  Arbitrary<List<String>> argVectors() {
    Arbitrary<String> first = Arbitraries.of("mask", "unmask", "mask", "unmask", "check", "--help");
    return first.flatMap(f -> Arbitraries.of(VOCABULARY).list().ofMaxSize(7).map(rest -> {
      List<String> all = new ArrayList<>();
      all.add(f);
      all.addAll(rest);
      return all;
    }));
  }

  @Property(tries = 3000)
  void whatIsTakenParsesToTheSameValuesThroughPicocli(@ForAll("argVectors") List<String> args) {
    String[] a = args.toArray(String[]::new);
    String[] rest = args.subList(1, args.size()).toArray(String[]::new);

    MaskCommand plainMask = PlainArgs.mask(a);
    if (plainMask != null) {
      MaskCommand picocli = new MaskCommand();
      new CommandLine(picocli).parseArgs(rest); // throws if picocli would refuse what was taken
      assertThat(Parsed.of(plainMask)).isEqualTo(Parsed.of(picocli));
    }
    UnmaskCommand plainUnmask = PlainArgs.unmask(a);
    if (plainUnmask != null) {
      UnmaskCommand picocli = new UnmaskCommand();
      new CommandLine(picocli).parseArgs(rest);
      assertThat(Parsed.of(plainUnmask)).isEqualTo(Parsed.of(picocli));
    }
    Statistics.label("taken").collect(plainMask != null || plainUnmask != null);
  }

  @Test
  void takesPlainOptionsInBothForms() {
    MaskCommand m = PlainArgs.mask(new String[] {
      "mask", "--policy=p.yaml", "--strategy", "token", "--input", "in.txt", "--output=out.txt", "--spans"});
    assertThat(m).isNotNull();
    assertThat(Parsed.of(m)).isEqualTo(new Parsed(Path.of("p.yaml"), "token", Path.of("in.txt"), Path.of("out.txt"), true));
    assertThat(Parsed.of(PlainArgs.mask(new String[] {"mask"}))).isEqualTo(new Parsed(null, null, null, null, false));
    assertThat(Parsed.of(PlainArgs.unmask(new String[] {"unmask", "--input", "a b.txt"})))
        .isEqualTo(new Parsed(null, null, Path.of("a b.txt"), null, false));
  }

  @Test
  void leavesEverythingElseToPicocli() {
    List<String[]> declined = List.of(
        new String[] {},
        new String[] {"check", "--input", "x"},
        new String[] {"mask", "--help"},
        new String[] {"mask", "-h"},
        new String[] {"mask", "--version"},
        new String[] {"mask", "--bogus"},
        new String[] {"mask", "--input"},
        new String[] {"mask", "--input", "a", "--input", "b"},
        new String[] {"mask", "--input", "a", "--input=b"},
        new String[] {"mask", "--spans", "--spans"},
        new String[] {"mask", "--spans=true"},
        new String[] {"mask", "@args.txt"},
        new String[] {"mask", "--input", "@in.txt"},
        new String[] {"mask", "--input", "-"},
        new String[] {"mask", "--input", "--output"},
        new String[] {"mask", "--input="},
        new String[] {"mask", "--", "--input", "x"},
        new String[] {"mask", "--input", "a\u0000b"},
        new String[] {"MASK"},
        new String[] {"unmask", "--strategy", "token"},
        new String[] {"unmask", "--spans"});
    for (String[] args : declined) {
      assertThat(PlainArgs.mask(args)).as(String.join(" ", args)).isNull();
      assertThat(PlainArgs.unmask(args)).as(String.join(" ", args)).isNull();
    }
  }

  @Test
  void leavesArgumentsToPicocliWhenAPicocliSystemPropertyChangesItsParsing() {
    String[] args = {"mask", "--input", "\"in.txt\""};
    assertThat(PlainArgs.mask(args)).isNotNull();
    System.setProperty("picocli.trimQuotes", "true"); // picocli would read "in.txt" as in.txt
    try {
      assertThat(PlainArgs.mask(args)).isNull();
    } finally {
      System.clearProperty("picocli.trimQuotes");
    }
  }

  @Test
  void runsWithPicocliExitCodesOutputAndMessages() throws Exception {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "mail alice@example.com\nno pii\n");
    Path badPolicy = dir.resolve("bad.yaml");
    Files.writeString(badPolicy, "masking:\n  default: shred\n");
    List<String[]> cases = List.of(
        new String[] {"mask", "--input", in.toString()},
        new String[] {"mask", "--input", in.toString(), "--strategy", "shred"},
        new String[] {"mask", "--input", dir.resolve("missing.txt").toString()},
        new String[] {"mask", "--policy", badPolicy.toString(), "--input", in.toString()},
        new String[] {"mask", "--spans", "--input", in.toString()},
        new String[] {"unmask", "--input", in.toString()},
        new String[] {"unmask", "--policy", dir.resolve("nope.yaml").toString(), "--input", in.toString()});
    for (String[] args : cases) {
      StringWriter plainOut = new StringWriter();
      StringWriter plainErr = new StringWriter();
      Integer plainCode = PlainArgs.run(args, new PrintWriter(plainOut, true), new PrintWriter(plainErr, true));

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cl = ResidencyCli.commandLine();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      int code = cl.execute(args);

      String what = String.join(" ", args);
      assertThat(plainCode).as(what).isEqualTo(code);
      assertThat(plainOut.toString()).as(what).isEqualTo(out.toString());
      assertThat(plainErr.toString()).as(what).isEqualTo(err.toString());
    }
  }

  @Test
  void anUnexpectedFailureIsReportedAsPicocliReportsIt() throws Exception {
    StringWriter err = new StringWriter();
    Path key = dir.resolve("k1.key");
    byte[] secret = new byte[32];
    for (int i = 0; i < secret.length; i++) {
      secret[i] = (byte) (i * 13 + 7);
    }
    Files.writeString(key, java.util.Base64.getEncoder().encodeToString(secret));
    Path policy = dir.resolve("keys.yaml");
    Files.writeString(policy, "residency: {}\nmasking:\n  keys:\n    current: k1\n    k1: { file: k1.key }\n");
    // a directory as input: the command's own code throws, not the argument parser
    Integer code = PlainArgs.run(new String[] {"unmask", "--policy", policy.toString(), "--input", dir.toString()},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("residency: ");
  }

  @Test
  void aPlainMaskRunLoadsNoneOfPicocliModel() throws Exception {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "mail alice@example.com\n");
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xlog:class+load=info",
        "-cp", System.getProperty("java.class.path"), ResidencyCli.class.getName(),
        "mask", "--input", in.toString(), "--output", dir.resolve("out.txt").toString());
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).isZero();
    assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("mail [EMAIL]\n");
    assertThat(log).contains("dev.residency.cli.MaskCommand").doesNotContain("picocli.CommandLine$Model");
  }

  @Test
  void picocliStillServesHelp() {
    StringWriter out = new StringWriter();
    CommandLine cl = ResidencyCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    assertThat(PlainArgs.run(new String[] {"mask", "--help"}, null, null)).isNull();
    assertThat(cl.execute("mask", "--help")).isZero();
    assertThat(out.toString()).contains("--strategy").contains("--spans");
  }
}
