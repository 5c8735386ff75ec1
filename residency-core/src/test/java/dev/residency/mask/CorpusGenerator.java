package dev.residency.mask;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A labelled corpus with a fixed seed: support tickets, CRM notes, logs, JSON, SQL rows, LLM
 * prompts, env files, HTTP dumps and multilingual EU text with accents and emoji. Every document
 * knows its personal-data spans (valid values, check digits computed) and its hard negatives
 * (values that must not be flagged: timestamps, UUIDs, hashes, versions, ids, ISBNs, tracking
 * numbers, OIDs, file names, prices and checksum-failing look-alikes). Public for the masking
 * benchmarks, which measure throughput on the same text the quality figures come from.
 */
public final class CorpusGenerator {
  /** A labelled document. */
  public record Doc(String genre, String text, List<Span> expected, List<Span> hardNegatives) {}

  private final Random r;
  private final CorpusValues v;

  /** A generator whose documents depend only on {@code seed}. */
  public CorpusGenerator(long seed) {
    this.r = new Random(seed);
    this.v = new CorpusValues(r);
  }

  /** {@code count} documents. */
  public List<Doc> generate(int count) {
    List<Doc> docs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      docs.add(next(i % 13));
    }
    return docs;
  }

  /** Builds one document: literal text, labelled values and labelled hard negatives. */
  private static final class B {
    final StringBuilder sb = new StringBuilder();
    final List<Span> pii = new ArrayList<>();
    final List<Span> neg = new ArrayList<>();

    B t(String s) {
      sb.append(s);
      return this;
    }

    B p(String type, String value) {
      int s = sb.length();
      sb.append(value);
      pii.add(Span.of(s, sb.length(), type));
      return this;
    }

    B n(String value) {
      int s = sb.length();
      sb.append(value);
      neg.add(Span.of(s, sb.length(), "NEG"));
      return this;
    }
  }

  private Doc next(int genre) {
    B b = new B();
    String g;
    switch (genre) {
      case 0: g = "ticket"; ticket(b); break;
      case 1: g = "crm"; crm(b); break;
      case 2: g = "log"; log(b); break;
      case 3: g = "json"; json(b); break;
      case 4: g = "sql"; sql(b); break;
      case 5: g = "prompt"; prompt(b); break;
      case 6: g = "de"; german(b); break;
      case 7: g = "fr-es"; frenchSpanish(b); break;
      case 8: g = "it-nl-pl-se"; otherEu(b); break;
      case 9: g = "env"; env(b); break;
      case 10: g = "http"; http(b); break;
      case 11: g = "mixed-negatives"; negatives(b); break;
      default: g = "hard"; hard(b); break;
    }
    return new Doc(g, b.sb.toString(), b.pii, b.neg);
  }

  // ------------------------------------------------------------------ hard negatives

  /** Appends one hard negative, with whatever context makes it realistic. */
  private void hardNegative(B b) {
    switch (r.nextInt(40)) {
      case 30: b.t("on ").n(String.format("%02d.%02d.%d", 1 + r.nextInt(28), 1 + r.nextInt(12), 2000 + r.nextInt(30))); break;
      case 31: b.t("MAC ").n(v.hex(2) + ":" + v.hex(2) + ":" + v.hex(2) + ":" + v.hex(2) + ":" + v.hex(2) + ":" + v.hex(2)); break;
      case 32: b.t("upgraded to ").n(r.nextInt(5) + "." + r.nextInt(30) + "." + r.nextInt(10)); break;
      case 33: b.t("GPS ").n((40 + r.nextInt(20)) + "." + v.digits(4) + ", " + r.nextInt(20) + "." + v.digits(4)); break;
      case 34: b.t("from ").n((256 + r.nextInt(700)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256)); break;
      case 35: {
        String body = v.pick("1", "7", "8", "9") + v.digits(14);
        b.t("ref ").n(body + CorpusValues.luhnCheck(body));
        break;
      }
      case 36: b.t("dial ").n("+1 555 " + v.digits(3) + " " + v.digits(4)); break;
      case 37: b.t("mask ").n("0x" + v.hex(8)); break;
      case 38: b.t("EAN ").n(v.pick("4", "5", "3") + v.digits(12)); break;
      case 39: b.t("took ").n(r.nextInt(100) + "." + v.digits(6)).t("s"); break;
      case 0: b.t("ts=").n(String.valueOf(1_600_000_000 + r.nextInt(200_000_000))); break;
      case 1: b.t("epoch_ms ").n(String.valueOf(1_600_000_000_000L + (long) r.nextInt(2_000_000_000) * 50)); break;
      case 2: b.t("at ").n(String.format("2024-%02d-%02dT%02d:%02d:%02d.%03dZ", 1 + r.nextInt(12), 1 + r.nextInt(28),
          r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1000))); break;
      case 3: b.t("request ").n(java.util.UUID.nameUUIDFromBytes(v.digits(8).getBytes()).toString()); break;
      case 4: b.t("sha256 ").n(v.hex(64)); break;
      case 5: b.t("commit ").n(v.hex(40)); break;
      case 6: b.t("version=").n((1 + r.nextInt(12)) + "." + r.nextInt(20) + "." + r.nextInt(10) + "." + r.nextInt(200)); break;
      case 7: b.t("build ").n((10 + r.nextInt(10)) + ".0." + r.nextInt(10) + "." + r.nextInt(255)); break;
      case 8: b.t("client ").n("v" + (1 + r.nextInt(9)) + "." + r.nextInt(10) + "." + r.nextInt(10) + "." + r.nextInt(99)); break;
      case 9: b.t("order ").n("ORD-2024-" + v.digits(6)); break;
      case 10: b.t("Order #").n(v.digits(9)); break;
      case 11: b.t("invoice ").n("INV-" + (2020 + r.nextInt(6)) + "/" + v.digits(5)); break;
      case 12: b.t("ISBN ").n("978-" + r.nextInt(10) + "-" + v.digits(2) + "-" + v.digits(6) + "-" + r.nextInt(10)); break;
      case 13: b.t("ISBN ").n("0-" + v.digits(3) + "-" + v.digits(5) + "-" + r.nextInt(10)); break;
      case 14: b.t("tracking ").n("1Z" + v.upper(3) + v.digits(13)); break;
      case 15: b.t("parcel ").n("9400" + v.digits(18)); break;
      case 16: b.t("OID ").n("1.3.6.1.4.1." + v.digits(4) + "." + r.nextInt(100) + "." + r.nextInt(10)); break;
      case 17: b.t("<img src=\"").n("logo@" + (2 + r.nextInt(2)) + "x.png").t("\">"); break;
      case 18: b.t("total ").n("$" + (1 + r.nextInt(9)) + "," + v.digits(3) + "." + v.digits(2)); break;
      case 19: b.t("Preis ").n((1 + r.nextInt(9)) + "." + v.digits(3) + "," + v.digits(2) + " €"); break;
      case 20: b.t("card ").n(v.formatCard(v.badCard())); break;
      case 21: b.t("IBAN ").n(v.badIban()); break;
      case 22: b.t("SSN ").n(v.badSsn()); break;
      case 23: b.t("NHS number ").n(v.nhs(false)); break;
      case 24: b.t("BSN ").n(v.bsn(false)); break;
      case 25: b.t("DNI ").n(v.dni(false)); break;
      case 26: b.t("codice fiscale ").n(v.codiceFiscale(false)); break;
      case 27: b.t("PESEL ").n(v.pesel(false)); break;
      case 28: b.t("personnummer ").n(v.personnummer(false)); break;
      default: b.t(v.pick("NIR ", "Steuer-ID ", "NIE ")); {
        int k = r.nextInt(3);
        b.n(k == 0 ? v.nir(false) : k == 1 ? v.steuerId(false) : v.nie(false));
      }
    }
  }

  private void negs(B b, int max) {
    int k = 1 + r.nextInt(max);
    for (int i = 0; i < k; i++) {
      b.t(v.pick(" ", "; ", ", ", " — ", "\n"));
      hardNegative(b);
    }
  }

  private String emoji() {
    return v.pick("", " 😊", " 🙏", " 👍🏽", " 🚀", "", " ☕️");
  }

  // ------------------------------------------------------------------ genres

  private void ticket(B b) {
    String name = v.name();
    b.t("Subject: Double charge on my account" + emoji() + "\r\n\r\nHi support,\r\nI'm " + name
        + " and my card ");
    b.p("CREDIT_CARD", v.formatCard(v.cardDigits()));
    b.t(" was charged twice yesterday. You can reach me at ");
    b.p("PHONE", v.phone());
    b.t(" or ");
    if (r.nextBoolean()) {
      b.t("<").p("EMAIL", v.email()).t(">");
    } else {
      b.t("mailto:").p("EMAIL", v.email());
    }
    b.t(".\r\n");
    negs(b, 3);
    b.t("\r\nThanks, " + name.split(" ")[0] + emoji());
  }

  private void crm(B b) {
    b.t("Note (" + v.pick("Anna", "Kevin", "Léa") + "): customer ").t(v.name()).t(" called about a refund to IBAN ");
    b.p("IBAN", v.formatIban(v.iban()));
    b.t(". Verified with ");
    switch (r.nextInt(3)) {
      case 0: b.t("SSN ").p("US_SSN", v.ssn()); break;
      case 1: b.t("NHS number ").p("UK_NHS", v.nhs(true)); break;
      default: b.t("email ").p("EMAIL", v.email()); break;
    }
    b.t(". Follow-up by phone: ").p("PHONE", v.phone()).t(".");
    negs(b, 2);
  }

  private void log(B b) {
    b.t(String.format("2024-11-%02dT%02d:%02d:%02d.%03dZ INFO  [http-nio-8080-exec-%d] ", 1 + r.nextInt(28),
        r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1000), 1 + r.nextInt(20)));
    b.t("login ok user=").p("EMAIL", v.email()).t(" ip=");
    b.p("IP_ADDRESS", r.nextInt(3) == 0 ? v.ipv6() : v.ipv4());
    b.t(" latency=" + r.nextInt(900) + "ms");
    negs(b, 2);
    b.t("\n");
    if (r.nextBoolean()) {
      if (r.nextBoolean()) {
        b.t("WARN  retry from ").p("IP_ADDRESS", v.ipv4()).t(":" + (1024 + r.nextInt(60000)) + " after 10:15:30 timeout");
      } else {
        b.t("WARN  upstream [").p("IP_ADDRESS", v.ipv6()).t("]:443 reset; subnet ").p("IP_ADDRESS", v.ipv4())
            .t("/24 blocked");
      }
    } else {
      b.t("DEBUG outbound headers Authorization: Bearer ").p("JWT", v.jwt());
    }
  }

  private void json(B b) {
    b.t("{\"customer\": {\"name\": \"").t(v.name()).t("\", \"email\": \"").p("EMAIL", v.email())
        .t("\", \"phone\": \"").p("PHONE", v.phone()).t("\", \"iban\": \"").p("IBAN", v.iban())
        .t("\"},\n \"created_at\": ").n(String.valueOf(1_700_000_000 + r.nextInt(10_000_000)))
        .t(", \"max_tokens\": ").n(String.valueOf(256 * (1 + r.nextInt(8)))).t(", \"request_id\": \"")
        .n(java.util.UUID.nameUUIDFromBytes(v.digits(6).getBytes()).toString()).t("\", ");
    int sk = r.nextInt(3);
    if (sk == 0) {
      b.t("\"api_key\": \"").p("API_KEY", v.opaque()).t("\"");
    } else if (sk == 1) {
      b.t("\"auth\": {\"client_secret\" : \"").p("API_KEY", v.opaque()).t("\", \"password\": \"")
          .p("API_KEY", v.password()).t("\"}");
    } else {
      b.t("\"token\": \"").p("API_KEY", v.knownApiKey()).t("\"");
    }
    b.t(", \"note\": \"");
    negs(b, 2);
    b.t("\"}");
  }

  private void sql(B b) {
    b.t("INSERT INTO customers (id, name, email, card, created) VALUES (" + r.nextInt(100000) + ", '")
        .t(v.name().replace("'", "''")).t("', '").p("EMAIL", v.email()).t("', '")
        .p("CREDIT_CARD", v.cardDigits()).t("', '").n("2024-0" + (1 + r.nextInt(9)) + "-1" + r.nextInt(10)
            + " 0" + r.nextInt(10) + ":" + (10 + r.nextInt(50)) + ":00").t("');\n");
    b.t("| " + r.nextInt(999) + " | ").p("US_SSN", v.ssn()).t(" | ").p("PHONE", v.phone()).t(" | ")
        .n("INV-2024/" + v.digits(4)).t(" |");
  }

  private void prompt(B b) {
    b.t("You are a helpful assistant. Summarise the complaint below in two sentences and draft a reply.\n\n"
        + "---\nFrom: ").t(v.name()).t(" <").p("EMAIL", v.email()).t(">\n");
    b.t("My account was locked after I changed my password. ");
    switch (r.nextInt(4)) {
      case 0: b.t("My NHS number is ").p("UK_NHS", v.nhs(true)).t(" if that helps."); break;
      case 1: b.t("Please refund card ").p("CREDIT_CARD", v.formatCard(v.cardDigits())).t("."); break;
      case 2: b.t("Call me back on ").p("PHONE", v.phone()).t(" please."); break;
      default:
        if (r.nextBoolean()) {
          b.t("My social security number (SSN) ").p("US_SSN", v.ssn()).t(" was on the form.");
        } else {
          b.t("SSN: ").p("US_SSN", v.ssn().replace("-", "")).t(".");
        }
        break;
    }
    negs(b, 2);
    b.t(emoji() + "\n---");
  }

  private void german(B b) {
    b.t("Sehr geehrte Frau Müller,\nvielen Dank für Ihre Nachricht" + emoji() + ". Ihre Steuer-ID ")
        .p("DE_TAX_ID", v.steuerId(true)).t(" haben wir gespeichert. Die Erstattung geht an IBAN ")
        .p("IBAN", v.formatIban(CorpusValues.ibanWithCheck("DE", v.digits(18)))).t(". Rückfragen gern unter Tel. ")
        .p("PHONE", v.phone()).t(" oder per E-Mail an ").p("EMAIL", v.email()).t(".");
    negs(b, 2);
    b.t("\nMit freundlichen Grüßen\nJürgen Schäfer");
  }

  private void frenchSpanish(B b) {
    if (r.nextBoolean()) {
      b.t("Bonjour, voici mon numéro de sécurité sociale : ").p("FR_NIR", v.nir(true))
          .t(". Mon e-mail est ").p("EMAIL", v.email()).t(", et mon téléphone ").p("PHONE", v.phone())
          .t(". Merci d'avance" + emoji() + " — François");
    } else {
      b.t("Hola, mi DNI es ").p("ES_DNI", v.dni(true)).t(" y el de mi pareja (NIE) ").p("ES_NIE", v.nie(true))
          .t(". Pueden escribirme a ").p("EMAIL", v.email()).t(" o llamar al ").p("PHONE", v.phone())
          .t(". ¡Gracias!" + emoji());
    }
    negs(b, 2);
  }

  private void otherEu(B b) {
    switch (r.nextInt(4)) {
      case 0:
        b.t("Gentile cliente, il codice fiscale ").p("IT_FISCAL_CODE", v.codiceFiscale(true))
            .t(" risulta già registrato. Contatto: ").p("EMAIL", v.email()).t(".");
        break;
      case 1:
        b.t("Beste meneer De Vries, uw BSN: ").p("NL_BSN", v.bsn(true)).t(" en IBAN ")
            .p("IBAN", v.formatIban(CorpusValues.ibanWithCheck("NL", v.upper(4) + v.digits(10))))
            .t(" zijn bevestigd. Bel ons op ").p("PHONE", v.phone()).t(".");
        break;
      case 2:
        b.t("Dzień dobry, numer PESEL ").p("PL_PESEL", v.pesel(true)).t(" został zweryfikowany. Łączę pozdrowienia"
            + emoji() + ", e-mail: ").p("EMAIL", v.email());
        break;
      default:
        b.t("Hej! Mitt personnummer är ").p("SE_PERSONNUMMER", v.personnummer(true)).t(" och min e-post ")
            .p("EMAIL", v.email()).t(". Tack så mycket" + emoji());
        break;
    }
    negs(b, 2);
  }

  private void env(B b) {
    String id = v.awsKeyId();
    b.t("# .env for staging\nAWS_ACCESS_KEY_ID=").p("AWS_ACCESS_KEY", id).t("\nAWS_SECRET_ACCESS_KEY=")
        .p("AWS_SECRET_KEY", v.awsSecret()).t("\nAWS_REGION=eu-central-1\n");
    b.t(v.pick("OPENAI_API_KEY=", "ANTHROPIC_API_KEY=", "GITHUB_TOKEN=", "SLACK_BOT_TOKEN=", "STRIPE_KEY="))
        .p("API_KEY", v.knownApiKey()).t("\n");
    b.t("db:\n  user: app\n  password: \"").p("API_KEY", v.password()).t("\"\n  token: ").p("API_KEY", v.opaque())
        .t("\n");
    b.t("DB_PASSWORD=").p("API_KEY", v.password()).t("\nAPP_VERSION=").n("2." + r.nextInt(9) + ".0." + r.nextInt(99))
        .t("\nMAX_TOKENS=").n(String.valueOf(1024 * (1 + r.nextInt(4)))).t("\nLOG_LEVEL=info\n");
  }

  private void http(B b) {
    b.t("POST /v1/charges?api_key=").p("API_KEY", v.opaque()).t("&currency=eur HTTP/1.1\r\nHost: api.example.com\r\n");
    if (r.nextBoolean()) {
      b.t("Authorization: Bearer ").p("JWT", v.jwt()).t("\r\n");
    } else {
      b.t("Authorization: Bearer ").p("API_KEY", v.opaque()).t("\r\n");
    }
    b.t("X-Request-Id: ").n(java.util.UUID.nameUUIDFromBytes(v.digits(5).getBytes()).toString())
        .t("\r\nX-Forwarded-For: ").p("IP_ADDRESS", v.ipv4()).t("\r\nUser-Agent: okhttp/4.12.0\r\n\r\n")
        .t("{\"amount\": 1999, \"card\": \"").p("CREDIT_CARD", v.cardDigits()).t("\"}");
  }

  /**
   * Realistic values written in ways the detectors are known to find hard: labels far away or
   * missing, national formats without a trunk prefix, encodings, lower case, prose. Kept in the
   * corpus so that the table shows the limits instead of hiding them.
   */
  private void hard(B b) {
    b.t(v.pick("Quick note: ", "FYI ", "Re: your ticket — ", ""));
    switch (r.nextInt(12)) {
      case 0: b.t("you can reach me on ").p("PHONE", "06" + v.digits(8)).t(" after six"); break;
      case 1: b.t("mi móvil es ").p("PHONE", v.pick("6", "7") + v.digits(2) + " " + v.digits(3) + " " + v.digits(3)); break;
      case 2: b.t("GET /unsubscribe?email=").p("EMAIL", CorpusValues.ascii(v.email()).replace("@", "%40")
          .replaceAll("[^A-Za-z0-9.%+_-]", "x")).t(" HTTP/1.1"); break;
      case 3: b.t("iban (lower case, pasted from a form): ").p("IBAN", v.iban().toLowerCase()); break;
      case 4: b.t("my password is ").p("API_KEY", "Tr0ub4dor&" + r.nextInt(100)).t(" — please reset it"); break;
      case 5: b.t("NHS number (see the scanned letter attached to the previous message): ").t(
          "and the details are ").p("UK_NHS", v.nhs(true).replace(" ", "")); break;
      case 6: b.t("please call ").p("PHONE", "+49 30 " + v.digits(3) + " " + v.digits(4)).t(" ext. 12"); break;
      case 7: b.t("contact: ").p("EMAIL", v.email()).t(", ").p("EMAIL", v.email()); break;
      case 8: b.t("card on file ").p("CREDIT_CARD", v.formatCard(v.cardDigits())).t(", IP ").p("IP_ADDRESS", v.ipv4()); break;
      case 9: b.t("server [").p("IP_ADDRESS", "2001:db8::" + Integer.toHexString(1 + r.nextInt(65535)))
          .t("] and ").p("IP_ADDRESS", "::1"); break;
      case 10: b.t("Personnummer ").p("SE_PERSONNUMMER", v.personnummer(true).replace("-", "")); break;
      default: b.t("BSN van de klant is ").p("NL_BSN", v.bsn(true)); break;
    }
    b.t(v.pick(".", "!", " 🙂", ""));
    if (r.nextBoolean()) {
      negs(b, 1);
    }
  }

  private void negatives(B b) {
    b.t("Release notes" + emoji() + ": ");
    for (int i = 0; i < 4; i++) {
      hardNegative(b);
      b.t(v.pick(". ", "\n", " | "));
    }
    b.t("Contact ").p("EMAIL", v.email()).t(" for questions.");
  }
}
