package dev.residency.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyLoadingTest {
  @TempDir
  Path dir;

  @Test
  void loadsABase64KeyFromAFileWithTrailingWhitespace() throws Exception {
    Path f = dir.resolve("k1");
    Files.writeString(f, TestKeys.base64(TestKeys.K1) + "\n");
    MaskingPipeline fromFile = MaskingPipeline.create(MaskingSettings.builder()
        .addKey("k1", MaskingSettings.KeySource.file(f.toString())).setCurrentKeyId("k1").build());
    MaskingPipeline fromBytes = MaskingPipeline.create(MaskingSettings.builder()
        .addKey("k1", MaskingSettings.KeySource.bytes(TestKeys.K1)).setCurrentKeyId("k1").build());

    String token = fromFile.maskValue("alice@example.com", "EMAIL", "token");

    assertThat(fromBytes.unmasker().unmask(token)).isEqualTo("alice@example.com");
  }

  @Test
  void acceptsA32ByteSecret() {
    MaskingPipeline p = MaskingPipeline.create(MaskingSettings.builder()
        .addKey("k3", MaskingSettings.KeySource.bytes(TestKeys.K32)).setCurrentKeyId("k3").build());

    String token = p.maskValue("alice@example.com", "EMAIL", "token");

    assertThat(p.unmasker().unmask(token)).isEqualTo("alice@example.com");
  }

  @Test
  void namesTheKeyIdAndVariableWhenAnEnvironmentVariableIsMissing() {
    MaskingSettings s = MaskingSettings.builder()
        .addKey("k2", MaskingSettings.KeySource.env("RESIDENCY_TEST_KEY_THAT_IS_NOT_SET_42")).setCurrentKeyId("k2").build();

    assertThatThrownBy(() -> MaskingPipeline.create(s)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'k2'").hasMessageContaining("RESIDENCY_TEST_KEY_THAT_IS_NOT_SET_42");
  }

  @Test
  void namesTheKeyIdAndFileWhenAFileIsMissing() {
    String path = dir.resolve("nope").toString();
    MaskingSettings s = MaskingSettings.builder()
        .addKey("k1", MaskingSettings.KeySource.file(path)).setCurrentKeyId("k1").build();

    assertThatThrownBy(() -> MaskingPipeline.create(s)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'k1'").hasMessageContaining(path);
  }

  @Test
  void neverPutsKeyMaterialInExceptionMessages() throws Exception {
    String almostBase64 = TestKeys.base64(TestKeys.K1).substring(0, 40) + "-!" + "SECRETPART";
    Path bad = dir.resolve("bad");
    Files.writeString(bad, almostBase64);
    String shortKey = TestKeys.base64(TestKeys.bytes(16, 9));
    Path small = dir.resolve("small");
    Files.writeString(small, shortKey);

    for (Path f : new Path[] {bad, small}) {
      MaskingSettings s = MaskingSettings.builder()
          .addKey("k1", MaskingSettings.KeySource.file(f.toString())).setCurrentKeyId("k1").build();
      Throwable t = catchThrowable(() -> MaskingPipeline.create(s));

      assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k1'");
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      String everything = trace.toString();
      assertThat(everything).doesNotContain("SECRETPART").doesNotContain(almostBase64.substring(0, 12))
          .doesNotContain(shortKey.substring(0, 12)).doesNotContain("2d").doesNotContain("'-'");
    }
    byte[] wrongLength = TestKeys.bytes(48, 4);
    MaskingSettings s = MaskingSettings.builder()
        .addKey("k9", MaskingSettings.KeySource.bytes(wrongLength)).setCurrentKeyId("k9").build();
    assertThat(catchThrowable(() -> MaskingPipeline.create(s)))
        .hasMessageContaining("'k9'").hasMessageContaining("48 bytes")
        .hasMessageNotContaining(TestKeys.base64(wrongLength).substring(0, 8));
  }

  @Test
  void rejectsKeyIdsThatCannotAppearInATokenAtCreate() {
    MaskingSettings s = MaskingSettings.builder()
        .addKey("k:1", MaskingSettings.KeySource.bytes(TestKeys.K1)).setCurrentKeyId("k:1").build();

    assertThatThrownBy(() -> MaskingPipeline.create(s)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k:1");
  }

  @Test
  void neverShowsKeysInToString() {
    MaskingPipeline p = MaskingPipeline.create(TestKeys.withK2().build());

    String shown = p.toString() + p.settings() + p.settings().keys();

    assertThat(shown).contains("k2").doesNotContain(TestKeys.base64(TestKeys.K2).substring(0, 8));
  }
}
