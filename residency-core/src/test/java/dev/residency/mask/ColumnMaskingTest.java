package dev.residency.mask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.mask.MaskingSettings.FieldRule;
import dev.residency.mask.MaskingSettings.FieldRule.Target;
import org.junit.jupiter.api.Test;

class ColumnMaskingTest {
  private final MaskingPipeline pipeline = MaskingPipeline.create(TestKeys.withK2()
      .addRule(FieldRule.of(Target.COLUMN, "crm.customers.iban", "partial"))
      .addRule(FieldRule.of(Target.COLUMN, "customers.email", "token"))
      .addRule(FieldRule.of(Target.COLUMN, "*.ssn*", "hash"))
      .addRule(FieldRule.of(Target.COLUMN, "full_name", "redact"))
      .build());

  @Test
  void matchesSchemaTableColumnCaseInsensitively() {
    String masked = pipeline.maskColumn("CRM.Customers.IBAN", "iban", "DE89370400440532013000");

    assertThat(masked).isEqualTo("******************3000");
  }

  @Test
  void matchesTableColumnAsASuffixAndDerivesTheTypeFromTheColumnName() {
    String masked = pipeline.maskColumn("public.customers.email", "email", "alice@example.com");

    assertThat(masked).startsWith("[[EMAIL:k2:");
    assertThat(pipeline.unmasker().unmask(masked)).isEqualTo("alice@example.com");
  }

  @Test
  void matchesWildcardsWithinSegmentsAndUsesTheGenericTypeOtherwise() {
    String masked = pipeline.maskColumn("hr.staff.ssn_number", "ssn_number", "123-45-6789");

    assertThat(masked).matches("\\[COLUMN:hash:k2:[0-9a-f]{16}]");
  }

  @Test
  void matchesASingleSegmentAgainstTheLabel() {
    String masked = pipeline.maskColumn(null, "FULL_NAME", "Alice Example");

    assertThat(masked).isEqualTo("[COLUMN]");
  }

  @Test
  void doesNotMatchAPatternLongerThanWhatTheDriverKnows() {
    // No rule matches, and scanning finds nothing personal in this value: it stays as it is.
    String masked = pipeline.maskColumn("customers.iban", "iban", "account pending");

    assertThat(masked).isEqualTo("account pending");
  }

  @Test
  void scansUnmatchedColumnsWithTheDefaultStrategy() {
    String masked = pipeline.maskColumn("crm.notes.body", "body", "call alice@example.com");

    assertThat(masked).isEqualTo("call [EMAIL]");
  }

  @Test
  void leavesUnmatchedColumnsAloneWhenScanStringsIsOff() {
    MaskingPipeline p = MaskingPipeline.create(TestKeys.withK2().setScanStrings(false).build());

    assertThat(p.maskColumn("crm.notes.body", "body", "call alice@example.com")).isEqualTo("call alice@example.com");
    assertThat(p.maskColumn("crm.notes.body", "body", null)).isNull();
  }
}
