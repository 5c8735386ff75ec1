package dev.residency.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values labelled only by the header of a fixed-width table (a ward list, a payroll journal): the
 * header belongs to its block of lines, and where the scanner remembers the header of the last row
 * it looked up, a blank line or a new header between two lookups still decides.
 */
class FixedWidthTableTest {
  private final MaskingPipeline pipeline = MaskingPipeline.create(MaskingSettings.defaults());

  private String masked(String... lines) {
    return pipeline.mask(String.join("\n", lines), "redact").text();
  }

  @Test
  void aNumberUnderAnNhsHeaderIsMaskedAndTheSameNumberWithoutOneIsNot() {
    assertThat(masked("689 770 8445 JONES")).isEqualTo("689 770 8445 JONES");
    assertThat(masked(
        "NHS NUMBER    SURNAME   WARD",
        "689 770 8445  JONES     B4",
        "401 023 2137  PATEL     C1"))
        .isEqualTo(String.join("\n",
            "NHS NUMBER    SURNAME   WARD",
            "[UK_NHS]  JONES     B4",
            "[UK_NHS]  PATEL     C1"));
  }

  @Test
  void eachBlockOfLinesHasItsOwnHeader() {
    // a different number in each block: a number seen once as an NHS number is masked wherever it recurs
    assertThat(masked(
        "NHS NUMBER    SURNAME   WARD",
        "689 770 8445  JONES     B4",
        "",
        "REF NUMBER    SURNAME   WARD", // another header: the cached one no longer applies
        "945 807 3022  JONES     B4",
        "",
        "157 368 1938  JONES     B4", // no header at all after the blank line
        "",
        "NHS NUMBER    SURNAME   WARD",
        "401 023 2137  PATEL     C1"))
        .isEqualTo(String.join("\n",
            "NHS NUMBER    SURNAME   WARD",
            "[UK_NHS]  JONES     B4",
            "",
            "REF NUMBER    SURNAME   WARD",
            "945 807 3022  JONES     B4",
            "",
            "157 368 1938  JONES     B4",
            "",
            "NHS NUMBER    SURNAME   WARD",
            "[UK_NHS]  PATEL     C1"));
  }

  @Test
  void aLongTableKeepsItsHeaderAcrossRowsWithNothingToLookUp() {
    List<String> lines = new ArrayList<>();
    lines.add("SURNAME       NHS NUMBER    WARD");
    lines.add("JONES         689 770 8445  B4");
    for (int i = 0; i < 200; i++) {
      lines.add("PATEL         (discharged)  C" + (i % 9)); // rows without a number: no lookup
    }
    lines.add("SMITH         401 023 2137  C1");
    String out = masked(lines.toArray(String[]::new));

    assertThat(out).contains("JONES         [UK_NHS]  B4").contains("SMITH         [UK_NHS]  C1");
  }

  @Test
  void aNumberOutsideTheLabelledColumnIsNotTakenForIt() {
    assertThat(masked(
        "NHS NUMBER    SURNAME   BED NUMBER",
        "689 770 8445  JONES     401 023 2137"))
        .isEqualTo(String.join("\n",
            "NHS NUMBER    SURNAME   BED NUMBER",
            "[UK_NHS]  JONES     401 023 2137"));
  }
}
