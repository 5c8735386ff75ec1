package dev.residency.mask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.mask.MaskingSettings.CustomDetector;
import dev.residency.mask.internal.DetectionEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Custom regex (with validators) and dictionary detectors. */
class CustomDetectorsTest {

  private static List<String> found(DetectionEngine e, String text) {
    return e.detect(text).stream().map(s -> s.type() + ":" + text.substring(s.start(), s.end())).toList();
  }

  @Test
  void regexDetectorRunsAsGiven() {
    DetectionEngine e = DetectionEngine.create(MaskingSettings.builder().addDetector("EMAIL")
        .addCustomDetector(CustomDetector.regex("EMPLOYEE_ID", "EMP-\\d{6}", "none")).build());

    assertThat(found(e, "ticket by EMP-123456 (a@b.co)")).containsExactly("EMPLOYEE_ID:EMP-123456", "EMAIL:a@b.co");
  }

  @Test
  void luhnValidatorDropsFailingMatches() {
    DetectionEngine e = DetectionEngine.create(MaskingSettings.builder().addDetector("EMAIL")
        .addCustomDetector(CustomDetector.regex("LOYALTY", "L\\d{16}", "luhn")).build());

    assertThat(found(e, "L4111111111111111 L4111111111111112")).containsExactly("LOYALTY:L4111111111111111");
  }

  @Test
  void mod97AndMod11Validators() {
    DetectionEngine e = DetectionEngine.create(MaskingSettings.builder().addDetector("EMAIL")
        .addCustomDetector(CustomDetector.regex("ACCT", "[A-Z]{2}\\d{2}[A-Z0-9]{10,30}", "mod97"))
        .addCustomDetector(CustomDetector.regex("NHSLIKE", "\\b\\d{10}\\b", "mod11")).build());

    assertThat(found(e, "XX GB82WEST12345698765432 GB82WEST12345698765433 9434765919 9434765918"))
        .containsExactly("ACCT:GB82WEST12345698765432", "NHSLIKE:9434765919");
  }

  @Test
  void dictionaryMatchesCaseInsensitivelyOnWordBoundaries() {
    DetectionEngine e = DetectionEngine.create(MaskingSettings.builder().addDetector("EMAIL")
        .addCustomDetector(CustomDetector.terms("PROJECT", List.of("Blue Falcon", "orion"))).build());

    assertThat(found(e, "blue falcon and ORION, not orions or xorion; Orion."))
        .containsExactly("PROJECT:blue falcon", "PROJECT:ORION", "PROJECT:Orion");
  }
}
