package dev.residency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MaskCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Object command, String... args) {
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private Path policyWithKey() throws Exception {
    byte[] key = new byte[64];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 13 + 7);
    }
    Files.writeString(dir.resolve("k1.key"), Base64.getEncoder().encodeToString(key));
    Path policy = dir.resolve("residency.yaml");
    Files.writeString(policy, String.join("\n",
        "residency:",
        "  allow:",
        "    jurisdictions: [EU]",
        "masking:",
        "  default: partial",
        "  keys:",
        "    current: k1",
        "    k1: { file: k1.key }",
        ""));
    return policy;
  }

  @Test
  void masksTextLineByLineKeepingLineEndings() throws Exception {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "a alice@example.com\r\nno pii\n\nlast bob@example.org");

    int code = run(new MaskCommand(), "--input", in.toString());

    assertThat(code).isZero();
    assertThat(out.toString()).isEqualTo("a [EMAIL]\r\nno pii\n\nlast [EMAIL]");
  }

  @Test
  void usesThePolicyDefaultAndWritesToAFile() throws Exception {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "mail alice@example.com\n");
    Path target = dir.resolve("out.txt");

    int code = run(new MaskCommand(), "--policy", policyWithKey().toString(), "--input", in.toString(),
        "--output", target.toString());

    assertThat(code).isZero();
    assertThat(Files.readString(target)).isEqualTo("mail *****@******e.com\n");
  }

  @Test
  void tokensFromMaskAreRestoredByUnmask() throws Exception {
    Path policy = policyWithKey();
    Path in = dir.resolve("in.txt");
    String original = "to alice@example.com, cc bob@example.org\nbye\n";
    Files.writeString(in, original);
    Path masked = dir.resolve("masked.txt");
    Path restored = dir.resolve("restored.txt");

    int maskCode = run(new MaskCommand(), "--policy", policy.toString(), "--strategy", "token",
        "--input", in.toString(), "--output", masked.toString());
    int unmaskCode = run(new UnmaskCommand(), "--policy", policy.toString(), "--input", masked.toString(),
        "--output", restored.toString());

    assertThat(maskCode).isZero();
    assertThat(unmaskCode).isZero();
    assertThat(Files.readString(masked)).contains("[[EMAIL:k1:").doesNotContain("alice");
    assertThat(Files.readString(restored)).isEqualTo(original);
  }

  @Test
  void reportsSpansWithUtf16OffsetsAndVerbatimIds() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, String.join("\n",
        "{\"id\": 1, \"text\": \"mail alice@example.com\"}",
        "{\"id\": \"b\", \"text\": \"\uD83D\uDE00 bob@example.org and c@example.com\"}",
        "{\"id\": {\"k\": [1.50]}, \"text\": \"nothing\"}",
        ""), StandardCharsets.UTF_8);

    int code = run(new MaskCommand(), "--spans", "--input", in.toString());

    assertThat(code).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("{\"id\":1,\"spans\":[{\"start\":5,\"end\":22,\"type\":\"EMAIL\"}]}");
    JsonNode second = JSON.readTree(lines.get(1));
    assertThat(second.get("id").asText()).isEqualTo("b");
    assertThat(second.get("spans").get(0).get("start").asInt()).isEqualTo(3);
    assertThat(second.get("spans").get(0).get("end").asInt()).isEqualTo(18);
    assertThat(second.get("spans")).hasSize(2);
    assertThat(lines.get(2)).isEqualTo("{\"id\":{\"k\":[1.50]},\"spans\":[]}");
  }

  @Test
  void processesEverySpansLineReportingMalformedOnesInPlaceAndExitsOne() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, String.join("\n",
        "{\"id\": 1, \"text\": \"a\"}",
        "{\"id\": 2}",
        "{\"id\": 3, \"text\": \"mail alice@example.com",
        "",
        "[\"bob@example.org\"]",
        "{\"id\": 5, \"text\": \"mail carol@example.net\"}",
        ""));

    int code = run(new MaskCommand(), "--spans", "--input", in.toString());

    assertThat(code).isEqualTo(1);
    assertThat(out.toString().lines()).containsExactly(
        "{\"id\":1,\"spans\":[]}",
        "{\"id\":2,\"line\":2,\"error\":\"expected an object with a string \\\"text\\\"\"}",
        "{\"id\":null,\"line\":3,\"error\":\"not valid JSON\"}",
        "{\"id\":null,\"line\":5,\"error\":\"expected an object with a string \\\"text\\\"\"}",
        "{\"id\":5,\"spans\":[{\"start\":5,\"end\":22,\"type\":\"EMAIL\"}]}");
    assertThat(err.toString().lines()).containsExactly(
        "residency: " + in + " line 2: expected an object with a string \"text\"",
        "residency: " + in + " line 3: not valid JSON",
        "residency: " + in + " line 5: expected an object with a string \"text\"");
    assertThat(err.toString()).doesNotContain("alice", "bob");
  }

  @Test
  void rejectsAStrategyWithSpansAsAUsageError() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, "{\"id\": 1, \"text\": \"a\"}\n");

    int code = run(new MaskCommand(), "--spans", "--strategy", "token", "--input", in.toString());

    assertThat(code).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).isEqualTo("residency: --strategy does not apply to --spans (spans are reported, nothing is masked)"
        + System.lineSeparator());
  }

  @Test
  void exitsTwoWithTheMessageOnABadPolicy() throws Exception {
    Path policy = dir.resolve("bad.yaml");
    Files.writeString(policy, "residency:\n  allow:\n    jurisdictions: [EU]\nmasking:\n  default: shred\n");

    int code = run(new MaskCommand(), "--policy", policy.toString(), "--input", policy.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("residency:").contains("shred");
  }

  @Test
  void exitsTwoNamingTheVariableWhenAKeyIsMissing() throws Exception {
    Path policy = dir.resolve("nokey.yaml");
    Files.writeString(policy, "residency:\n  allow:\n    jurisdictions: [EU]\nmasking:\n  keys:\n    current: k9\n    k9: { env: RESIDENCY_CLI_TEST_UNSET_KEY }\n");

    int code = run(new UnmaskCommand(), "--policy", policy.toString(), "--input", policy.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("k9").contains("RESIDENCY_CLI_TEST_UNSET_KEY");
  }

  @Test
  void exitsTwoOnAnUnknownStrategyOrMissingInput() {
    int unknown = run(new MaskCommand(), "--strategy", "shred", "--input", "x");
    int missing = run(new MaskCommand(), "--input", dir.resolve("missing.txt").toString());

    assertThat(unknown).isEqualTo(2);
    assertThat(missing).isEqualTo(2);
    assertThat(err.toString()).contains("shred").contains("missing.txt");
  }

  @Test
  void masksAVeryLongLineInPieces() throws Exception {
    Path in = dir.resolve("long.txt");
    String unit = "word alice@example.com ";
    int repeats = (MaskCommand.MAX_LINE * 2) / unit.length() + 1;
    Files.writeString(in, unit.repeat(repeats));

    int code = run(new MaskCommand(), "--input", in.toString());

    assertThat(code).isZero();
    assertThat(out.toString()).isEqualTo("word [EMAIL] ".repeat(repeats));
  }

  @Test
  void readsStandardInputByDefault() {
    java.io.InputStream saved = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream("hi alice@example.com\n".getBytes(StandardCharsets.UTF_8)));

      int code = run(new MaskCommand(), "--strategy", "redact");

      assertThat(code).isZero();
      assertThat(out.toString()).isEqualTo("hi [EMAIL]\n");
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void everyCommandWritesUtf8ToStandardOutputWhateverTheDefaultCharset() throws Exception {
    Path policy = policyWithKey();
    String text = "Zo\u00eb <zo\u00eb@example.com>\n";
    Path in = dir.resolve("in.txt");
    Files.writeString(in, text);
    assertThat(run(new MaskCommand(), "--policy", policy.toString(), "--strategy", "token", "--input", in.toString())).isZero();
    String masked = out.toString();
    assertThat(masked).contains("[[EMAIL:k1:");

    assertThat(childStdout(text, "mask", "--policy", policy.toString(), "--strategy", "redact"))
        .isEqualTo("Zo\u00eb <[EMAIL]>\n");
    assertThat(childStdout(masked, "unmask", "--policy", policy.toString())).isEqualTo(text);
    assertThat(childStdout("{\"id\":\"Zo\u00eb\",\"text\":\"x\"}\n", "mask", "--spans"))
        .isEqualTo("{\"id\":\"Zo\u00eb\",\"spans\":[]}\n");
  }

  private static String childStdout(String stdin, String... args) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dfile.encoding=US-ASCII",
        "-cp", System.getProperty("java.class.path"), ResidencyCli.class.getName()));
    command.addAll(java.util.List.of(args));
    Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (java.io.OutputStream w = child.getOutputStream()) {
      w.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    byte[] stdout = child.getInputStream().readAllBytes();
    assertThat(child.waitFor(1, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).isZero();
    return new String(stdout, StandardCharsets.UTF_8);
  }

  @Test
  void unmaskLeavesTextWithoutValidTokensByteForByte() throws Exception {
    Path in = dir.resolve("plain.txt");
    String text = "a [1] b [[wiki]] c [[EMAIL:k1:notatokenpayloadatallxxxxxxxxxxxxx]]\r\nend [";
    Files.writeString(in, text);

    int code = run(new UnmaskCommand(), "--policy", policyWithKey().toString(), "--input", in.toString());

    assertThat(code).isZero();
    assertThat(out.toString()).isEqualTo(text);
  }

  @Test
  void unmaskWithoutKeysIsAnErrorInsteadOfEchoingEveryToken() throws Exception {
    Path tokens = dir.resolve("tok.txt");
    Files.writeString(tokens, "mail [[EMAIL:local:mlpysnrpbowwvit6iqbtfuc6zc2nnrwegg2r6m2shpv75r5jzyt64]]\n");
    Path noKeys = dir.resolve("nokeys.yaml");
    Files.writeString(noKeys, "residency:\n  allow:\n    jurisdictions: [EU]\nmasking:\n  default: token\n");

    int withoutPolicy = run(new UnmaskCommand(), "--input", tokens.toString());
    int withoutKeys = run(new UnmaskCommand(), "--policy", noKeys.toString(), "--input", tokens.toString());

    assertThat(withoutPolicy).isEqualTo(2);
    assertThat(withoutKeys).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines()).hasSize(2).allSatisfy(line ->
        assertThat(line).startsWith("residency: unmask needs the keys").contains("--policy FILE with masking.keys"));
    assertThat(err.toString()).contains("nokeys.yaml configures no masking.keys");
  }

  @Test
  void maskWithTokensOrHashesButNoKeysWarnsOnStandardError() throws Exception {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "mail alice@example.com\n");

    int token = run(new MaskCommand(), "--strategy", "token", "--input", in.toString());
    int hash = run(new MaskCommand(), "--strategy", "hash", "--input", in.toString());

    assertThat(token).isZero();
    assertThat(hash).isZero();
    assertThat(out.toString()).contains("[[EMAIL:").doesNotContain("alice");
    assertThat(err.toString().lines()).containsExactly(
        "residency: warning: no masking.keys configured, so token uses a random key of this run only: no other run"
            + " (residency unmask included) can restore these tokens; give --policy FILE with masking.keys",
        "residency: warning: no masking.keys configured, so hash uses a random key of this run only: the same value"
            + " hashes differently in another run; give --policy FILE with masking.keys");
  }

  @Test
  void maskWithKeysOrWithoutTokensDoesNotWarn() throws Exception {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "mail alice@example.com\n");

    run(new MaskCommand(), "--policy", policyWithKey().toString(), "--strategy", "token", "--input", in.toString());
    run(new MaskCommand(), "--strategy", "redact", "--input", in.toString());

    assertThat(err.toString()).isEmpty();
  }
}
