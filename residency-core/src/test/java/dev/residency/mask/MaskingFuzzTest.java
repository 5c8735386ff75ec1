package dev.residency.mask;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.residency.InvalidPolicyException;
import dev.residency.ResidencyPolicy;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of JSON masking, unmasking and policy parsing with Jazzer. A normal build
 * runs only the kept inputs under {@code src/test/resources/dev/residency/mask/MaskingFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
class MaskingFuzzTest {
  private static final MaskingPipeline PIPELINE = MaskingPipeline.create(TestKeys.withK2()
      .addRule(MaskingSettings.FieldRule.of(MaskingSettings.FieldRule.Target.FIELD, "name", "token"))
      .build());

  @FuzzTest(maxDuration = "30s")
  void maskJsonEmitsJsonOrRefusesWithIllegalArgumentException(byte[] data) {
    String json = new String(data, StandardCharsets.UTF_8);
    MaskResult r;
    try {
      r = PIPELINE.maskJson(json, "token");
    } catch (IllegalArgumentException e) {
      return;
    }
    assertThat(parsesAsJsonValues(r.text())).as(r.text()).isTrue();
    assertThat(PIPELINE.unmasker().unmask(r.text())).isNotNull();
  }

  @FuzzTest(maxDuration = "30s")
  void unmaskNeverThrowsAndChangesNothingWithoutAToken(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);

    String out = PIPELINE.unmasker().unmask(text);

    if (!text.contains("[[")) {
      assertThat(out).isEqualTo(text);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void policyTextParsesOrFailsWithInvalidPolicyException(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    try {
      ResidencyPolicy.parse(text, "fuzz.yaml");
    } catch (InvalidPolicyException e) {
      assertThat(e.line()).as(e.getMessage()).isPositive();
    }
  }

  private static boolean parsesAsJsonValues(String s) {
    try (JsonParser p = new JsonFactory().createParser(s)) {
      while (p.nextToken() != null) {
        p.skipChildren();
      }
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
