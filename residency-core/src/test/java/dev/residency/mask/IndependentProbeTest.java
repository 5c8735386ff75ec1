package dev.residency.mask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.mask.internal.DetectionEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The built-in detectors against probe sets of one-line texts with their expected values, written
 * apart from the detectors and from {@link CorpusGenerator}: {@code independent-cases.tsv} (275
 * texts: tickets, logs, JSON, SQL and CSV rows, env files, headers, curl lines, prompts in seven EU
 * languages, hard negatives), {@code secrets-config-cases.tsv} (227 texts: secrets in config
 * files, code, commands and headers, with placeholders, references and token counts as hard
 * negatives) and {@code documents-cases.tsv} (298 texts: CSV, SQL, Markdown tables, mail threads,
 * logs and configs as tools send them, national ids in their local wording, phones of 14
 * countries) and {@code llm-multilingual-cases.tsv} (311 texts: LLM requests and tool-call
 * arguments, JSON-escaped text, EU text in ten languages with emoji and no-break spaces, hard
 * negatives in context, secrets of more services; written with u-escapes, decoded when read) and
 * {@code formats-cases.tsv} (300 texts: US health and finance records, UK, Irish, Swiss and Nordic
 * documents, configuration and serialisation formats from SOAP to .netrc, hard negatives in the
 * same formats; u-escaped) and {@code agent-traffic-cases.tsv} (300 texts: tool-call JSON, mail,
 * chat exports, payment webhooks, bank statements, HAR and server logs, SQL dumps with COPY, cloud
 * audit events, source code, 110 hard negatives in the same formats; u-escaped, a text starting
 * with '#' written with its u-escape) and {@code regulated-tooling-cases.tsv} (300 texts: HL7, FHIR,
 * X12, SWIFT and ISO 20022 payloads, letters and OCR text from eleven European countries, developer
 * credential files, Terraform, Ansible, kubeconfig, 100 hard negatives; u-escaped) and {@code
 * data-observability-cases.tsv} (300 texts: CDC and Kafka records, database dumps and result tables,
 * GraphQL, SOAP, protobuf text, access logs, stack traces, kubectl output, source code, e-commerce
 * mail in nine languages, 100 hard negatives; u-escaped) and {@code people-documents-cases.tsv}
 * (300 texts: HR, insurance, tenancy and travel documents, chat and caption transcripts, mail
 * threads, OCR'd scans in twelve languages, 100 hard negatives; u-escaped) and {@code
 * back-office-cases.tsv} (300 texts: bank statements and payment files, webhooks, dunning letters,
 * clinical letters, HL7 and FHIR, court filings, notary deeds, e-discovery mail, nine languages, 100
 * hard negatives; u-escaped) and {@code commerce-public-cases.tsv} (300 texts: order and shipping
 * mail, customs declarations, courier webhooks, call detail records, porting requests, CPE configs,
 * tax office and benefits letters from ten countries, 100 hard negatives such as air waybills,
 * IMEIs, ICCIDs and EAN-13s; u-escaped) and {@code spoken-chat-cases.tsv} (300 texts: call-centre and
 * voice transcripts, chat exports, support chats in twelve scripts, 100 hard negatives such as chat
 * timestamps, @handles and OTPs; u-escaped) and {@code developer-code-cases.tsv} (300 texts: diffs,
 * source in ten languages, infrastructure files, CI logs, git metadata, 100 hard negatives such as
 * lock files, digests and placeholders; u-escaped) and {@code web-traffic-cases.tsv} (300 texts: query
 * strings and form bodies in their encodings, access logs, HTML, MIME mail, vCard and iCalendar,
 * multipart bodies, webhooks, SAML and OIDC traffic, 100 hard negatives such as tracking
 * parameters, session cookies and calendar UIDs; u-escaped) and {@code exports-cases.tsv} (300 texts:
 * CSV, TSV, fixed-width, Markdown and grid tables exported from CRM, HR, payroll, ERP and banking
 * systems with headers in ten languages and Excel's artefacts, 100 hard negatives such as amounts,
 * EANs, postcodes and internal ids; u-escaped) and {@code hr-recruiting-cases.tsv} (300 texts: CVs from PDF,
 * ATS exports, onboarding and payroll in eight languages), {@code business-documents-cases.tsv} (306 texts:
 * OCR'd letters and invoices, e-invoice and SEPA XML, MT940) and {@code ops-tooling-cases.tsv} (300 texts:
 * HAR, curl, Kubernetes, Terraform, CI logs, incident webhooks, MCP messages), {@code
 * us-healthcare-cases.tsv} (302 texts: faxes, HL7 v2, FHIR, X12 834/837/835, payer call notes),
 * {@code eu-public-sector-cases.tsv} (300 texts: tax, utility, municipal and telecom letters in twelve
 * languages), {@code travel-cases.tsv} (305 texts: PNRs, passenger exports, hotel and host messages)
 * and {@code mobile-apps-cases.tsv} (300 texts: crash logs, analytics events, mobile CI and SDK
 * configs), each with about 100 hard negatives; u-escaped. A regression guard: the counts are what the detectors reached when each
 * set was added or last improved; the misses and false positives are listed in MASKING-QUALITY.md.
 */
class IndependentProbeTest {

  @ParameterizedTest(name = "{0}: {1} values, at least {2} found, at most {3} other spans flagged")
  @CsvSource({
    "independent-cases.tsv, 314, 311, 0, false",
    "secrets-config-cases.tsv, 186, 185, 0, false",
    "documents-cases.tsv, 404, 399, 1, false",
    "llm-multilingual-cases.tsv, 353, 352, 2, true",
    "formats-cases.tsv, 455, 453, 4, true",
    "agent-traffic-cases.tsv, 453, 453, 2, true",
    "regulated-tooling-cases.tsv, 586, 586, 0, true",
    "data-observability-cases.tsv, 726, 726, 3, true",
    "people-documents-cases.tsv, 556, 556, 3, true",
    "back-office-cases.tsv, 461, 461, 0, true",
    "commerce-public-cases.tsv, 589, 589, 0, true",
    "spoken-chat-cases.tsv, 432, 432, 0, true",
    "developer-code-cases.tsv, 531, 531, 0, true",
    "web-traffic-cases.tsv, 706, 706, 15, true",
    "exports-cases.tsv, 1279, 1279, 1, true",
    "hr-recruiting-cases.tsv, 850, 839, 12, true",
    "business-documents-cases.tsv, 766, 763, 10, true",
    "ops-tooling-cases.tsv, 696, 694, 12, true",
    "us-healthcare-cases.tsv, 793, 769, 6, true",
    "eu-public-sector-cases.tsv, 749, 674, 15, true",
    "travel-cases.tsv, 893, 872, 7, true",
    "mobile-apps-cases.tsv, 571, 561, 22, true"
  })
  void findsAtLeastTheValuesItFoundWhenTheSetWasAddedAndFlagsNoMoreThanThen(String file, int values, int atLeast,
      int atMostExtra, boolean escaped) throws Exception {
    DetectionEngine engine = DetectionEngine.create(MaskingSettings.defaults());
    int expected = 0;
    int found = 0;
    List<String> extra = new ArrayList<>();
    List<String> missed = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        Objects.requireNonNull(getClass().getResourceAsStream("/probes/" + file)), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        String text = escaped ? unescape(f[0]) : f[0];
        List<String> want = new ArrayList<>();
        for (String w : List.of(f).subList(1, f.length)) {
          want.add(escaped ? unescape(w) : w);
        }
        List<String> got = new ArrayList<>();
        for (Span s : engine.detect(text)) {
          got.add(s.type() + "=" + text.substring(s.start(), s.end()));
        }
        expected += want.size();
        for (String w : want) {
          if (got.remove(w)) {
            found++;
          } else {
            missed.add(w);
          }
        }
        extra.addAll(got);
      }
    }
    assertThat(expected).isEqualTo(values);
    assertThat(extra).as("flagged but not expected").hasSizeLessThanOrEqualTo(atMostExtra);
    assertThat(found).as("found of %d; missed %s", expected, missed).isGreaterThanOrEqualTo(atLeast);
  }

  /** Decodes each u-escape (backslash, u, four hex digits) once; everything else as written. */
  private static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 5 < s.length() && s.charAt(i + 1) == 'u') {
        b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
