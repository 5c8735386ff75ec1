package dev.residency.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residency.audit.AuditEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskingStrategiesTest {
  private final MaskingPipeline pipeline = MaskingPipeline.create(TestKeys.withK2().build());

  @Test
  void redactsDetectedEmailsWithTheirType() {
    String text = "Write to alice@example.com or bob@example.org.";

    MaskResult result = pipeline.mask(text, "redact");

    assertThat(result.text()).isEqualTo("Write to [EMAIL] or [EMAIL].");
    assertThat(result.counts()).isEqualTo(Map.of("EMAIL:redact", 2));
    assertThat(result.total()).isEqualTo(2);
    assertThat(result.changed()).isTrue();
  }

  @Test
  void usesTheDefaultStrategyWithoutOne() {
    MaskingPipeline hashing = MaskingPipeline.create(TestKeys.withK2().setDefaultStrategy("hash").build());

    MaskResult result = hashing.mask("mail alice@example.com");

    assertThat(result.text()).matches("mail \\[EMAIL:hash:k2:[0-9a-f]{16}]");
    assertThat(result.counts()).containsOnlyKeys("EMAIL:hash");
  }

  @Test
  void leavesTextWithoutFindingsUnchanged() {
    MaskResult result = pipeline.mask("nothing personal here", "token");

    assertThat(result.text()).isEqualTo("nothing personal here");
    assertThat(result.changed()).isFalse();
  }

  @Test
  void partialKeepsTheLastFourLettersOrDigitsAndTheSeparators() {
    assertThat(pipeline.maskValue("4111 1111 1111 1234", "CREDIT_CARD", "partial")).isEqualTo("**** **** **** 1234");
    assertThat(pipeline.maskValue("DE89 3704 0044 0532 0130 00", "IBAN", "partial"))
        .isEqualTo("**** **** **** **** **30 00");
    assertThat(pipeline.maskValue("+49 (30) 1234-5678", "PHONE", "partial")).isEqualTo("+** (**) ****-5678");
    assertThat(pipeline.maskValue("alice@example.com", "EMAIL", "partial")).isEqualTo("*****@******e.com");
  }

  @Test
  void partialNeverShowsMoreThanHalfOfAShortValue() {
    assertThat(pipeline.maskValue("1234", "COLUMN", "partial")).isEqualTo("**34");
    assertThat(pipeline.maskValue("ab", "COLUMN", "partial")).isEqualTo("*b");
    assertThat(pipeline.maskValue("x", "COLUMN", "partial")).isEqualTo("*");
    assertThat(pipeline.maskValue("", "COLUMN", "partial")).isEmpty();
  }

  @Test
  void partialCountsSupplementaryCharactersOnce() {
    String value = "\uD835\uDFD9\uD835\uDFDA" + "12345678"; // two mathematical digits, then eight digits

    String masked = pipeline.maskValue(value, "COLUMN", "partial");

    assertThat(masked).isEqualTo("******5678");
  }

  @Test
  void hashIsKeyedTypedAndStable() {
    MaskingPipeline sameKey = MaskingPipeline.create(TestKeys.withK2().build());
    MaskingPipeline otherKey = MaskingPipeline.create(MaskingSettings.builder()
        .addKey("k2", MaskingSettings.KeySource.bytes(TestKeys.K1)).setCurrentKeyId("k2").build());

    String h = pipeline.maskValue("alice@example.com", "EMAIL", "hash");

    assertThat(h).matches("\\[EMAIL:hash:k2:[0-9a-f]{16}]");
    assertThat(sameKey.maskValue("alice@example.com", "EMAIL", "hash")).isEqualTo(h);
    assertThat(otherKey.maskValue("alice@example.com", "EMAIL", "hash")).isNotEqualTo(h);
    assertThat(pipeline.maskValue("alice@example.com", "COLUMN", "hash").substring(8))
        .isNotEqualTo(h.substring(7));
    assertThat(pipeline.maskValue("alice@example.org", "EMAIL", "hash")).isNotEqualTo(h);
  }

  @Test
  void tokenIsDeterministicAsciiAndSelfDelimiting() {
    String t = pipeline.maskValue("alice@example.com", "EMAIL", "token");

    assertThat(t).matches("\\[\\[EMAIL:k2:[a-z2-7]+]]");
    assertThat(pipeline.maskValue("alice@example.com", "EMAIL", "token")).isEqualTo(t);
    assertThat(pipeline.maskValue("alice@example.net", "EMAIL", "token")).isNotEqualTo(t);
  }

  @Test
  void rejectsUnknownStrategiesAndTypesOutsideTheTokenAlphabet() {
    assertThatThrownBy(() -> pipeline.mask("x", "shred")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shred");
    assertThatThrownBy(() -> pipeline.maskValue("x", "e-mail", "token")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void buildsAnAuditEventWithCountsOnly() {
    MaskResult result = pipeline.mask("alice@example.com, bob@example.com", "token");
    Instant now = Instant.parse("2026-11-24T03:00:00Z");

    AuditEvent event = result.toAuditEvent(now, "llm.prompt");

    assertThat(event.type()).isEqualTo(AuditEvent.Type.MASKING);
    assertThat(event.maskCounts()).isEqualTo(Map.of("EMAIL:token", 2));
    assertThat(event.context()).isEqualTo("llm.prompt");
    assertThat(event.toString()).doesNotContain("alice").doesNotContain("[[");
    assertThat(result.toString()).doesNotContain("alice");
  }
}
