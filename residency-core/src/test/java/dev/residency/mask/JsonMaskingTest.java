package dev.residency.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.mask.MaskingSettings.FieldRule;
import dev.residency.mask.MaskingSettings.FieldRule.Target;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonMaskingTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String DOC = "{\"customer\":{\"name\":\"Alice\",\"iban\":\"DE89370400440532013000\","
      + "\"contacts\":[{\"email\":\"alice@example.com\"},{\"note\":\"or alice@work.example\"}],"
      + "\"card\":4111111111111234,\"age\":41,\"vip\":true,\"fax\":null},"
      + "\"items\":[[\"mail bob@example.org\"],{\"ssn\":\"123-45-6789\",\"n\":1.50}],\"total\":12.5}";

  private final MaskingPipeline pipeline = MaskingPipeline.create(TestKeys.withK2()
      .addRule(FieldRule.of(Target.FIELD, "name", "redact"))
      .addRule(FieldRule.of(Target.POINTER, "/customer/iban", "partial"))
      .addRule(FieldRule.of(Target.FIELD, "CARD", "partial"))
      .addRule(FieldRule.of(Target.POINTER, "/items/*/ssn", "hash"))
      .addRule(FieldRule.of(Target.FIELD, "age", "redact"))
      .build());

  @Test
  void masksFieldsPointersAndDetectedValuesKeepingValidJson() throws Exception {
    MaskResult result = pipeline.maskJson(DOC, "redact");

    JsonNode out = MAPPER.readTree(result.text());
    assertThat(out.at("/customer/name").asText()).isEqualTo("[FIELD]");
    assertThat(out.at("/customer/iban").asText()).isEqualTo("******************3000");
    assertThat(out.at("/customer/contacts/0/email").asText()).isEqualTo("[EMAIL]");
    assertThat(out.at("/customer/contacts/1/note").asText()).isEqualTo("or [EMAIL]");
    assertThat(out.at("/customer/card").isTextual()).isTrue();
    assertThat(out.at("/customer/card").asText()).isEqualTo("************1234");
    assertThat(out.at("/customer/age").asText()).isEqualTo("[FIELD]");
    assertThat(out.at("/customer/vip").asBoolean()).isTrue();
    assertThat(out.at("/customer/fax").isNull()).isTrue();
    assertThat(out.at("/items/0/0").asText()).isEqualTo("mail [EMAIL]");
    assertThat(out.at("/items/1/ssn").asText()).matches("\\[FIELD:hash:k2:[0-9a-f]{16}]");
    assertThat(out.at("/items/1/n").decimalValue()).isEqualByComparingTo("1.50");
    assertThat(out.at("/total").asDouble()).isEqualTo(12.5);
    assertThat(result.counts()).isEqualTo(Map.of(
        "FIELD:redact", 2, "IBAN:partial", 1, "EMAIL:redact", 3, "FIELD:partial", 1, "FIELD:hash", 1));
  }

  @Test
  void masksEveryScalarInsideAnObjectOrArrayNamedByARule() throws Exception {
    MaskingPipeline p = MaskingPipeline.create(TestKeys.withK2()
        .addRule(FieldRule.of(Target.FIELD, "address", "redact"))
        .addRule(FieldRule.of(Target.POINTER, "/phones", "partial"))
        .build());

    MaskResult result = p.maskJson(
        "{\"address\":{\"street\":\"Main 1\",\"geo\":[52.5,13.4]},\"phones\":[\"+49 30 1234567\"],\"ok\":\"x\"}", "redact");

    JsonNode out = MAPPER.readTree(result.text());
    assertThat(out.at("/address/street").asText()).isEqualTo("[FIELD]");
    assertThat(out.at("/address/geo/1").asText()).isEqualTo("[FIELD]");
    assertThat(out.at("/phones/0").asText()).isEqualTo("+** ** ***4567");
    assertThat(out.at("/ok").asText()).isEqualTo("x");
  }

  @Test
  void tokensInJsonUnmaskBackToTheOriginalStrings() throws Exception {
    MaskResult result = pipeline.maskJson(DOC, "token");

    String restored = pipeline.unmasker().unmask(result.text());

    JsonNode out = MAPPER.readTree(restored);
    assertThat(out.at("/customer/contacts/0/email").asText()).isEqualTo("alice@example.com");
    assertThat(out.at("/customer/contacts/1/note").asText()).isEqualTo("or alice@work.example");
  }

  @Test
  void pointersHonourRfc6901Escapes() throws Exception {
    MaskingPipeline p = MaskingPipeline.create(TestKeys.withK2()
        .addRule(FieldRule.of(Target.POINTER, "/a~1b/m~0n", "redact")).build());

    MaskResult result = p.maskJson("{\"a/b\":{\"m~n\":\"secret\",\"other\":\"keep\"}}", "redact");

    assertThat(MAPPER.readTree(result.text()).get("a/b").get("m~n").asText()).isEqualTo("[FIELD]");
    assertThat(MAPPER.readTree(result.text()).get("a/b").get("other").asText()).isEqualTo("keep");
  }

  @Test
  void leavesOtherStringsAloneWhenScanStringsIsOff() throws Exception {
    MaskingPipeline p = MaskingPipeline.create(TestKeys.withK2().setScanStrings(false)
        .addRule(FieldRule.of(Target.FIELD, "email", "redact")).build());

    MaskResult result = p.maskJson("{\"email\":\"a@example.com\",\"note\":\"b@example.com\"}", "redact");

    assertThat(result.text()).isEqualTo("{\"email\":\"[EMAIL]\",\"note\":\"b@example.com\"}");
  }

  @Test
  void escapesMaskedValuesProperly() throws Exception {
    MaskResult result = pipeline.maskJson("{\"q\":\"say \\\"hi\\\" to alice@example.com\\n\"}", "redact");

    assertThat(MAPPER.readTree(result.text()).get("q").asText()).isEqualTo("say \"hi\" to [EMAIL]\n");
  }

  @Test
  void streamsBodiesAndSequencesOfRootValues() throws Exception {
    String lines = "{\"name\":\"A\"}\n[\"x@example.com\"]\n\"c@example.com\"\n7";
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    Map<String, Integer> counts = pipeline.maskJson(
        new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), out, "redact");

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"[FIELD]\"}\n[\"[EMAIL]\"]\n\"[EMAIL]\"\n7");
    assertThat(counts).isEqualTo(Map.of("FIELD:redact", 1, "EMAIL:redact", 2));
  }

  @Test
  void rejectsInvalidJsonWithoutQuotingIt() {
    assertThatThrownBy(() -> pipeline.maskJson("{\"a\": alice@example.com}", "redact"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1")
        .hasMessageNotContaining("alice");
  }

  @Test
  void keepsLargeNumbersExactly() throws Exception {
    String doc = "{\"big\":123456789012345678901234567890.123456789,\"i\":98765432109876543210}";

    MaskResult result = pipeline.maskJson(doc, "redact");

    assertThat(result.text()).isEqualTo(doc);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1E5", "1e5", "-0", "-0.0", "0.1e-7", "1e400", "-1e-400", "1.50", "0.10E+010", "-12.000",
      "123456789012345678901234567890", "9007199254740993", "1E-0"})
  void copiesNumbersAsTheirOriginalText(String number) throws Exception {
    String doc = "{\"n\":" + number + ",\"a\":[" + number + ",{\"m\":" + number + "}]}\n" + number;

    MaskResult result = pipeline.maskJson(doc, "redact");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    pipeline.maskJson(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)), out, "redact");

    assertThat(result.text()).isEqualTo(doc);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(doc);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n", " \t\r\n "})
  void refusesEmptyOrBlankInputAsNotJson(String blank) {
    assertThatThrownBy(() -> pipeline.maskJson(blank, "redact"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not valid JSON");
    assertThatThrownBy(() -> pipeline.maskJson(
        new ByteArrayInputStream(blank.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), "redact"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not valid JSON");
  }
}
