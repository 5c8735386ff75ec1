package dev.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residency.mask.MaskingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyLoadingTest {
  static final String DESIGN_EXAMPLE = String.join("\n",
      "residency:",
      "  home: aws:eu-central-1          # where this service runs",
      "  allow:",
      "    jurisdictions: [EU]",
      "  unknown: deny",
      "  mode: enforce",
      "  endpoints:",
      "    - host: \"myres.openai.azure.com\"",
      "      region: azure:swedencentral",
      "    - cidr: 10.20.0.0/16",
      "      region: aws:eu-central-1",
      "    - host: localhost",
      "      region: aws:eu-central-1",
      "  exceptions:",
      "    - host: status.example.com",
      "      reason: \"no personal data\"",
      "      expires: 2027-06-30",
      "masking:",
      "  detectors: [EMAIL, PHONE, CREDIT_CARD, IBAN, IP_ADDRESS, NATIONAL_ID, SECRET]",
      "  default: redact",
      "  llm: token",
      "  keys:",
      "    current: k2",
      "    k2: { env: RESIDENCY_KEY_K2 }",
      "    k1: { file: /run/secrets/residency-k1 }",
      "audit:",
      "  sink: jsonl:audit/decisions.jsonl",
      "");

  @Test
  void loadsTheDesignDocumentExample(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("residency.yaml");
    Files.writeString(file, DESIGN_EXAMPLE);

    ResidencyPolicy p = ResidencyPolicy.load(file);

    assertThat(p.home().id()).isEqualTo("aws:eu-central-1");
    assertThat(p.allowJurisdictions()).containsExactly(Jurisdiction.of("EU"));
    assertThat(p.allowedCountries()).hasSize(27).contains("DE", "FR", "IE");
    assertThat(p.mode()).isEqualTo(Mode.ENFORCE);
    assertThat(p.endpoints()).hasSize(3);
    assertThat(p.endpoints().get(1).cidr()).isEqualTo("10.20.0.0/16");
    assertThat(p.endpoints().get(2).id()).isEqualTo("residency.endpoints[2]");
    assertThat(p.exceptions().get(0).expires()).hasToString("2027-06-30");
    MaskingSettings m = p.masking();
    assertThat(m.detectors()).contains("EMAIL", "US_SSN", "NL_BSN", "JWT", "API_KEY").doesNotContain("NATIONAL_ID");
    assertThat(m.llmStrategy()).isEqualTo("token");
    assertThat(m.currentKeyId()).isEqualTo("k2");
    assertThat(m.keys()).containsKeys("k1", "k2");
    assertThat(p.auditSink()).isEqualTo("jsonl:audit/decisions.jsonl");
  }

  @Test
  void acceptsJson() {
    ResidencyPolicy p = ResidencyPolicy.parse(
        "{\"residency\": {\"allow\": {\"countries\": [\"DE\", \"fr\"]}, \"mode\": \"report-only\", \"unknown\": \"allow\"}}", "p.json");

    assertThat(p.allowCountries()).containsExactly("DE", "FR");
    assertThat(p.mode()).isEqualTo(Mode.REPORT_ONLY);
    assertThat(p.unknown()).isEqualTo(ResidencyPolicy.UnknownAction.ALLOW);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "typo in a key          | residency:\\n  allow:\\n    jurisdiction: [EU]\\n        | 3 | residency.allow.jurisdiction | did you mean 'jurisdictions'",
      "unknown region code    | residency:\\n  home: aws:eu-west-9\\n                     | 2 | residency.home               | unknown region 'aws:eu-west-9'",
      "unknown jurisdiction   | residency:\\n  allow:\\n    jurisdictions: [EU, XX]\\n   | 3 | residency.allow.jurisdictions[1] | unknown jurisdiction 'XX'",
      "not a country          | residency:\\n  allow:\\n    countries: [DE, ZZ]\\n       | 3 | residency.allow.countries[1] | ISO 3166",
      "bad mode               | residency:\\n  mode: block\\n                             | 2 | residency.mode               | expected enforce or report-only",
      "bad unknown action     | residency:\\n  unknown: maybe\\n                          | 2 | residency.unknown            | expected deny or allow",
      "endpoint without region| residency:\\n  endpoints:\\n    - host: db.example\\n    | 3 | residency.endpoints[0]        | needs 'region'",
      "endpoint two subjects  | residency:\\n  endpoints:\\n    - host: a\\n      cidr: 10.0.0.0/8\\n      region: aws:eu-central-1\\n | 3 | residency.endpoints[0] | exactly one of host, cidr or resource",
      "bad cidr               | residency:\\n  endpoints:\\n    - cidr: 10.0.0.1/8\\n      region: aws:eu-central-1\\n | 3 | residency.endpoints[0].cidr | host bits",
      "bad deployment type    | residency:\\n  endpoints:\\n    - host: r.openai.azure.com\\n      region: azure:swedencentral\\n      deployments: {gpt: Turbo}\\n | 5 | residency.endpoints[0].deployments.gpt | unknown deployment type",
      "exception without date | residency:\\n  exceptions:\\n    - host: a.example\\n      reason: r\\n | 3 | residency.exceptions[0] | needs 'expires'",
      "exception bad date     | residency:\\n  exceptions:\\n    - host: a.example\\n      reason: r\\n      expires: soon\\n | 5 | residency.exceptions[0].expires | YYYY-MM-DD",
      "unknown detector       | residency: {}\\nmasking:\\n  detectors: [EMAIL, SSN]\\n   | 3 | masking.detectors[1]          | unknown detector 'SSN'",
      "unknown strategy       | residency: {}\\nmasking:\\n  default: scramble\\n          | 3 | masking.default               | unknown strategy 'scramble'",
      "current key missing    | residency: {}\\nmasking:\\n  keys:\\n    current: k9\\n    k1: {env: K1}\\n | 3 | masking.keys | current key 'k9'",
      "bad audit sink         | residency: {}\\naudit:\\n  sink: syslog\\n                  | 3 | audit.sink                    | unknown audit sink",
      "duplicate key          | residency:\\n  mode: enforce\\n  mode: report-only\\n        | 3 | residency.mode               | duplicate key",
      "unknown top-level      | residency: {}\\nresidence: {}\\n                          | 2 | residence                    | did you mean 'residency'",
      "missing residency      | audit:\\n  sink: slf4j\\n                                | 1 | residency                    | missing the 'residency' section",
      "yaml syntax error      | residency:\\n  allow: [EU\\n                              | 2 | (syntax)                     | while parsing a flow sequence",
  })
  void errorsNameFileLineAndKey(String name, String yaml, int line, String key, String problem) {
    String text = yaml.replace("\\n", "\n");

    assertThatThrownBy(() -> ResidencyPolicy.parse(text, "policy.yaml"))
        .isInstanceOfSatisfying(InvalidPolicyException.class, e -> {
          assertThat(e.source()).isEqualTo("policy.yaml");
          assertThat(e.line()).isEqualTo(line);
          assertThat(e.key()).isEqualTo(key);
          assertThat(e.getMessage()).startsWith("policy.yaml:" + line + ": " + key + ": ").contains(problem.strip());
        });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "indented one space too far | residency:\\n  allow: {jurisdictions: [EU]}\\n   mode: enforce\\n      | 3 | expected <block end>",
      "key outdented by one space | residency:\\n  allow:\\n    jurisdictions: [EU]\\n  mode: enforce\\n bad: x\\n | 5 | expected <block end>",
      "tab indentation            | residency:\\n  allow:\\n    jurisdictions: [EU]\\n\\tmode: enforce\\n | 4 | Do not use \\t(TAB) for indentation",
      "tab on the second line     | residency:\\n\\tmode: enforce\\n                                | 2 | Do not use \\t(TAB)",
      "value over-indented        | residency:\\n  mode: enforce\\n  unknown: deny\\n    x: y\\n      | 4 | mapping values are not allowed here",
      "unclosed quote             | residency:\\n  mode: \"enforce\\n  unknown: deny\\n           | 2 | while scanning a quoted scalar started at line 2, column 9",
      "unclosed bracket at end    | residency:\\n  allow:\\n    jurisdictions: [EU\\n\\n\\n         | 3 | while parsing a flow sequence started at line 3",
      "unclosed brace, more lines | residency:\\n  allow: {jurisdictions: [EU]\\n  mode: enforce\\n | 3 | expected ',' or '}'",
      "stray closing brace        | residency: {mode: enforce}}\\n                                 | 1 | found '}' (line 1, column 27)",
      "CRLF line ends             | residency:\\r\\n  allow: {jurisdictions: [EU]}\\r\\n   mode: enforce\\r\\n | 3 | expected <block end>",
  })
  void yamlSyntaxErrorsNameTheLineSnakeYamlPointsAt(String name, String yaml, int line, String problem, @TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("p.yaml");
    Files.writeString(file, yaml.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t"));

    assertThatThrownBy(() -> ResidencyPolicy.load(file))
        .isInstanceOfSatisfying(InvalidPolicyException.class, e -> {
          assertThat(e.line()).isEqualTo(line);
          assertThat(e.key()).isEqualTo("(syntax)");
          assertThat(e.getMessage()).startsWith(file + ":" + line + ": (syntax): ").contains(problem.strip());
        });
  }

  @Test
  void unreadableFileNamesTheFile(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> ResidencyPolicy.load(missing)).hasMessageContaining("nope.yaml");
  }

  @Test
  void builderRejectsUnknownCodesImmediately() {
    assertThatThrownBy(() -> ResidencyPolicy.builder().allowRegions("aws:eu-west-9")).hasMessageContaining("aws:eu-west-9");
    assertThatThrownBy(() -> ResidencyPolicy.builder().allowJurisdictions("XX")).hasMessageContaining("XX");
    assertThatThrownBy(() -> ResidencyPolicy.builder().allowCountries("EU")).hasMessageContaining("ISO 3166");
    assertThatThrownBy(() -> ResidencyPolicy.builder().addException("a.example", " ", java.time.LocalDate.MAX))
        .hasMessageContaining("reason");
  }

  @Test
  void failedReloadKeepsTheOldPolicyAndSaysWhy(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("residency.yaml");
    Files.writeString(file, "residency:\n  allow:\n    jurisdictions: [EU]\n");
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.load(file)).setAuditSink(dev.residency.audit.AuditSink.NOOP).build();
    Files.writeString(file, "residency:\n  allow:\n    jurisdictions: [EUROPE]\n");

    ReloadResult result = guard.reload(file);

    assertThat(result.replaced()).isFalse();
    assertThat(result.error()).hasMessageContaining("residency.yaml:3").hasMessageContaining("EUROPE");
    assertThat(guard.policyVersion()).isEqualTo(1);
    assertThat(guard.policy().allowJurisdictions()).containsExactly(Jurisdiction.of("EU"));

    Files.writeString(file, "residency:\n  allow:\n    jurisdictions: [EU, UK]\n");
    ReloadResult ok = guard.reload(file);

    assertThat(ok.replaced()).isTrue();
    assertThat(guard.policyVersion()).isEqualTo(2);
  }
}
