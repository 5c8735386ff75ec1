package dev.residency.mask.internal.detect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * The built-in detectors as one pass over the text: the loop jumps from trigger to trigger (a word
 * start, a digit run, {@code @}, {@code +}, {@code (}, {@code :}, {@code =}) and validates the
 * candidate there; words without a trigger are skipped whole. Every candidate is bounded in
 * length, and every trigger either advances the scan or examines a bounded window, so detection
 * is linear in the input. Internal, may change without notice. Immutable and thread-safe.
 */
public final class Scanner {
  /** Priorities: on equally long overlapping spans the higher wins. */
  static final int PRIO_ASSIGNMENT = 1;

  static final int PRIO_PHONE = 2;
  static final int PRIO_STRONG = 5;
  static final int PRIO_JWT = 6;

  private static final byte PLAIN = 0;
  private static final byte LETTER = 1;
  private static final byte DIGIT = 2;
  private static final byte AT = 3;
  private static final byte PLUS = 4;
  private static final byte LPAREN = 5;
  private static final byte COLON = 6;
  private static final byte EQUALS = 7;
  private static final byte UNDERSCORE = 8;
  private static final byte PERCENT = 9;
  private static final byte TAG_END = 10;
  private static final byte DASH = 11;
  private static final byte AMPERSAND = 12;

  private static final byte[] CLASS = new byte[128];
  private static final boolean[] WORD = new boolean[128];
  /** Letters that may start something the word path looks for (IBAN, ids, AWS, JWT, token prefixes). */
  private static final boolean[] TRIGGER_LETTER = new boolean[128];
  /**
   * First two characters that may start something the word path looks for, indexed {@code c << 7 |
   * min(c1, 127)}: checked in the scan loop itself, so that most words (every capitalised one
   * among them) do not cost a call to {@link #secondLetterOk}.
   */
  private static final boolean[] TRIGGER_PAIR = new boolean[128 * 128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      CLASS[c] = LETTER;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      CLASS[c] = LETTER;
    }
    for (char c = '0'; c <= '9'; c++) {
      CLASS[c] = DIGIT;
    }
    CLASS['@'] = AT;
    CLASS['%'] = PERCENT;
    CLASS['&'] = AMPERSAND;
    CLASS['+'] = PLUS;
    CLASS['('] = LPAREN;
    CLASS[':'] = COLON;
    CLASS['='] = EQUALS;
    CLASS['_'] = UNDERSCORE;
    CLASS['>'] = TAG_END;
    CLASS['-'] = DASH;
    for (int c = 0; c < 128; c++) {
      WORD[c] = CLASS[c] == LETTER || CLASS[c] == DIGIT || CLASS[c] == UNDERSCORE;
      TRIGGER_LETTER[c] = (c >= 'A' && c <= 'Z') || c == 'a' || c == 'e' || c == 's' || c == 'r' || c == 'g' || c == 'x' || c == 'p'
          || c == 'n' || c == 'h' || c == 'b' || c == 'i' || c == 'd' || c == 'k' || c == 'c' || c == 'w' || c == 'l'
          || c == 'm' || c == 't';
    }
    for (int c = 0; c < 128; c++) {
      for (int c1 = 0; c1 < 128; c1++) {
        TRIGGER_PAIR[c << 7 | c1] = TRIGGER_LETTER[c] && pairMayTrigger((char) c, c1 == 127 ? '\u00F6' : (char) c1);
      }
    }
  }

  /**
   * The first two characters of every word {@link #secondLetterOk} accepts, and more; {@code c1} is
   * 'ö' for any character outside ASCII. A superset is only slower; a pair missing here is a word
   * the scan never looks at (ScannerTriggerPairTest checks the two against each other).
   */
  static boolean pairMayTrigger(char c, char c1) {
    if (c <= 'Z') {
      return (c1 >= 'A' && c1 <= 'Z') || (c1 >= '0' && c1 <= '9') || c1 == '-' || c1 == '\u00F6'
          || (c1 >= 'a' && "PBKWCLMSH".indexOf(c) >= 0) || (c == 'T' && folds(c1, 'o'));
    }
    switch (c) {
      case 'a':
        return c1 == 'p' || c1 == 'c' || c1 == 'u';
      case 'p':
        return c1 == 'a' || c1 == 'y';
      case 'e':
        return c1 == 'y';
      case 's':
        return c1 == 'k' || c1 == 'h' || folds(c1, 'e') || folds(c1, 'a');
      case 'r':
        return c1 == 'k';
      case 'd':
        return c1 == 'o' || c1 == 'a';
      case 'k':
        return c1 == 'e';
      case 'g':
        return c1 == 'h' || c1 == 'i' || c1 == 'l';
      case 'n':
        return c1 == 'p';
      case 'h':
        return c1 == 'f' || folds(c1, 'a') || folds(c1, 'e');
      case 'b':
        return c1 == 'e';
      case 'i':
        return c1 == 'd';
      case 'w':
        return folds(c1, 'a');
      default:
        // l, c, m, t (secret nouns), x (xo: Slack); cl: client_secret
        return folds(c1, 'o') || (c == 'c' && c1 == 'l');
    }
  }

  /** {@code c1} is {@code lower} in either case, or outside ASCII (the nouns' letters are folded). */
  private static boolean folds(char c1, char lower) {
    return (c1 | 0x20) == lower || c1 == '\u00F6';
  }

  private static final Keywords SSN_WORDS = new Keywords(
      "ssn", "ssns", "social security", "socialsecurity", "social_security", "social-security", "soc. sec", "ss#",
      "ssnumber");
  private static final Keywords NHS_WORDS = new Keywords("nhs");
  /**
   * A generic label for a national identity number (Klarna's national_identification_number, a
   * form's "National ID"): it labels a number that passes a weak national id's own check (BSN,
   * PESEL, personnummer) as that id. A prefix is enough: "national identity", nationalIdNumber.
   */
  private static final String[] NATIONAL_ID_WORDS = {"national id", "national_id", "nationalid", "national-id",
    // an API/PNR passenger export's column for the traveller's national number, whatever the country
    "personal_no", "personal no", "personal_id", "personal id", "personal number", "personal_number", "personalnumber"};
  private static final Keywords BSN_WORDS = new Keywords(
      with(NATIONAL_ID_WORDS, "bsn", "burgerservice", "sofinummer", "sofi-nummer"));
  private static final Keywords PESEL_WORDS = new Keywords(with(NATIONAL_ID_WORDS, "pesel"));
  private static final Keywords STEUER_WORDS = new Keywords(
      "steuer", "idnr", "identifikationsnummer", "lohnsteuer", "tax id", "tax-id", "taxid", "tax_id", "tin", "st-id", "st.-id");
  private static final Keywords CARD_WORDS = new Keywords(
      "card", "visa", "karte", "kreditkarte", "carte", "tarjeta", "carta", "kaart", "karta", "kort", "cc", "pan");
  /** Labels after which an IBAN pasted in lower case is read: the checksum alone is 1 in 97. */
  private static final Keywords IBAN_WORDS = new Keywords(
      "iban", "rekeningnummer", "rekening", "kontonummer", "bankverbindung", "konto", "account", "compte", "conto",
      "cuenta", "rachunek", "konta", "kontonr");
  private static final Keywords DNI_WORDS = new Keywords("dni", "nif", "d.n.i");
  private static final Keywords PNR_WORDS = new Keywords(
      with(NATIONAL_ID_WORDS, "personnummer", "personnr", "pnr", "person number", "personal identity number"));

  private static String[] with(String[] shared, String... own) {
    String[] all = java.util.Arrays.copyOf(own, own.length + shared.length);
    System.arraycopy(shared, 0, all, own.length, shared.length);
    return all;
  }
  private static final Keywords PHONE_WORDS = new Keywords(
      "tel", "tel.", "telefon", "telephone", "téléphone", "teléfono", "telefono", "phone", "call", "mobile", "mobil",
      "cell", "fax", "handy", "numéro", "número", "numero", "ring", "contact", "tél", "móvil", "movil", "celular",
      "cellulare", "telemóvel", "telefone", "tlf", "tfn", "mob", "reach me", "reach us", "whatsapp", "sms", "anruf",
      "rufnummer", "kontakt", "contact:", "kontakt:", "☎", "📞", "tfno", "telf", "τηλ", "κινητό", "κιν",
      "freephone", "locall", "lo-call", "callsave",
      // icon-font glyphs a CV or letterhead template puts before its numbers, as PDF text extraction
      // keeps them: Font Awesome's phone, phone-square, mobile, mobile-alt, phone-alt, phone-volume
      "\uf095", "\uf098", "\uf10b", "\uf3cd", "\uf879", "\uf2a0",
      // the number a number-porting request moves: Numer do przeniesienia: 513 849 634
      "msisdn", "przeniesienia", "numéro à porter", "número a portar", "te porteren nummer",
      // "call (us)" as an imperative, which, unlike the noun "call", is always followed by a number to call
      "volejte", "zavolejte", "zadzwo", "llame", "llámenos", "appelez", "chiamaci", "chiamare", "bel ons", "bel me",
      // phone and mobile in Chinese, Japanese, Korean, Russian, Hindi, Arabic, Hebrew, Thai, Vietnamese, Turkish
      "手机", "手機", "电话", "電話", "携帯", "휴대폰", "핸드폰", "전화", "телефон", "тел", "моб", "फ़ोन", "फोन",
      "मोबाइल", "هاتف", "جوال", "טלפון", "נייד", "โทร", "เบอร์", "điện thoại", "sđt", "cep tel", "fone");
  /**
   * Labels that name a phone outright; a bare national number of a country without a trunk prefix
   * needs one of these ("contacted 123 456 789 customers" is a count, not a number to call).
   */
  private static final Keywords PHONE_LABELS = PHONE_WORDS.without(
      "call", "numéro", "número", "numero", "ring", "contact", "kontakt", "reach me", "reach us", "sms", "anruf");
  /**
   * A {@link #NOT_PHONE_WORDS} word within 20 chars before {@code start} with no phone word after
   * it: the nearer label names the number ("Aktenzeichen: 030 130557" is a file number, "Order
   * 7, call 030 1234567" a phone).
   */
  private static boolean notPhoneLabelled(char[] s, int start) {
    for (int item = 0; item < 8 && start >= 0; item++) {
      int not = keywordStart(s, start, NOT_PHONE_WORDS, 20);
      if (not >= 0) {
        return !keywordBefore(s, start, PHONE_WORDS, start - not - 1) && !pluralOfNotWord(s, not);
      }
      // a later item of a list the label names: Air waybill 057-41780944 / 020-82845044
      start = previousListItem(s, start);
    }
    return false;
  }

  /**
   * Whether the word at {@code w} is a plural of a {@link #NOT_PHONE_WORDS} word: a department that
   * answers the phone ("eligibility & claims 833-317-3105", "Orders: 0800 …"), where the singular
   * labels a number of that kind ("Claim 833-317-3105").
   */
  private static boolean pluralOfNotWord(char[] s, int w) {
    int e = w;
    while (e < s.length && e - w < 24 && isLetter(s[e])) {
      e++;
    }
    return e - w > 3 && (s[e - 1] | 0x20) == 's' && inCi(s, w, e - 1, NOT_PHONE_WORDS.words);
  }

  /**
   * The start of the item before {@code start} in a list of numbers written without spaces
   * (digits, '-' and '.'), separated by '/', ',', ';' or '&' and spaces; else -1.
   */
  private static int previousListItem(char[] s, int start) {
    int j = skipSpacesBack(s, start);
    if (j == 0 || "/,;&".indexOf(s[j - 1]) < 0) {
      return -1;
    }
    int e = skipSpacesBack(s, j - 1);
    if (e == 0 || !isDigit(s[e - 1])) {
      return -1;
    }
    int b = e;
    while (b > 0 && e - b < 24 && (isDigit(s[b - 1]) || s[b - 1] == '-' || s[b - 1] == '.')) {
      b--;
    }
    return e - b >= 6 && (b == 0 || s[b - 1] == ' ') ? b : -1;
  }

  private static final Keywords NOT_PHONE_WORDS = new Keywords(
      "isbn", "issn", "order", "invoice", "tracking", "parcel", "shipment", "ticket", "ref", "account", "konto", "kontonr", "blz", "iban", "sku",
      // an airline ticket's number, a carrier's three digits and ten more: ETKT NBR: 074 5106660659
      "etkt", "tkt", "biglietto", "billete", "bilhete", "billet",
      "serial", "case", "po", "bestell", "rechnung", "factura", "facture", "commande", "id", "ssn", "nhs", "bsn",
      "pesel", "personnummer", "dni", "nie", "steuer", "codice", "nir", "sécurité", "card", "karte", "carte",
      // tax and company register numbers written like phone numbers: NIP 020-928-26-13
      "nip", "regon", "vat",
      // NHS e-Referral booking numbers, 0062 5254 2152, read as Indonesian numbers after 00
      "ubrn", "reference",
      // file, policy, claim, contract and customer numbers of insurers, authorities and utilities,
      // grouped as phone numbers are: Aktenzeichen 030 130557, Rif. pratica 322 642 9265
      "aktenzeichen", "az.", "geschäftszeichen", "dossier", "kenmerk", "pratica", "rif.", "vertrag", "versicherung",
      "police", "polizza", "póliza", "poliza", "policy", "claim", "schaden", "sinistre", "contrat", "contract",
      "kundennummer", "kundennr", "klantnummer", "klantnr", "customer no", "customer number", "client no",
      "numéro client", "mitglied", "member no", "membership", "zähler", "expediente", "afiliaci", "affiliation",
      // drug, product and batch codes, medical record and provider numbers: NDC 0463-8285-63
      "ndc", "pzn", "gtin", "ean", "upc", "lot", "batch", "mrn", "npi",
      // references in other languages, a tax notice's reference (Référence de l'avis : 08 07 0373117 123 60)
      "référence", "referencia", "referenz", "riferimento", "avis",
      // air waybills, 3-digit airline prefix and 8-digit serial: Air waybill 057-28579106
      "waybill", "awb", "mawb", "hawb", "frachtbrief");
  private static final String[] VERSION_WORDS = {
    "version", "ver", "v", "build", "release", "rev", "revision", "firmware", "fw", "sdk", "oid"
  };
  /** Column headers over versions: "| Version |" above "| 8.5.8.78 |" in a Markdown table, a CSV's build column. */
  private static final Keywords VERSION_LABELS = new Keywords(VERSION_WORDS).without("v");
  /**
   * File extensions that end "domains" of file names (logo@2x.png, backup@2024-01-01.tar.gz), none
   * of them a top-level domain; real TLDs that are also extensions (.zip, .pl, .md, .sh) are not here.
   * A set, not an array walked per address: that loop's back-edges made the JIT compile onAt on
   * stack twice before compiling it whole (about 60 ms of a cold CLI run's C2 time).
   */
  private static final java.util.Set<String> FILE_EXTENSIONS = java.util.Set.of(
    "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "heic", "heif", "avif", "pdf", "css", "js",
    "txt", "log", "csv", "tsv", "json", "yaml", "yml", "xml", "html", "htm", "java", "class", "jar", "war", "tar",
    "gz", "tgz", "bz2", "xz", "rar", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "wav", "avi", "mkv",
    "exe", "dll", "dmg", "iso", "bin", "dat", "bak", "tmp", "sql", "bat", "ini", "cfg", "conf", "lock",
    "pem", "crt", "cer", "jks", "jsx", "tsx", "scss", "cpp", "hpp", "php", "ipynb", "parquet", "avro", "webm", "mpeg"
  );

  private final boolean email;
  private final boolean phone;
  private final boolean card;
  private final boolean iban;
  private final boolean ip;
  private final boolean ssn;
  private final boolean nhs;
  private final boolean deTax;
  private final boolean dni;
  private final boolean nie;
  private final boolean nir;
  private final boolean cf;
  private final boolean bsn;
  private final boolean pesel;
  private final boolean pnr;
  private final boolean awsKey;
  private final boolean awsSecret;
  private final boolean jwt;
  private final boolean apiKey;
  private final boolean anyDigits;
  private final boolean anyWord;

  /** A scanner for the given built-in types. */
  public Scanner(java.util.Collection<String> types) {
    email = types.contains("EMAIL");
    phone = types.contains("PHONE");
    card = types.contains("CREDIT_CARD");
    iban = types.contains("IBAN");
    ip = types.contains("IP_ADDRESS");
    ssn = types.contains("US_SSN");
    nhs = types.contains("UK_NHS");
    deTax = types.contains("DE_TAX_ID");
    dni = types.contains("ES_DNI");
    nie = types.contains("ES_NIE");
    nir = types.contains("FR_NIR");
    cf = types.contains("IT_FISCAL_CODE");
    bsn = types.contains("NL_BSN");
    pesel = types.contains("PL_PESEL");
    pnr = types.contains("SE_PERSONNUMMER");
    awsKey = types.contains("AWS_ACCESS_KEY");
    awsSecret = types.contains("AWS_SECRET_KEY");
    jwt = types.contains("JWT");
    apiKey = types.contains("API_KEY");
    anyDigits = phone || card || ip || ssn || nhs || deTax || dni || nir || bsn || pesel || pnr;
    anyWord = iban || cf || nie || awsKey || awsSecret || jwt || apiKey;
  }

  /**
   * Blanks the JSON string escapes of {@code s} in place, keeping every other character where it
   * is, so that text quoted in JSON (chat transcripts, tool results, log lines carrying JSON) is
   * scanned as the text it stands for: {@code \n}, {@code \r} and {@code \t} become a space and
   * the character they stand for (otherwise "mail:\nbob@example.com" reads as the address
   * "nbob@…", "TOKEN=abc\nNEXT" as one value, and a CSV export's rows run together), and an
   * escaped quote at the edge of a word becomes a quote beside a space, so {@code {\"token\":
   * \"…\"}} inside a string reads as the JSON it is. An escaped quote between two word characters,
   * inside a value, is left alone; an escaped backslash protects the character after it. Offsets
   * are unchanged; {@link JsonEscapes} then decodes the escapes that change the length.
   */
  public static void blankJsonEscapes(char[] s) {
    int n = s.length;
    for (int j = 0; j + 1 < n; j++) {
      if (s[j] != '\\') {
        continue;
      }
      char e = s[j + 1];
      if (e == 'n' || e == 'r' || e == 't') {
        // a space, then the character itself: rows, lines and tab-separated columns stay as they are
        s[j] = ' ';
        s[j + 1] = e == 'n' ? '\n' : e == 'r' ? '\r' : '\t';
        j++;
      } else if (e == '"') {
        boolean wordBefore = j > 0 && isWordChar(s[j - 1]);
        boolean wordAfter = j + 2 < n && isWordChar(s[j + 2]);
        if (wordBefore && !wordAfter) {
          s[j] = '"'; // closing: token\": -> token" :
          s[j + 1] = ' ';
        } else if (!wordBefore) {
          s[j] = ' '; // opening: \"token -> _"token
        }
        j++;
      } else if (e == '\\') {
        j++; // an escaped backslash: the character after it is not escaped by it
      }
    }
  }

  /**
   * Scans {@code s}, adding validated candidates to {@code out}. May rewrite {@code s} in place,
   * char for char (full-width forms to ASCII, see {@link #fold}): pass a copy the caller owns.
   */
  public void scan(char[] s, Candidates out) {
    scan(s, null, out);
  }

  /**
   * {@link #scan(char[], Candidates)} with {@code latin1}, the text's characters as bytes ({@code
   * String.getBytes(ISO_8859_1)}: any character above U+00FF a {@code '?'}), or null. Runs of lower
   * case ASCII letters, most of any text, are then skipped eight bytes at a time, without the
   * mispredicted branch at the end of every word that a loop over characters costs. Only a byte
   * {@code a}-{@code z} is trusted, and the scan only ever rewrites characters above U+007F, so the
   * copy never disagrees with {@code s} where it is trusted.
   */
  public void scan(char[] s, byte[] latin1, Candidates out) {
    final int n = s.length;
    int i = 0;
    while (i < n) {
      char c = s[i];
      if (c >= 128) {
        byte f = Bmp.FLAGS[c];
        if ((f & Bmp.FOLD) != 0) {
          // full-width digits and signs, Unicode hyphens: scanned from here on as their ASCII forms
          foldFrom(s, i);
          continue;
        }
        if ((f & Bmp.LETTER_OR_DIGIT) != 0) {
          int e = skipWord(s, i + 1);
          i = apiKey ? passwordToldNatively(s, e, out) : e;
        } else {
          i++;
        }
        continue;
      }
      byte k = CLASS[c];
      if (k == PLAIN) {
        i++;
        continue;
      }
      if (k == LETTER && !(anyWord && i + 1 < n && TRIGGER_PAIR[c << 7 | Math.min(s[i + 1], 127)] && secondLetterOk(s, i))
          && !(iban && i + 3 < n && isDigit(s[i + 2]) && c >= 'a' && isLower(s[i + 1]) && isDigit(s[i + 3]))) {
        // most words: skipped in a method of its own, whose loop the JIT inlines here; counted in
        // scan, that loop made the JIT compile scan on-stack twice before compiling it whole
        i = skipWord(s, latin1 == null ? i + 1 : lowerRunEnd(latin1, i + 1));
        continue;
      }
      // the dispatch stays in this method: at over 325 bytes of bytecode it is too big for C2 to
      // inline into callers, so the scan loop is compiled once, on its own, not again inside every
      // caller's compilation (that doubled the JIT's work in a cold CLI run)
      switch (k) {
        case LETTER:
          i = onWord(s, i, out);
          break;
        case DIGIT:
          i = anyDigits ? digits(s, i, out) : skipWord(s, i + 1);
          break;
        case UNDERSCORE:
          i = skipWord(s, i + 1);
          break;
        case AT:
          i = email ? onAt(s, i, 1, out) : i + 1;
          break;
        case PERCENT:
          // an '@' percent-encoded in a URL or form: name%40example.com
          if (email && i + 2 < n && s[i + 1] == '4' && s[i + 2] == '0') {
            i = onAt(s, i, 3, out);
          } else if (phone && i + 3 < n && s[i + 1] == '2' && (s[i + 2] == 'B' || s[i + 2] == 'b') && isDigit(s[i + 3])
              && (i == 0 || !isWordChar(s[i - 1]))) {
            i = onEncodedPlus(s, i, out); // a '+' percent-encoded: phone=%2B4915112345678
          } else {
            i++;
          }
          break;
        case AMPERSAND:
          // an '@' written as an HTML character reference: name&#64;example.com, name&#x40;example.com
          i = email ? onAmpersand(s, i, out) : i + 1;
          break;
        case PLUS:
          i = phone ? onPlus(s, i, out) : i + 1;
          break;
        case LPAREN:
          if (apiKey && i + 1 < n) {
            // define('DB_PASSWORD', …), also written define( 'DB_PASSWORD', … ) (WordPress style)
            int q = i + 1;
            while (q < n && q - i <= 2 && s[q] == ' ') {
              q++;
            }
            if (q < n && (s[q] == '\'' || s[q] == '"')) {
              namedArgument(s, q - 1, out);
            }
            if (i > 0 && isAlnum(s[i - 1])) {
              setterArgument(s, i, out);
            }
          }
          i = phone ? onParen(s, i, out) : i + 1;
          break;
        case COLON:
          i = onColon(s, i, out);
          break;
        case EQUALS:
          if (apiKey || awsSecret) {
            onAssignment(s, i, out);
          }
          i++;
          break;
        case TAG_END:
          if ((apiKey || awsSecret) && i > 0 && i + 1 < n && s[i + 1] != '<') {
            onTagEnd(s, i, out);
          }
          i++;
          break;
        case DASH:
          // a command-line option at a word start: --password x, mysql's -px
          i = apiKey && i + 2 < n && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t') ? onOption(s, i, out) : i + 1;
          break;
        default:
          i++;
      }
    }
  }

  /**
   * Whether the word at {@code i} (a trigger letter, then at least one more character) can be
   * anything the word path looks for: upper case then upper case or a digit (IBAN, codice fiscale,
   * NIE, AKIA, AIza), or the start of a token prefix (ey, sk, rk, gh, gi, gl, xo, py, shp, dop_,
   * dapi, key-) or of a word that introduces a secret (pa: password, be: Bearer, id: SQL's
   * identified by). Three letters where two would send common words (do, she, key) down the path.
   */
  static boolean secondLetterOk(char[] s, int i) {
    char c = s[i];
    char c1 = s[i + 1];
    if (c <= 'Z') {
      if ((c1 >= 'A' && c1 <= 'Z') || (c1 >= '0' && c1 <= '9') || (c == 'P' && c1 == 'a') || (c == 'B' && c1 == 'e')
          || (c1 == '-' && (c == 'X' || c == 'Y' || c == 'Z'))
          || (c == 'K' && c1 == 'e' && i + 2 < s.length && s[i + 2] == 'y' && apiBefore(s, i))) {
        return true;
      }
      if (c == 'T') {
        return tokenNoun(s, i);
      }
    } else {
      switch (c) {
        case 'a':
          return compoundKeyName(s, i);
        case 'c':
          if (c1 == 'l') {
            return compoundKeyName(s, i);
          }
          break;
        case 'w':
        case 'l':
        case 'm':
          break;
        case 'p':
          return c1 == 'a' || c1 == 'y';
        case 'e':
          return c1 == 'y';
        case 's':
          if (c1 == 'k' || (c1 == 'h' && i + 2 < s.length && s[i + 2] == 'p')) {
            return true;
          }
          break;
        case 'r':
          return c1 == 'k';
        case 'd':
          // dop_, doo_, dor_ (DigitalOcean), dapi (Databricks): "do", "data" and "day" stay words
          return (c1 == 'o' || c1 == 'a') && i + 3 < s.length && (s[i + 3] == '_' || (s[i + 2] == 'p' && s[i + 3] == 'i'));
        case 'k':
          if (c1 == 'e' && i + 3 < s.length && s[i + 2] == 'y' && (s[i + 3] == '-' || apiBefore(s, i))) {
            return true;
          }
          break;
        case 't':
          return tokenNoun(s, i); // "to", "today", "total": not sent to onWord
        case 'g':
          return c1 == 'h' || c1 == 'i' || c1 == 'l';
        case 'n':
          return c1 == 'p';
        case 'h':
          if (c1 == 'f') {
            return true;
          }
          break;
        case 'b':
          return c1 == 'e';
        case 'i':
          return c1 == 'd';
        default:
          return c1 == 'o';
      }
    }
    // one call site: inlined once, where each case calling it had made the JIT copy nine
    // string comparisons into this method (7 KB of inlined bytecode, the slowest compile of a CLI run)
    return passwordNounStart(s, i);
  }

  /**
   * Whether the word at {@code i} is a compound secret's name written as one word, as a table's
   * header writes it ({@code api_token}, {@code accessToken}, {@code client_secret}): "api",
   * "app", "access", "auth" or "client", then '_', '-' or the capital of the next part. Only
   * {@link #secretField} looks at these; an assignment's name is found from its '=' or ':'.
   */
  private static boolean compoundKeyName(char[] s, int i) {
    int n = s.length;
    int p;
    if (startsWith(s, "api", i) || startsWith(s, "app", i)) {
      p = i + 3;
    } else if (startsWith(s, "auth", i)) {
      p = i + 4;
    } else if (startsWith(s, "access", i) || startsWith(s, "client", i)) {
      p = i + 6;
    } else {
      return false;
    }
    if (p >= n) {
      return false;
    }
    char c = s[p];
    return c == '_' || c == '-' || c == 'K' || c == 'T' || c == 'S' || (p == i + 3 && s[i + 1] == 'p' && s[i + 2] == 'i'
        && (c == 'k' || c == 't' || c == 's'));
  }

  // ---------------------------------------------------------------- character classes

  static boolean isWordChar(char c) {
    if (c < 128) {
      return WORD[c];
    }
    return (Bmp.FLAGS[c] & Bmp.WORD) != 0;
  }

  /**
   * {@link Character#isLetter}, {@link Character#isDigit} and the combining-mark categories of
   * every {@code char}, one byte each, built from {@link Character#getType} on the first non-ASCII
   * character scanned (a pure-ASCII text never builds it). A table read instead of a call into
   * {@code CharacterData}: the JIT copied about 250 bytes of that lookup into the compiled code at
   * every call site, which made the hot scanner methods slow to compile.
   */
  static final class Bmp {
    static final byte LETTER = 1;
    static final byte DIGIT = 2;
    static final byte MARK = 4;
    static final byte LETTER_OR_DIGIT = LETTER | DIGIT;
    static final byte WORD = LETTER | DIGIT | MARK;
    /** A character {@link #fold} maps to ASCII: full-width forms, ideographic space, Unicode hyphens. */
    static final byte FOLD = 8;
    /**
     * A letter or mark of a script written without spaces between words (Han, kana, Thai, Lao,
     * Khmer, Myanmar), or of Hangul, whose particles are written glued to the word before them
     * (010-1234-5678입니다, minsu.kim@naver.com입니다): an ASCII number, address or code glued to
     * one is still a word of its own. Marks too: Thai เบอร์ ends in one, right before the number.
     */
    static final byte NO_SPACE = 16;
    /**
     * A letter or mark of a script other than Latin (Cyrillic, Greek, Arabic, Hebrew, Devanagari,
     * Hangul, Han, …): where an ASCII address meets one, the address ends (почтаivan@mail.ru).
     */
    static final byte OTHER_SCRIPT = 32;
    /**
     * A character {@link Character#toLowerCase(char)} changes: the others, most of any text in
     * another script, are their own lower case without a call into {@code CharacterData}.
     */
    static final byte UPPER = 64;
    static final byte[] FLAGS = build();

    private Bmp() {}

    private static byte[] build() {
      byte[] f = new byte[Character.MAX_VALUE + 1];
      for (int c = 0; c <= Character.MAX_VALUE; c++) {
        switch (Character.getType(c)) {
          case Character.UPPERCASE_LETTER:
          case Character.LOWERCASE_LETTER:
          case Character.TITLECASE_LETTER:
          case Character.MODIFIER_LETTER:
          case Character.OTHER_LETTER:
            f[c] = LETTER;
            break;
          case Character.DECIMAL_DIGIT_NUMBER:
            f[c] = DIGIT;
            break;
          case Character.NON_SPACING_MARK:
          case Character.COMBINING_SPACING_MARK:
          case Character.ENCLOSING_MARK:
            // variation selectors (U+FE0F after an emoji: "☎️+39...") and the keycap mark (U+20E3)
            // belong to the symbol before them, never to a word
            if (!(c >= 0xFE00 && c <= 0xFE0F) && c != 0x20E3) {
              f[c] = MARK;
            }
            break;
          default:
            break;
        }
        if (fold((char) c) != c) {
          f[c] |= FOLD;
        }
        if (Character.toLowerCase((char) c) != c) {
          f[c] |= UPPER;
        }
        if ((f[c] & (LETTER | MARK)) != 0 && c >= 0x0370) {
          switch (Character.UnicodeScript.of(c)) {
            case HAN:
            case HIRAGANA:
            case KATAKANA:
            case THAI:
            case LAO:
            case KHMER:
            case MYANMAR:
            case HANGUL:
              f[c] |= NO_SPACE | OTHER_SCRIPT;
              break;
            case LATIN:
            case COMMON:
            case INHERITED:
              break;
            default:
              f[c] |= OTHER_SCRIPT;
              break;
          }
        }
      }
      return f;
    }
  }

  /**
   * The ASCII character a full-width form ({@code ０３０}, {@code ＋}, {@code ＠}, U+FF01–U+FF5E),
   * the ideographic space or a Unicode hyphen (U+2010 hyphen, U+2011 non-breaking hyphen, U+2012
   * figure dash, as word processors put into phone numbers) stands for; any other character itself.
   * One char for one, so offsets do not move.
   */
  static char fold(char c) {
    if (c >= '\uFF01' && c <= '\uFF5E') {
      return (char) (c - 0xFEE0);
    }
    if (c == '\u3000') {
      return ' ';
    }
    return c >= '\u2010' && c <= '\u2012' ? '-' : c;
  }

  /** Folds from the first foldable char in the {@code len} chars at {@code from}, if any: a phone number's hyphens. */
  private static void foldAhead(char[] s, int from, int len) {
    int to = Math.min(s.length, from + len);
    for (int j = from; j < to; j++) {
      if (foldable(s[j])) {
        foldFrom(s, j);
        return;
      }
    }
  }

  /** Whether {@code c} is one {@link #fold} maps to ASCII. */
  private static boolean foldable(char c) {
    return c >= 128 && (Bmp.FLAGS[c] & Bmp.FOLD) != 0;
  }

  /** Folds {@code s[from..]} in place (see {@link #fold}); the scan meets a foldable char once. */
  private static void foldFrom(char[] s, int from) {
    for (int j = from; j < s.length; j++) {
      char c = s[j];
      if (foldable(c)) {
        s[j] = fold(c);
      }
    }
  }

  /** {@link Character#isLetter(char)}, ASCII in place. */
  private static boolean isLetter(char c) {
    if (c < 128) {
      return CLASS[c] == LETTER;
    }
    return (Bmp.FLAGS[c] & Bmp.LETTER) != 0;
  }

  private static boolean startsWith(char[] s, String prefix, int at) {
    int n = prefix.length();
    if (at < 0 || at + n > s.length) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      if (s[at + k] != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean regionMatchesCi(char[] s, int at, String lowerWord, int from, int n) {
    if (at < 0 || at + n > s.length) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      char c = s[at + k];
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c | 0x20);
      }
      if (c != lowerWord.charAt(from + k)) {
        return false;
      }
    }
    return true;
  }

  private static String sub(char[] s, int from, int to) {
    return new String(s, from, to - from);
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isSpaceSep(char c) {
    return c == ' ' || c == '\u00A0' || c == '\u202F' || c == '\u2009' || c == '\u2007';
  }

  private static boolean isTokenChar(char c) {
    return isAlnum(c) || c == '_' || c == '-';
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  /**
   * Index of the first byte at or after {@code i} that is not a lower case ASCII letter, read eight
   * bytes at a time; near the end of {@code b}, {@code i} as it stands once fewer than eight remain
   * (the caller's character loop goes on from there). Per byte b, with b7 its low seven bits:
   * {@code 0xFA - b7} has its high bit set when b7 <= 'z' and {@code b7 + 0x1F} when b7 >= 'a',
   * neither borrowing nor carrying into the next byte; a set high bit of b itself rules it out.
   */
  static int lowerRunEnd(byte[] b, int i) {
    int last = b.length - 8;
    while (i <= last) {
      long x = (long) LONGS.get(b, i);
      long low7 = x & ~HIGH_BITS;
      long lower = (0xFAFAFAFAFAFAFAFAL - low7) & (low7 + 0x1F1F1F1F1F1F1F1FL) & ~x & HIGH_BITS;
      long other = lower ^ HIGH_BITS;
      if (other != 0) {
        return i + (Long.numberOfTrailingZeros(other) >>> 3);
      }
      i += 8;
    }
    return i;
  }

  private static int skipWord(char[] s, int i) {
    int n = s.length;
    while (i < n) {
      char c = s[i];
      if (c < 128) {
        if (!WORD[c]) {
          break;
        }
      } else {
        byte f = Bmp.FLAGS[c];
        if ((f & Bmp.WORD) == 0 || (f & Bmp.FOLD) != 0) {
          break; // a full-width digit or letter: the scan loop folds it and looks again
        }
        if ((f & Bmp.NO_SPACE) != 0 && i + 1 < n && s[i + 1] < 128 && WORD[s[i + 1]]) {
          return i + 1; // 電話番号は090-1234-5678, 口座DE89…: the number or code starts a word of its own
        }
      }
      i++;
    }
    return i;
  }

  /** Whether no word character goes on before {@code i}; a glued no-space script (口座DE89…) is no word of it. */
  private static boolean boundaryBefore(char[] s, int i) {
    return i == 0 || !isWordChar(s[i - 1]) || (noSpace(s[i - 1]) && i < s.length && s[i] < 128);
  }

  /** Whether no word character goes on at {@code e}; a glued no-space script (…3000です) is no word of it. */
  private static boolean boundaryAfter(char[] s, int e) {
    return e >= s.length || !isWordChar(s[e]) || (noSpace(s[e]) && e > 0 && s[e - 1] < 128);
  }

  private static final String[] X12_SSN_QUALIFIER = {"SY"};
  /** NM108 identification code qualifier 34: the NM109 after it is a social security number (834, 837). */
  private static final String[] X12_NM1_SSN = {"34"};
  /** PER communication number qualifiers: telephone, cell, fax, home, work, night phone, beeper. */
  private static final String[] X12_PHONE_QUALIFIERS = {"TE", "CP", "FX", "HP", "WP", "NP", "BN"};

  /**
   * Whether the value at {@code start} opens field {@code field} of an HL7 v2 segment {@code
   * segment} (on its own line or after a carriage return): {@code PID|1||…|…||(916)821-8140|…}.
   * Fields are counted by '|' from the segment id (PID-13 home phone, PID-14 business phone,
   * PID-19 SSN, NK1-5 and NK1-6 phones).
   */
  static boolean hl7Field(char[] s, int start, String segment, int field) {
    int at = hl7FieldAt(s, start);
    return at == field && startsWith(s, segment, segmentStart(s, start));
  }

  /** The HL7 field number that {@code start} opens (its '|' counted from the segment id), or -1. */
  private static int hl7FieldAt(char[] s, int start) {
    if (start == 0 || s[start - 1] != '|') {
      return -1;
    }
    int bars = 0;
    int j = start;
    while (j > 0 && start - j < 1024 && s[j - 1] != '\r' && s[j - 1] != '\n') {
      if (s[j - 1] == '|') {
        bars++;
      }
      j--;
    }
    return start - j > 4 && s[j + 3] == '|' && isUpper(s[j]) && isUpper(s[j + 1]) ? bars : -1;
  }

  private static int segmentStart(char[] s, int start) {
    int j = start;
    while (j > 0 && start - j < 1024 && s[j - 1] != '\r' && s[j - 1] != '\n') {
      j--;
    }
    return j;
  }

  /** Whether {@code start} opens an HL7 v2 phone field: PID-13, PID-14, NK1-5, NK1-6, GT1-6, GT1-7. */
  private static boolean hl7PhoneField(char[] s, int start) {
    int field = hl7FieldAt(s, start); // one walk back for the field, one for the segment when it may be one
    if (field != 5 && field != 6 && field != 7 && field != 13 && field != 14) {
      return false;
    }
    int seg = segmentStart(s, start);
    return startsWith(s, "PID", seg) ? field == 13 || field == 14
        : startsWith(s, "NK1", seg) ? field == 5 || field == 6
        : startsWith(s, "GT1", seg) && (field == 6 || field == 7);
  }

  /**
   * Whether a label of another kind of id stands nearer the value than the SSN label before it:
   * "insurer: SSN (tessera sanitaria)   Policy: 649544660" (SSN there is Italy's health service).
   */
  private static boolean otherIdLabelNearer(char[] s, int start) {
    int ssn = keywordStart(s, start, SSN_WORDS, 48);
    return ssn >= 0 && keywordBefore(s, start, OTHER_ID_LABELS, start - ssn - 1);
  }

  /** Labels of ids that are no SSN, seen between an SSN label and a nine-digit number. */
  private static final Keywords OTHER_ID_LABELS = new Keywords(
      "policy", "polizza", "account", "member", "claim", "order", "invoice", "group", "contract", "customer",
      "reference", "ref", "case", "ticket", "npi", "dea", "ein", "tin", "routing", "mrn");

  /**
   * Whether the value at {@code start} is an element of an X12 segment (837 and 835 claims, 834
   * enrolment) named {@code segment}, right after a qualifier element among {@code codes}: {@code
   * REF*SY*123456789~} (SY: social security number), {@code PER*IC*NAME*TE*2025550143*EM*…} (TE
   * telephone, CP cell phone, FX fax). The qualifier labels the value as a column header would.
   */
  static boolean x12Qualified(char[] s, int start, String segment, String[] codes) {
    if (start < 5 || s[start - 1] != '*' || s[start - 4] != '*') {
      return false;
    }
    boolean qualifier = false;
    for (String code : codes) {
      qualifier |= s[start - 3] == code.charAt(0) && s[start - 2] == code.charAt(1);
    }
    if (!qualifier) {
      return false;
    }
    // the segment's id opens it, after the previous segment's terminator or a line break
    int j = start - 4;
    while (j > 0 && start - j < 256 && s[j - 1] != '~' && s[j - 1] != '\n' && s[j - 1] != '\r') {
      j--;
    }
    int sl = segment.length();
    return j + sl < start && startsWith(s, segment, j) && s[j + sl] == '*';
  }

  /**
   * Whether the id ending at {@code end} is the first component of an HL7 v2 CX field whose
   * identifier type code (the fifth component) is {@code type}: {@code 6498691786^^^NHS^NH} (NH: a
   * national health number), {@code 123456789^^^SSA^SS} (SS: a US social security number). The type
   * follows the id, where no label before it can be.
   */
  static boolean hl7IdentifierType(char[] s, int end, String type) {
    int k = end;
    for (int carets = 0; carets < 4; carets++) {
      if (k >= s.length || s[k] != '^') {
        return false;
      }
      k++;
      if (carets < 3) {
        int from = k;
        while (k < s.length && k - from < 64 && s[k] != '^' && s[k] != '|' && s[k] != '~' && s[k] != '\n') {
          k++;
        }
      }
    }
    int t = k;
    while (t < s.length && t - k <= type.length() && s[t] != '^' && s[t] != '|' && s[t] != '~' && s[t] != '&'
        && s[t] > ' ') {
      t++;
    }
    return t - k == type.length() && startsWith(s, type, k);
  }

  /** Conjunctions that join a list of values: "PESEL 44051401359 and 02070803628". */
  private static final char[][] LIST_WORDS = chars(new String[] {"and", "or", "und", "oder", "et", "ou", "y", "o", "e", "i", "och", "eller", "en", "of"});

  /**
   * Whether the value at {@code at} continues a list whose previous item, a validated value of
   * {@code type}, ends just before it: "PESEL: 44051401359, 02070803628". The label before the
   * first item covers the rest; the gap is only spaces and one comma, semicolon, slash, ampersand or
   * conjunction. Each item still passes its own checksum.
   */
  static boolean listedAfter(char[] s, int at, String type, Candidates out) {
    int j = skipSpacesBack(s, at);
    if (j > 0 && (s[j - 1] == ',' || s[j - 1] == ';' || s[j - 1] == '/' || s[j - 1] == '&')) {
      j--;
    } else if (j < at && j > 0 && isLetter(s[j - 1])) {
      int w = j;
      while (w > 0 && j - w <= 5 && isLetter(s[w - 1])) {
        w--;
      }
      if (w == 0 || s[w - 1] != ' ' || !isListWord(s, w, j)) {
        return false;
      }
      j = w;
    }
    j = skipSpacesBack(s, j);
    if (j >= at || j == 0 || !out.endsAt(type, j)) {
      return false;
    }
    // a table's next column is no list: its own header names it (nhs_number,order_id⏎9434765919,6687141619)
    char joiner = s[skipSpacesBack(s, at) - 1];
    return !isColumnSeparator(joiner) || columnHeader(s, at, NO_WORDS, out) == HEADER_NONE;
  }

  /** No words: {@link #columnHeader} with these tells whether the value's column has a header at all. */
  private static final Keywords NO_WORDS = new Keywords();

  /**
   * A label for the value at {@code at}: one of {@code words} just before it ({@link
   * #keywordBefore}), or in its column's header when it is a field of a delimited row (CSV, TSV,
   * a Markdown or psql table, an export with ';' or '|'): {@code nhs_number,name⏎6687141619,Sophie}.
   */
  static boolean labelled(char[] s, int at, Keywords words, Candidates out) {
    if (!keywordBefore(s, at, words)) {
      return fieldLabel(s, at, words, out);
    }
    return !anotherColumnsLabel(s, at, words, out);
  }

  /**
   * Whether the label of {@code words} just before the value at {@code at} (found by {@link
   * #keywordBefore}) is the header of another column of the value's table, delimited
   * ({@code nhs_number,order_id⏎9434765919,6687141619}) or fixed-width ({@code NHS NUMBER  TEL⏎689
   * 770 8445  01477 322529}): then only a label inside the value's own field counts. A label on the
   * value's own line is no header (most labels: "SSN: …").
   */
  static boolean anotherColumnsLabel(char[] s, int at, Keywords words, Candidates out) {
    int ls = at;
    while (ls > 0 && at - ls < 48 && s[ls - 1] != '\n') {
      ls--;
    }
    if (ls > 0 && s[ls - 1] != '\n' || keywordBefore(s, at, words, at - ls)) {
      return false;
    }
    int header = columnHeader(s, at, words, out);
    if (header == HEADER_NONE) {
      header = alignedColumnHeader(s, at, words, out);
    }
    return header == HEADER_OTHER && !keywordBefore(s, at, words, at - fieldStart(s, at));
  }

  /** The start of the delimited field (or line) holding {@code at}. */
  private static int fieldStart(char[] s, int at) {
    int j = at;
    while (j > 0 && at - j < 256 && s[j - 1] != '\n' && !isColumnSeparator(s[j - 1])) {
      j--;
    }
    return j;
  }

  /**
   * The label of the column the value at {@code at} is a field of: a delimited row's header
   * ({@link #columnLabel}), an SQL INSERT's column list ({@link #insertColumnLabel}) or a
   * PostgreSQL COPY's ({@link #copyColumnLabel}).
   */
  static boolean fieldLabel(char[] s, int at, Keywords words, Candidates out) {
    if (at == out.fieldLabelAt && words == out.fieldLabelWords) {
      return out.fieldLabelFound; // the phone rules ask twice for one number: the walks are not repeated
    }
    boolean found = columnLabel(s, at, words, out) || insertColumnLabel(s, at, words, out)
        || copyColumnLabel(s, at, words, out) || flattenedRowLabel(s, at, words, out)
        || alignedColumnLabel(s, at, words, out);
    out.fieldLabelAt = at;
    out.fieldLabelWords = words;
    out.fieldLabelFound = found;
    return found;
  }

  /**
   * Whether the value at {@code at} stands in a column of a fixed-width table (a mainframe
   * report, a payroll journal, {@code docker ps}) under a header holding one of {@code words}
   * there. The value's row has a run of two spaces; the header is the nearest line above, in the
   * same block of lines, whose fields (split at two or more spaces) are all words without digits,
   * and its field over the value's first character is the label: {@code NHS NUMBER    SURNAME⏎689
   * 770 8445  JONES}.
   */
  static boolean alignedColumnLabel(char[] s, int at, Keywords words, Candidates out) {
    return alignedColumnHeader(s, at, words, out) == HEADER_LABELS;
  }

  /** As {@link #alignedColumnLabel}, telling a header of another name ({@link #HEADER_OTHER}) from no header at all. */
  private static int alignedColumnHeader(char[] s, int at, Keywords words, Candidates out) {
    int ls = lineStart(s, at, out);
    if (ls <= 0) {
      return HEADER_NONE; // the first line (or too long a row): no header above
    }
    int le = at;
    while (le < s.length && le - at < LINE_WINDOW && s[le] != '\n') {
      le++;
    }
    if (!hasDoubleSpace(s, ls, le)) {
      return HEADER_NONE;
    }
    int x = at - ls;
    // back line by line to a header or a blank line; no further than the line of the last lookup,
    // whose header is known: each line of a long table is read once however many values it holds
    boolean cached = out.alignedScannedTo >= 0 && out.alignedScannedTo <= ls;
    int header = -1;
    int row = ls;
    while (row > 0) {
      if (cached && row == out.alignedScannedTo) {
        header = out.alignedHeader;
        break;
      }
      int pe = row - 1;
      int ps = pe;
      while (ps > 0 && s[ps - 1] != '\n') {
        ps--;
      }
      if (blankLine(s, ps, pe)) {
        break;
      }
      if (headerLine(s, ps, pe)) {
        header = ps;
        break;
      }
      row = ps;
    }
    out.alignedHeader = header;
    out.alignedScannedTo = ls;
    if (header < 0) {
      return HEADER_NONE;
    }
    int he = header;
    while (he < s.length && s[he] != '\n') {
      he++;
    }
    // the header's field over column x: words joined by single spaces
    int c = header + x;
    if (c >= he || s[c] == ' ') {
      return HEADER_OTHER; // a header with nothing over the value
    }
    int fs = c;
    while (fs > header && !(s[fs - 1] == ' ' && (fs - 1 == header || s[fs - 2] == ' '))) {
      fs--;
    }
    int fe = c;
    while (fe < he && s[fe] != '\r' && !(s[fe] == ' ' && (fe + 1 >= he || s[fe + 1] == ' '))) {
      fe++;
    }
    return keywordBefore(s, fe, words, fe - fs) ? HEADER_LABELS : HEADER_OTHER;
  }

  /** Whether {@code s[from, to)} holds two spaces in a row and no tab (tab-separated rows are the CSV rules'). */
  private static boolean hasDoubleSpace(char[] s, int from, int to) {
    boolean found = false;
    for (int j = from + 1; j < to; j++) {
      if (s[j] == '\t') {
        return false;
      }
      found |= s[j] == ' ' && s[j - 1] == ' ';
    }
    return found;
  }

  private static boolean blankLine(char[] s, int from, int to) {
    for (int j = from; j < to; j++) {
      if (s[j] != ' ' && s[j] != '\r' && s[j] != '\t') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code s[from, to)} reads as a fixed-width table's header: two or more fields split
   * at runs of two spaces, of letters and a few signs, no digits ("RUN DATE 2023-01-14   PAGE
   * 0001" is a report's title line, no header).
   */
  private static boolean headerLine(char[] s, int from, int to) {
    int fields = 0;
    boolean inField = false;
    for (int j = from; j < to; j++) {
      char c = s[j];
      if (c == ' ' || c == '\r') {
        if (inField && (j + 1 >= to || s[j + 1] == ' ' || s[j + 1] == '\r')) {
          inField = false;
        }
        continue;
      }
      if (isDigit(c) || c == '\t' || !(isLetter(c) || c == '-' || c == '_' || c == '.' || c == '#' || c == '/' || c == '('
          || c == ')' || c == '%' || c == '\'' || c == ':')) {
        return false;
      }
      if (!inField) {
        fields++;
        inField = true;
      }
    }
    return fields >= 2;
  }

  /**
   * Whether the value at {@code at} is a field of a delimited row flattened onto one line with its
   * header, the rows joined by a break of one to three symbols between spaces ({@code nr;PESEL ¶
   * 12;83040328026}, {@code a,b || 1,2 || 3,4}), and the header's field in its column holds one of
   * {@code words}. Every segment of the line up to the value's has as many separators.
   */
  static boolean flattenedRowLabel(char[] s, int at, Keywords words, Candidates out) {
    if (out.noRowBreakUpTo >= 0 && out.noRowBreakUpTo <= at && !newlineOrRowBreak(s, out.noRowBreakUpTo, at)) {
      out.noRowBreakUpTo = at; // the line so far holds no break: nothing before the value to be a header
      return false;
    }
    // most lines have no break at all: one pass back to the line start tells
    int b = at;
    while (b > 0 && at - b <= LINE_WINDOW && s[b - 1] != '\n'
        && !(s[b - 1] == ' ' && ROW_BREAK_SYMBOLS.indexOf(s[b]) >= 0)) {
      b--;
    }
    if (b == 0 || s[b - 1] == '\n') {
      out.noRowBreakUpTo = at;
      return false;
    }
    int ls = lineStart(s, at, out);
    if (ls < 0) {
      return false; // too long a line
    }
    int le = at;
    while (le < s.length && le - at < 4096 && s[le] != '\n' && s[le] != '\r') {
      le++;
    }
    // segments: [ls, first break), …; the value's segment is the last one starting before it
    int segStart = -1;
    int segEnd = le;
    int headerEnd = -1;
    for (int j = ls; j < le; j++) {
      int breakEnd = rowBreakEnd(s, j, le);
      if (breakEnd < 0) {
        continue;
      }
      if (breakEnd > at) {
        segEnd = j;
        break;
      }
      if (headerEnd < 0) {
        headerEnd = j;
      }
      segStart = breakEnd;
      j = breakEnd - 1;
    }
    if (segStart < 0) {
      out.noRowBreakUpTo = at;
      return false;
    }
    char sep = firstSeparator(s, segStart, segEnd);
    if (sep == 0) {
      return false;
    }
    int col = separators(s, segStart, at, sep);
    int seps = col + separators(s, at, segEnd, sep);
    // every segment from the header to the value's has the same shape
    int from = ls;
    for (int j = ls; j < segStart; j++) {
      int breakEnd = rowBreakEnd(s, j, le);
      if (breakEnd < 0) {
        continue;
      }
      if (separators(s, from, j, sep) != seps) {
        return false;
      }
      from = breakEnd;
      j = breakEnd - 1;
    }
    // the header's field number col
    int hs = ls;
    int k = 0;
    for (int j = ls; j < headerEnd; j++) {
      if (sameSeparator(s[j], sep)) {
        if (k == col) {
          return keywordBefore(s, j, words, j - hs);
        }
        k++;
        hs = j + 1;
      }
    }
    return k == col && keywordBefore(s, headerEnd, words, headerEnd - hs);
  }

  /** How far back a value's line start is looked for by the column and row rules. */
  private static final int LINE_WINDOW = 4096;

  /**
   * The start of the line holding {@code at} when it is at most {@link #LINE_WINDOW} chars back,
   * else -1. A stretch found to hold no line break is remembered, so the values of a long line
   * (minified JSON, a one-line export) do not each walk back the whole window.
   */
  static int lineStart(char[] s, int at, Candidates out) {
    int lim = Math.max(0, at - LINE_WINDOW);
    if (out.noNewlineTo >= 0 && out.noNewlineFrom <= lim && out.noNewlineTo <= at) {
      int j = at;
      while (j > out.noNewlineTo && s[j - 1] != '\n') {
        j--;
      }
      if (j > out.noNewlineTo || (j > 0 && s[j - 1] == '\n')) {
        return j >= lim ? j : -1;
      }
      out.noNewlineTo = at; // [noNewlineFrom, at) holds no line break
      return out.noNewlineFrom == 0 && lim == 0 ? 0 : -1;
    }
    int ls = at;
    while (ls > lim && s[ls - 1] != '\n') {
      ls--;
    }
    if (ls == 0 || s[ls - 1] != '\n') {
      out.noNewlineFrom = ls;
      out.noNewlineTo = at;
      return ls == 0 ? 0 : -1;
    }
    return ls;
  }

  /** Whether {@code s[from, to)} holds a line break or the start of a row break. */
  private static boolean newlineOrRowBreak(char[] s, int from, int to) {
    for (int j = from; j < to; j++) {
      if (s[j] == '\n' || (s[j] == ' ' && j + 1 < to && ROW_BREAK_SYMBOLS.indexOf(s[j + 1]) >= 0)) {
        return true;
      }
    }
    return false;
  }

  /** What a break between rows flattened onto one line is made of. */
  private static final String ROW_BREAK_SYMBOLS = "|¶>;/\\~•·→»↵⏎‖#-–—";

  /**
   * When a row break starts at {@code j} (a space, one to three of {@link #ROW_BREAK_SYMBOLS} other
   * than a column separator alone, a space: {@code " || "}, {@code " ¶ "}, {@code " >> "}; not a
   * currency sign, "1,50 € | 2,00 €"), the index after it; else -1.
   */
  private static int rowBreakEnd(char[] s, int j, int le) {
    if (s[j] != ' ' || j + 2 >= le) {
      return -1;
    }
    int k = j + 1;
    while (k < le && k - j <= 3 && ROW_BREAK_SYMBOLS.indexOf(s[k]) >= 0) {
      k++;
    }
    int len = k - j - 1;
    if (len == 0 || len > 3 || k >= le || s[k] != ' ' || (len == 1 && isColumnSeparator(s[j + 1]))) {
      return -1;
    }
    return k + 1;
  }

  /**
   * Whether the value at {@code at} is a field of a data row of a PostgreSQL dump's {@code COPY t
   * (a, b, …) FROM stdin;} (tab-separated, one row per line) whose column, at the same position
   * in the column list, holds one of {@code words}. Every line between the row and the COPY line
   * must be a data row (it holds a tab); the COPY line found is remembered with the lowest row
   * known to belong to it, so the rows of a long dump are walked once.
   */
  static boolean copyColumnLabel(char[] s, int at, Keywords words, Candidates out) {
    if (at == 0 || (s[at - 1] != '\t' && s[at - 1] != '\n')) {
      return false; // a COPY field starts after a tab or at a line start
    }
    int field = 0;
    int ls = at;
    while (ls > 0 && s[ls - 1] != '\n') {
      if (s[ls - 1] == '\t') {
        field++;
      }
      ls--;
      if (at - ls > 4096) {
        return false;
      }
    }
    if (ls == 0 || (field == 0 && (at >= s.length || lineHasNoTab(s, at)))) {
      return false;
    }
    int header = -1;
    int le = ls - 1; // the newline that ends the line above
    for (int rows = 0; rows < 100_000; rows++) {
      if (le == out.copyVerifiedRow - 1) {
        header = out.copyHeader;
        break;
      }
      if (le == out.copyRowWithout - 1) {
        break; // a row this walk passes was traced up before and had no COPY line above it
      }
      int ps = le;
      while (ps > 0 && s[ps - 1] != '\n' && le - ps <= 4096) {
        ps--;
      }
      if (regionMatchesCi(s, ps, "copy ", 0, 5)) {
        header = ps;
        break;
      }
      if (ps == 0 || le - ps > 4096 || s[ps - 1] != '\n' || lineHasNoTab(s, ps)) {
        break;
      }
      le = ps - 1;
    }
    if (header < 0) {
      // a TSV file without a COPY line: its next rows stop here instead of walking to its top again
      out.copyRowWithout = ls;
      return false;
    }
    out.copyHeader = header;
    out.copyVerifiedRow = ls;
    // COPY name (col, col, …) FROM stdin
    int open = header + 5;
    while (open < s.length && s[open] != '(' && s[open] != '\n') {
      open++;
    }
    if (open >= s.length || s[open] != '(') {
      return false;
    }
    int close = open + 1;
    while (close < s.length && s[close] != ')' && s[close] != '\n') {
      close++;
    }
    return close < s.length && s[close] == ')' && listedColumnLabel(s, open, close, field, words);
  }

  /** Whether the line at {@code from} (to its newline) holds no tab. */
  private static boolean lineHasNoTab(char[] s, int from) {
    for (int j = from; j < s.length && s[j] != '\n'; j++) {
      if (s[j] == '\t') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the value at {@code at} is a field of an SQL {@code INSERT INTO t (a, b, …) VALUES (…,
   * …)} row (or a later row of the same statement) whose column, at the same position in the column
   * list, holds one of {@code words}: {@code (id, name, steuer_id) VALUES (4101, 'Karl', '47132608004')}.
   */
  static boolean insertColumnLabel(char[] s, int at, Keywords words, Candidates out) {
    int j = at;
    if (j > 0 && (s[j - 1] == '\'' || s[j - 1] == '"')) {
      j--;
    }
    // back to the row's '(' counting the fields before the value, quotes respected
    int field = 0;
    char quote = 0;
    int lim = Math.max(0, j - 1024); // a row's start further back than this is not looked for
    if (out.noParenTo >= 0 && out.noParenTo <= j && lim >= out.noParenFrom && noParenOrSemicolon(s, out.noParenTo, j)) {
      // the window was walked for an earlier value and held no row start, nor does what follows:
      // the numbers of a long CSV export are not each walked back a kilobyte
      out.noParenTo = j;
      return false;
    }
    if (out.rowStopFrom >= 0 && out.rowStopFrom <= j && noParenSemicolonOrQuote(s, out.rowStopFrom, j)) {
      // an earlier walk from rowStopFrom met a ')' or ';' before any '(', and nothing between
      // changes what this walk would meet: log lines after a "…; …" are not each walked back
      out.rowStopFrom = j;
      return false;
    }
    int walkFrom = j;
    while (j > lim) {
      char c = s[j - 1];
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == ',') {
        field++;
      } else if (c == '(' || c == ')' || c == ';') {
        break;
      }
      j--;
    }
    if (j <= lim) {
      out.noParenFrom = lim;
      out.noParenTo = walkFrom;
      return false;
    }
    if (s[j - 1] != '(') {
      out.rowStopFrom = walkFrom;
      return false;
    }
    // VALUES before it, or earlier rows of the same VALUES list: ), (
    int k = j - 1;
    int rows = 0;
    while (true) {
      int w = skipSpacesBack(s, k);
      while (w > 0 && (s[w - 1] == '\n' || s[w - 1] == '\r')) {
        w = skipSpacesBack(s, w - 1);
      }
      if (w >= 6 && regionMatchesCi(s, w - 6, "values", 0, 6) && (w == 6 || !isAlnum(s[w - 7]))) {
        k = skipSpacesBack(s, w - 6);
        break;
      }
      if (w > 0 && s[w - 1] == ',' && rows < 1000) {
        int close = skipSpacesBack(s, w - 1);
        while (close > 0 && (s[close - 1] == '\n' || s[close - 1] == '\r')) {
          close = skipSpacesBack(s, close - 1);
        }
        int open = close > 0 && s[close - 1] == ')' ? matchingOpen(s, close - 1) : -1;
        if (open < 0) {
          return false;
        }
        k = open;
        rows++;
        continue;
      }
      return false;
    }
    if (k == 0 || s[k - 1] != ')') {
      return false;
    }
    int open = matchingOpen(s, k - 1);
    return open >= 0 && listedColumnLabel(s, open, k - 1, field, words);
  }

  /** The slashes in {@code s[from, to)}. */
  private static int slashes(char[] s, int from, int to) {
    int count = 0;
    for (int j = from; j < to; j++) {
      if (s[j] == '/') {
        count++;
      }
    }
    return count;
  }

  /** Whether {@code s[from, to)} holds no '(', ')', ';' or quote. */
  private static boolean noParenSemicolonOrQuote(char[] s, int from, int to) {
    for (int j = from; j < to; j++) {
      char c = s[j];
      if (c == '(' || c == ')' || c == ';' || c == '\'' || c == '"') {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s[from, to)} holds no '(', ')' or ';'. */
  private static boolean noParenOrSemicolon(char[] s, int from, int to) {
    for (int j = from; j < to; j++) {
      char c = s[j];
      if (c == '(' || c == ')' || c == ';') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether name number {@code field} of the column list between the parentheses at {@code open}
   * and {@code close} ({@code (id, "name", `ssn`)}) holds one of {@code words}.
   */
  private static boolean listedColumnLabel(char[] s, int open, int close, int field, Keywords words) {
    int col = 0;
    int cs = open + 1;
    for (int c = open + 1; c <= close; c++) {
      if (s[c] == ',' || c == close) {
        if (col == field) {
          int ce = c;
          while (cs < ce && (s[cs] == ' ' || s[cs] == '`' || s[cs] == '"' || s[cs] == '[')) {
            cs++;
          }
          while (ce > cs && (s[ce - 1] == ' ' || s[ce - 1] == '`' || s[ce - 1] == '"' || s[ce - 1] == ']')) {
            ce--;
          }
          return ce > cs && keywordBefore(s, ce, words, ce - cs);
        }
        col++;
        cs = c + 1;
      }
    }
    return false;
  }

  /** The '(' matching the ')' at {@code close}, outside quotes, within 4096 chars; else -1. */
  private static int matchingOpen(char[] s, int close) {
    int depth = 0;
    char quote = 0;
    for (int j = close; j >= 0 && close - j < 4096; j--) {
      char c = s[j];
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == ')') {
        depth++;
      } else if (c == '(' && --depth == 0) {
        return j;
      }
    }
    return -1;
  }

  /** Column separators of delimited rows. */
  /** The first column separator in {@code s[from, to)}, or 0. */
  private static char firstSeparator(char[] s, int from, int to) {
    for (int j = from; j < to; j++) {
      if (isColumnSeparator(s[j])) {
        return s[j];
      }
    }
    return 0;
  }

  /** {@code c} separates columns as {@code sep} does: a rich table's header has ┃ where its rows have │. */
  private static boolean sameSeparator(char c, char sep) {
    return c == sep || (sep >= '\u2502' && c >= '\u2502' && isColumnSeparator(c) && isColumnSeparator(sep));
  }

  private static boolean isColumnSeparator(char c) {
    // and the vertical lines of box-drawing tables (BigQuery, DuckDB, rich): │ ┃ ║
    return c == ',' || c == ';' || c == '\t' || c == '|' || c == '\u2502' || c == '\u2503' || c == '\u2551';
  }

  /**
   * Whether the value at {@code at} is a whole field of a delimited row under a header row whose
   * field in the same column holds one of {@code words}. The header is the top row of the block of
   * rows above with as many separators (rule lines such as {@code ---+---} are skipped).
   */
  static boolean columnLabel(char[] s, int at, Keywords words, Candidates out) {
    return columnHeader(s, at, words, out) == HEADER_LABELS;
  }

  /** {@link #columnHeader}: no header row above the value's row. */
  private static final int HEADER_NONE = 0;
  /** {@link #columnHeader}: the header of the value's column holds one of the words. */
  private static final int HEADER_LABELS = 1;
  /** {@link #columnHeader}: the value's column has a header, and it holds none of the words. */
  private static final int HEADER_OTHER = 2;

  /** As {@link #columnLabel}, telling a header of another name from no header at all. */
  private static int columnHeader(char[] s, int at, Keywords words, Candidates out) {
    int f = at;
    if (f > 0 && (s[f - 1] == '"' || s[f - 1] == '\'')) {
      f--;
    }
    while (f > 0 && s[f - 1] == ' ') {
      f--;
    }
    int ls = lineStart(s, f, out);
    if (ls <= 0) {
      return HEADER_NONE; // the first line (or too long a row): no header above
    }
    int le = at;
    while (le < s.length && le - at < 4096 && s[le] != '\n' && s[le] != '\r') {
      le++;
    }
    char sep;
    if (f > ls) {
      sep = s[f - 1];
      if (!isColumnSeparator(sep)) {
        return HEADER_NONE;
      }
    } else {
      sep = firstSeparator(s, at, le);
      if (sep == 0) {
        return HEADER_NONE;
      }
    }
    int col = separators(s, ls, f, sep);
    int seps = col + separators(s, f, le, sep);
    // the rows above with as many separators, up to the block's top row: the header
    // <=: the same row is looked up again for each type its value may be (BSN, then phone), and a
    // second lookup walking to the top of a long export made it quadratic
    boolean known = out.blockHeader >= 0 && out.blockSeparator == sep && out.blockSeparators == seps
        && out.blockVerifiedRow <= ls;
    int top = blockTopFrom(s, ls, sep, seps, known ? out.blockVerifiedRow : -1, out.blockHeader);
    if (top == ls) {
      return HEADER_NONE; // no row of the same shape above: no header
    }
    out.blockHeader = top;
    out.blockVerifiedRow = ls;
    out.blockSeparator = sep;
    out.blockSeparators = seps;
    // the header's field number col
    int hs = top;
    int k = 0;
    boolean quoted = false;
    int he = top;
    while (he < s.length && s[he] != '\n' && s[he] != '\r') {
      char c = s[he];
      if (c == '"') {
        quoted = !quoted;
      } else if (sameSeparator(c, sep) && !quoted) {
        if (k == col) {
          break;
        }
        k++;
        hs = he + 1;
      }
      he++;
    }
    if (k != col || he <= hs) {
      return HEADER_NONE;
    }
    return keywordBefore(s, he, words, he - hs) ? HEADER_LABELS : HEADER_OTHER;
  }

  /**
   * The top row of the block of rows with {@code seps} separators that the row at {@code ls} ends,
   * walking back from it; when the walk reaches {@code knownRow} (a row already known to be in the
   * block headed at {@code knownTop}) the answer is {@code knownTop}. {@code ls} itself when the
   * row before is not of the block.
   */
  private static int blockTopFrom(char[] s, int ls, char sep, int seps, int knownRow, int knownTop) {
    int row = ls;
    int top = ls;
    for (int rows = 0; row > 0 && rows < 100_000; rows++) {
      if (row == knownRow) {
        return knownTop;
      }
      int pe = row - 1; // the '\n' ending the row above
      int ps = pe;
      while (ps > 0 && s[ps - 1] != '\n') {
        ps--;
      }
      int end = pe > ps && s[pe - 1] == '\r' ? pe - 1 : pe;
      if (ruleLine(s, ps, end)) {
        row = ps;
        continue;
      }
      if (end == ps) {
        break;
      }
      if (separators(s, ps, end, sep) != seps) {
        // a CSV carried in a JSON string ({"text": "id,name,ssn\n1,…"}, its \n blanked): the header
        // row starts after the string's opening quote, and the JSON before it is no field
        int inString = jsonStringStart(s, ps, end);
        if (inString > ps && separators(s, inString, end, sep) == seps) {
          top = inString;
        }
        break;
      }
      row = ps;
      top = ps;
    }
    return top;
  }

  /**
   * On the line {@code s[from, to)}, the index after the last opening quote of a JSON string
   * value ({@code "text": "}, {@code ["}), or -1.
   */
  private static int jsonStringStart(char[] s, int from, int to) {
    for (int q = to - 1; q > from; q--) {
      if (s[q] != '"') {
        continue;
      }
      int p = skipSpacesBack(s, q);
      if (p > from && s[p - 1] == '[') {
        return q + 1;
      }
      if (p > from + 1 && s[p - 1] == ':') {
        int key = skipSpacesBack(s, p - 1);
        if (key > from && s[key - 1] == '"') {
          return q + 1;
        }
      }
    }
    return -1;
  }

  /**
   * A table's rule line: only '-', '=', '+', '|', ':', spaces and box-drawing characters, with at
   * least three dashes, equals signs or horizontal box lines.
   */
  private static boolean ruleLine(char[] s, int from, int to) {
    int dashes = 0;
    for (int j = from; j < to; j++) {
      char c = s[j];
      if (c == '-' || c == '=' || c == '\u2500' || c == '\u2501' || c == '\u2550') {
        dashes++;
      } else if (c != '+' && c != '|' && c != ':' && c != ' ' && (c < '\u2500' || c > '\u257F')) {
        return false;
      }
    }
    return dashes >= 3;
  }

  /** Separators in [from, to) outside double quotes. */
  private static int separators(char[] s, int from, int to, char sep) {
    int count = 0;
    boolean quoted = false;
    for (int j = from; j < to; j++) {
      char c = s[j];
      if (c == '"') {
        quoted = !quoted;
      } else if (sameSeparator(c, sep) && !quoted) {
        count++;
      }
    }
    return count;
  }

  private static int skipSpacesBack(char[] s, int j) {
    while (j > 0 && (s[j - 1] == ' ' || s[j - 1] == '\t' || s[j - 1] == '\u00a0')) {
      j--;
    }
    return j;
  }

  private static boolean isListWord(char[] s, int from, int to) {
    for (char[] w : LIST_WORDS) {
      if (w.length == to - from && lower(s[from]) == w[0] && matchesLower(s, from, w)) {
        return true;
      }
    }
    return false;
  }

  /** Whether one of {@code words} occurs (case-insensitively) in the 48 chars before {@code at}. */
  static boolean keywordBefore(char[] s, int at, Keywords words) {
    return keywordBefore(s, at, words, 48);
  }

  /** As {@link #keywordBefore(char[], int, Keywords, int)}, for a list built on the spot (tests). */
  static boolean keywordBefore(char[] s, int at, String[] words, int window) {
    return keywordBefore(s, at, new Keywords(words), window);
  }

  /**
   * Whether one of {@code words} (lower case) occurs, case-insensitively and as a whole label, in
   * the {@code window} chars before {@code at} with no other number between it and {@code at}: the
   * nearest label after the last number belongs to the value ("ring +45 56 23 09 76 or tlf. 90 77
   * 44 19": tlf. labels the second number; a label before the first belongs to the first). One
   * pass back over the window, comparing only where a character can start a word.
   */
  static boolean keywordBefore(char[] s, int at, Keywords words, int window) {
    return keywordStart(s, at, words, window) >= 0;
  }

  /** As {@link #keywordBefore(char[], int, Keywords, int)}: the start of the nearest such word, else -1. */
  static int keywordStart(char[] s, int at, Keywords words, int window) {
    int from = Math.max(0, at - window);
    int len = at - from;
    for (int k = len - 1; k >= 0; k--) {
      char raw = s[from + k];
      if (raw >= '0' && raw <= '9') {
        if (inPercentEscape(s, from + k)) {
          continue; // billing%5Bphone%5D=…: the 5 of an escape is no other number
        }
        int clock = lineStartClockStart(s, from + k);
        if (clock < 0) {
          return -1;
        }
        k = clock - from; // a chat line's time, "[10:03] Amelia: sure it's …", is no other number
        continue;
      }
      char c = lower(raw);
      int[] candidates = c < 128 ? words.byFirst[c] : words.nonAsciiFirst;
      if (candidates == null || (c < 128 && k + 1 < len && !words.mayStart(c, lower(s[from + k + 1])))) {
        continue;
      }
      for (int w = 0; w < candidates.length; w++) {
        char[] word = words.chars[candidates[w]];
        int wl = word.length;
        if (k > len - wl || word[0] != c || !matchesLower(s, from + k, word)) {
          continue;
        }
        int ws = from + k;
        int we = ws + wl;
        // a camelCase name is words too: nhsNumber, patientNhsNo
        boolean startOk = ws == 0 || !isAlnum(lower(s[ws - 1])) || (isLower(s[ws - 1]) && isUpper(s[ws]))
            || escapeEndsAt(s, ws); // billing%5Bphone%5D
        // and an acronym before a capitalised word: NHSNumber, BSNNummer, SSNValue
        boolean endOk = k + wl >= len || !isAlnum(lower(s[we])) || wl > 4 || (isLower(s[we - 1]) && isUpper(s[we]))
            || (isUpper(s[we - 1]) && isUpper(s[we]) && we + 1 < s.length && isLower(s[we + 1]));
        if (startOk && endOk) {
          return ws;
        }
      }
    }
    return -1;
  }

  /** Whether the digit at {@code d} is a hex digit of a percent escape ({@code %5B}, {@code %20}). */
  private static boolean inPercentEscape(char[] s, int d) {
    return d >= 1 && s[d - 1] == '%' && d + 1 < s.length && isHex(s[d + 1]) || escapeEndsAt(s, d + 1);
  }

  /** Whether a percent escape ({@code %5B}, {@code %20}) ends right before {@code p}. */
  private static boolean escapeEndsAt(char[] s, int p) {
    return p >= 3 && s[p - 3] == '%' && isHex(s[p - 2]) && isHex(s[p - 1]);
  }

  /**
   * When the digit at {@code d} ends a time of day that opens a line of a chat or transcript
   * ({@code 10:03 }, {@code [10:03] }, {@code (10:03:59) }), the index of the time's first digit;
   * else -1. The question on the line before ("Could you confirm your NHS number?") labels the
   * answer after the time.
   */
  private static int lineStartClockStart(char[] s, int d) {
    int e = d + 1;
    if (e < s.length && s[e] != ']' && s[e] != ')' && s[e] != ' ') {
      return -1;
    }
    int j = d;
    int digits = 0;
    int colons = 0;
    while (j >= 0 && d - j < 8 && (isDigit(s[j]) || s[j] == ':')) {
      if (s[j] == ':') {
        if (digits != 2) {
          return -1;
        }
        colons++;
        digits = 0;
      } else {
        digits++;
      }
      j--;
    }
    if (colons == 0 || colons > 2 || digits < 1 || digits > 2) {
      return -1;
    }
    int start = j + 1;
    if (j >= 0 && (s[j] == '[' || s[j] == '(')) {
      j--;
    }
    return j < 0 || s[j] == '\n' || s[j] == '\r' ? start : -1;
  }

  /** Lower-case labels searched for before a value, indexed by first character. */
  static final class Keywords {
    final String[] words;
    /** The words as char arrays, compared on the hot path without String's per-character checks. */
    final char[][] chars;
    final int[][] byFirst = new int[128][];
    final int[] nonAsciiFirst;
    /**
     * For an ASCII first letter, the second letters its words have, as bits (ASCII 0-63 in {@code
     * secondLow}, 64-127 in {@code secondHigh}); {@code anySecond} where a word has one letter or
     * a non-ASCII second. Most letters in a label window start no keyword's first two letters:
     * they are passed over without comparing word by word.
     */
    private final long[] secondLow = new long[128];
    private final long[] secondHigh = new long[128];
    private final boolean[] anySecond = new boolean[128];

    Keywords(String... words) {
      for (String w : words) {
        if (w.isEmpty() || w.chars().anyMatch(Character::isDigit)) {
          // keywordBefore stops at the first digit it meets: a label never contains one
          throw new IllegalArgumentException("a keyword is non-empty and has no digits: " + w);
        }
      }
      this.words = words.clone();
      this.chars = new char[words.length][];
      for (int i = 0; i < words.length; i++) {
        chars[i] = words[i].toCharArray();
      }
      int[] nonAscii = new int[0];
      for (int i = 0; i < words.length; i++) {
        char c = words[i].charAt(0);
        if (c < 128) {
          byFirst[c] = append(byFirst[c], i);
          char second = words[i].length() > 1 ? words[i].charAt(1) : 0;
          if (second == 0 || second >= 128) {
            anySecond[c] = true;
          } else if (second < 64) {
            secondLow[c] |= 1L << second;
          } else {
            secondHigh[c] |= 1L << (second - 64);
          }
        } else {
          nonAscii = append(nonAscii, i);
        }
      }
      this.nonAsciiFirst = nonAscii.length == 0 ? null : nonAscii;
    }

    /** Whether a word may start with the ASCII letter {@code first} and then {@code second} (lower case). */
    boolean mayStart(char first, char second) {
      if (anySecond[first]) {
        return true;
      }
      if (second >= 128) {
        return false;
      }
      return second < 64 ? (secondLow[first] & 1L << second) != 0 : (secondHigh[first] & 1L << (second - 64)) != 0;
    }

    /** The same words, in the same order, less {@code dropped}. */
    Keywords without(String... dropped) {
      java.util.List<String> drop = java.util.List.of(dropped);
      return new Keywords(java.util.Arrays.stream(words).filter(w -> !drop.contains(w)).toArray(String[]::new));
    }

    private static int[] append(int[] a, int i) {
      int[] r = a == null ? new int[1] : java.util.Arrays.copyOf(a, a.length + 1);
      r[r.length - 1] = i;
      return r;
    }
  }

  /** Lower case as the keyword search sees it: ASCII fast, anything else through Character. */
  static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c | 0x20)
        : c < 128 || (Bmp.FLAGS[c] & Bmp.UPPER) == 0 ? c : Character.toLowerCase(c);
  }

  private static boolean matchesLower(char[] s, int at, char[] word) {
    for (int i = 1; i < word.length; i++) {
      if (lower(s[at + i]) != word[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the word (letters only) just before {@code at}, skipping a few separators ({@code
   * version=}, {@code "version": "}, {@code <version>}, {@code Version("}), is one of {@link
   * #VERSION_WORDS} or ends with one of the longer ones ({@code ProductVersion}, {@code appBuild}),
   * ignoring case. The words are ASCII; of the other letters only the Kelvin sign lower-cases to
   * one of theirs ({@code toLowerCase} reads it as 'k'), so the rest are compared as they are.
   */
  private static boolean versionWordBefore(char[] s, int at) {
    int k = at;
    int skipped = 0;
    while (k > 0 && skipped < 5) {
      char c = s[k - 1];
      if (c == ' ' || c == '=' || c == ':' || c == '"' || c == '\'' || c == '#' || c == '\t' || c == '>'
          || c == '(' || c == '|') {
        k--;
        skipped++;
      } else {
        break;
      }
    }
    int e = k;
    while (k > 0 && e - k < 24 && isLetter(s[k - 1])) {
      k--;
    }
    for (String w : VERSION_WORDS) {
      if (w.length() == e - k && versionWordAt(s, k, w)) {
        return true;
      }
    }
    for (String w : VERSION_SUFFIXES) {
      int b = e - w.length();
      // a camelCase part (ProductVersion, appBuild), not a word that ends so (conversion, rebuild)
      if (b > k && isUpper(s[b]) && !isUpper(s[b - 1]) && versionWordAt(s, b, w)) {
        return true;
      }
    }
    return false;
  }

  /** The version words that also end compound names: ProductVersion, AssemblyVersion, appBuild. */
  private static final String[] VERSION_SUFFIXES = {"version", "build", "release", "revision", "firmware"};

  private static boolean versionWordAt(char[] s, int at, String lower) {
    for (int j = 0; j < lower.length(); j++) {
      char c = s[at + j];
      char l = c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c == '\u212A' ? 'k' : c;
      if (l != lower.charAt(j)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The start of the comma-separated list of dotted numbers that ends with the one at {@code at}
   * ({@code version 6.2.0.9,4.9.8.3}): the label before the list labels each of its items.
   */
  private static int dottedListStart(char[] s, int at) {
    int k = at;
    while (k > 1 && s[k - 1] == ',' && isDigit(s[k - 2])) {
      int j = k - 1;
      while (j > 0 && (isDigit(s[j - 1]) || s[j - 1] == '.') && k - j < 64) {
        j--;
      }
      k = j;
    }
    return k;
  }

  // ---------------------------------------------------------------- words: IBAN, ids, secrets

  /** "-----BEGIN" in base64, as a PEM block starts when it is stored encoded. */
  private static final String BASE64_PEM_BEGIN = "LS0tLS1CRUdJTi";

  /**
   * End of a base64-encoded PEM private key at {@code i} (kubeconfig's client-key-data, a
   * Kubernetes Secret's tls.key, an environment variable), else -1: its first line decoded must be
   * {@code -----BEGIN … PRIVATE KEY-----}. A certificate or public key encoded so is not a secret.
   */
  private static int base64PrivateKeyEnd(char[] s, int i) {
    int e = i;
    while (e < s.length && e - i < 16384 && (isAlnum(s[e]) || s[e] == '+' || s[e] == '/' || s[e] == '=')) {
      e++;
    }
    int head = Math.min(e - i, 80) & ~3;
    if (e - i < 64) {
      return -1;
    }
    byte[] decoded;
    try {
      decoded = java.util.Base64.getDecoder().decode(new String(s, i, head));
    } catch (IllegalArgumentException notBase64) {
      return -1;
    }
    String first = new String(decoded, java.nio.charset.StandardCharsets.ISO_8859_1);
    int lineEnd = first.indexOf('\n');
    String line = lineEnd < 0 ? first : first.substring(0, lineEnd);
    return line.startsWith("-----BEGIN ") && line.contains("PRIVATE KEY") ? e : -1;
  }

  /** Card codes of airline reservation systems' forms of payment: Visa, Mastercard, Amex, Diners, Discover, JCB, UATP. */
  private static final String[] GDS_CARD_CODES = {"vi", "ca", "mc", "ax", "dc", "ds", "jc", "tp"};

  /**
   * A card number glued to its card code in a booking's form of payment (Amadeus {@code FP
   * CCVI4539051563280838/0229}, Sabre {@code FOP AX375881471845677}): "CC" or nothing, a card code,
   * then the number, which must pass as a card does on its own.
   */
  private static void gdsCard(char[] s, int i, int wordEnd, Candidates out) {
    int p = i;
    if (s[p] == 'C' && s[p + 1] == 'C') {
      p += 2;
    }
    if (p + 2 >= wordEnd || !inCi(s, p, p + 2, GDS_CARD_CODES) || !isUpper(s[p]) || !isDigit(s[p + 2])) {
      return;
    }
    int d = p + 2;
    int nd = wordEnd - d;
    if (nd < 13 || nd > 19) {
      return;
    }
    int[] dg = new int[nd];
    for (int j = 0; j < nd; j++) {
      if (!isDigit(s[d + j])) {
        return;
      }
      dg[j] = s[d + j] - '0';
    }
    if (Checks.card(dg, nd)) {
      out.add(d, wordEnd, "CREDIT_CARD", PRIO_STRONG);
    }
  }

  /** What may follow a name that is a whole field of a row ({@link #secretField}): a space, a qualifier, a separator, a line end. */
  private static final boolean[] FIELD_END = new boolean[128];

  static {
    for (char c : " [(*\",;\t|\n\r".toCharArray()) {
      FIELD_END[c] = true;
    }
  }

  private int onWord(char[] s, int i, Candidates out) {
    int n = s.length;
    int wordEnd = skipWord(s, i + 1);
    int consumed = wordEnd;
    char c0 = s[i];
    int len = wordEnd - i;
    if (card && len >= 15 && isUpper(c0) && isUpper(s[i + 1])) {
      gdsCard(s, i, wordEnd, out);
    }
    // the name's last letters first: most words here (a log's INFO, DEBUG) end like no key
    if (apiKey && (wordEnd == n || FIELD_END[Math.min(s[wordEnd], 127)])
        && (keySuffix(s, i, wordEnd) || (len == 3 && apiBefore(s, i)))) {
      secretField(s, i, wordEnd, out);
    }
    if (apiKey && len >= 3 && len <= 10 && PROSE_NOUN_INITIAL.indexOf(c0 | 0x20) >= 0) {
      // also at the end of a compound: "Das WLAN-Passwort lautet …"
      int e = passwordInProse(s, i, wordEnd, out);
      if (e > 0) {
        return e;
      }
    }
    if (i > 0) {
      char p = s[i - 1];
      if (p == '-' || p == '.' || p == '/') {
        // inside a compound token (file-name.ext, path/part, id-part); an MT940 field's code is no
        // part of its value (:86:…/IBAN/NL45ABNA0417164300/BIC/…)
        if (i > 1 && isAlnum(s[i - 2]) && !(p == '/' && i >= 6 && s[i - 6] == '/' && regionMatchesCi(s, i - 5, "iban", 0, 4))) {
          return wordEnd;
        }
      }
    }
    if (apiKey && (len == 8 && (c0 == 'p' || c0 == 'P') || len == 10 && (c0 == 'i' || c0 == 'I'))) {
      int e = sqlPassword(s, i, wordEnd, out);
      if (e > 0) {
        return e;
      }
    }
    if (apiKey && (c0 == 'b' || c0 == 'B') && len == 6) {
      // the scan goes on into the token: a JWT there is found as such and wins on priority
      bearerToken(s, i, wordEnd, out);
    }
    if (iban && c0 >= 'a' && i + 3 < n && isLower(s[i + 1]) && isDigit(s[i + 2]) && isDigit(s[i + 3])
        && keywordBefore(s, i, IBAN_WORDS)) {
      // pasted from a form in lower case: only after an IBAN label, the checksum alone is 1 in 97
      int e = tryIban(s, i);
      if (e > 0) {
        out.add(i, e, "IBAN", PRIO_STRONG);
        return Math.max(consumed, e);
      }
    }
    if (isUpper(c0) && i + 3 < n) {
      if (iban && isUpper(s[i + 1]) && isDigit(s[i + 2]) && isDigit(s[i + 3])) {
        int e = tryIban(s, i);
        if (e > 0) {
          out.add(i, e, "IBAN", PRIO_STRONG);
          consumed = Math.max(consumed, e);
        } else if (e < -1) {
          // an IBAN whose check digits fail is a wrong IBAN, not a card or phone number inside one:
          // IT71 R089 0611 8932 1053 6264 291 holds no phone, ES33 6486 9458 2147 4844 0039 no card
          consumed = Math.max(consumed, ~e);
        }
      }
      if ((awsKey || awsSecret) && len == 20 && (startsWith(s, "AKIA", i) || startsWith(s, "ASIA", i))
          && upperAlnum(s, i + 4, wordEnd) && !sameCharBody(s, i + 4, wordEnd)) {
        if (awsKey) {
          out.add(i, wordEnd, "AWS_ACCESS_KEY", PRIO_STRONG);
        }
        if (awsSecret) {
          secretNear(s, i, wordEnd, out);
        }
      }
      if (apiKey && c0 == 'B' && startsWith(s, "BEGIN ", i) && startsWith(s, "-----", i - 5)) {
        int e = privateKeyEnd(s, i - 5);
        if (e > 0) {
          out.add(i - 5, e, "API_KEY", PRIO_STRONG);
          return Math.max(consumed, e);
        }
      }
      if (apiKey && c0 == 'L' && startsWith(s, BASE64_PEM_BEGIN, i)) {
        int e = base64PrivateKeyEnd(s, i);
        if (e > 0) {
          out.add(i, e, "API_KEY", PRIO_STRONG);
          return Math.max(consumed, e);
        }
      }
      if (apiKey && c0 == 'S' && startsWith(s, "SG.", i)) {
        // SendGrid: SG.<22>.<43>, base64url parts
        int e1 = tokenEnd(s, i + 3);
        if (e1 - (i + 3) == 22 && e1 < n && s[e1] == '.') {
          int e2 = tokenEnd(s, e1 + 1);
          if (e2 - (e1 + 1) == 43 && boundaryAfterToken(s, e2)) {
            out.add(i, e2, "API_KEY", PRIO_STRONG);
            consumed = Math.max(consumed, e2);
          }
        }
      }
      if (apiKey && c0 == 'A' && startsWith(s, "AIza", i)) {
        int e = tokenEnd(s, i + 4);
        if (e - i == 39 && boundaryAfterToken(s, e)) {
          out.add(i, e, "API_KEY", PRIO_STRONG);
          consumed = Math.max(consumed, e);
        }
      }
      if (apiKey && (c0 == 'G' || c0 == 'N' || c0 == 'P' || c0 == 'A')) {
        int e = upperPrefixedToken(s, i);
        if (e > 0) {
          out.add(i, e, "API_KEY", PRIO_STRONG);
          consumed = Math.max(consumed, e);
        }
      }
      if (cf && len == 16) {
        if (Checks.codiceFiscale(sub(s, i, i + 16))) {
          out.add(i, i + 16, "IT_FISCAL_CODE", PRIO_STRONG);
        }
      }
      if (nie && (c0 == 'X' || c0 == 'Y' || c0 == 'Z')
          && (isDigit(s[i + 1]) || (s[i + 1] == '-' && isDigit(s[i + 2])))) {
        int e = tryNie(s, i);
        if (e > 0) {
          out.add(i, e, "ES_NIE", PRIO_STRONG);
          consumed = Math.max(consumed, e);
        }
      }
    } else if (c0 == 'e') {
      if (jwt && startsWith(s, "eyJ", i)) {
        int e = tryJwt(s, i);
        if (e > 0) {
          out.add(i, e, "JWT", PRIO_JWT);
          consumed = Math.max(consumed, e);
        }
      }
    } else if (apiKey && (c0 == 's' || c0 == 'r' || c0 == 'g' || c0 == 'x' || c0 == 'n' || c0 == 'h' || c0 == 'p'
        || c0 == 'd' || c0 == 'k')) {
      int e = tryKnownToken(s, i);
      if (e > 0) {
        out.add(i, e, "API_KEY", PRIO_STRONG);
        consumed = Math.max(consumed, e);
      }
    }
    return consumed;
  }

  /**
   * End of a PEM private key whose {@code -----BEGIN} is at {@code st} (RSA, EC, DSA, OPENSSH,
   * ENCRYPTED, PGP ... PRIVATE KEY), else -1: through its {@code -----END ...-----} line when one
   * follows within 16 KB, otherwise through the base64 body after the header (lines, or the
   * {@code \n} escapes of a JSON string). Public keys and certificates are not secrets.
   */
  private static int privateKeyEnd(char[] s, int st) {
    int n = s.length;
    int label = st + 11;
    int close = indexOf(s, "-----", label, Math.min(n, label + 48));
    if (close < 0 || !new String(s, label, close - label).contains("PRIVATE KEY")) {
      return -1;
    }
    int body = close + 5;
    int end = indexOf(s, "-----END ", body, Math.min(n, body + 16384));
    if (end >= 0) {
      int endClose = indexOf(s, "-----", end + 9, Math.min(n, end + 9 + 48));
      if (endClose >= 0) {
        return endClose + 5;
      }
    }
    int k = body;
    int last = body;
    while (k < n) {
      char c = s[k];
      if (isAlnum(c) || c == '+' || c == '/' || c == '=') {
        k++;
        last = k;
      } else if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
        k++;
      } else if (c == '\\' && k + 1 < n && (s[k + 1] == 'n' || s[k + 1] == 'r')) {
        k += 2;
      } else {
        break;
      }
    }
    return last;
  }

  private static int indexOf(char[] s, String what, int from, int to) {
    for (int k = from; k + what.length() <= to; k++) {
      if (startsWith(s, what, k)) {
        return k;
      }
    }
    return -1;
  }

  /**
   * "Password" in prose, Latin letters folded to ASCII ({@link #latinFold}): English and German,
   * Dutch, Spanish, Swedish (with its definite form), Norwegian, Polish, Czech, Portuguese, Finnish;
   * French "mot de passe" is matched from "mot" ({@link #passwordInProse}); "secret", "token", and
   * "key" after "API".
   */
  private static final String[] PASSWORD_NOUNS = {
    "password", "passwort", "passcode", "passphrase", "kennwort", "wachtwoord", "contrasena", "losenord",
    "losenordet", "passord", "passordet", "haslo", "heslo", "senha", "salasana", "mot", "secret", "token", "key"
  };
  /** First letters of {@link #PASSWORD_NOUNS}, lower case. */
  private static final String PROSE_NOUN_INITIAL = "pkwclhsmt";
  private static final String[] PASSWORD_VERBS = {
    "is", "was", "ist", "lautet", "war", "est", "è", "é", "es", "är", "er", "jest", "je", "on", "era", "était", "to"
  };

  /**
   * Whether the word at {@code i} may begin one of the non-English {@link #PASSWORD_NOUNS}: the
   * scan sends such words to {@link #onWord} (three to seven letters compared, so "content",
   * "way" and "most" are not sent).
   */
  private static boolean passwordNounStart(char[] s, int i) {
    // by first letter: every word starting with c, h, k, l, m, s or w comes here, and comparing it
    // with all ten starts was 5% of a scan of prose
    char c = s[i];
    int[] starts = c < 128 ? PASSWORD_NOUN_STARTS.byFirst[c | 0x20] : null;
    if (starts != null) {
      for (int k : starts) {
        if (foldedStartsWith(s, i, PASSWORD_NOUN_STARTS.chars[k])) {
          return true;
        }
      }
    }
    return false;
  }

  /** Starts of the non-English password nouns, looked up by their first letter. */
  private static final Keywords PASSWORD_NOUN_STARTS = new Keywords(
      "kennw", "wacht", "contras", "losen", "mot de passe", "senha", "salasa", "hasl", "hesl", "secret");

  /** Whether the word at {@code i} starts with "token", any case. */
  private static boolean tokenNoun(char[] s, int i) {
    return i + 4 < s.length && (s[i + 1] | 0x20) == 'o' && (s[i + 2] | 0x20) == 'k' && (s[i + 3] | 0x20) == 'e'
        && (s[i + 4] | 0x20) == 'n';
  }

  /** Whether "API " (any case, a whole word) ends just before {@code i}: "the API key is …". */
  private static boolean apiBefore(char[] s, int i) {
    return i >= 4 && s[i - 1] == ' ' && (s[i - 4] | 0x20) == 'a' && (s[i - 3] | 0x20) == 'p' && (s[i - 2] | 0x20) == 'i'
        && (i == 4 || !isWordChar(s[i - 5]));
  }

  /** As {@link #foldedStartsWith(char[], int, String)}, for a word held as chars (the hot path's). */
  private static boolean foldedStartsWith(char[] s, int at, char[] lower) {
    if (at + lower.length > s.length) {
      return false;
    }
    for (int k = 0; k < lower.length; k++) {
      char c = s[at + k];
      c = c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : latinFold(c);
      if (c != lower[k]) {
        return false;
      }
    }
    return true;
  }

  /** {@code s} at {@code at} starts with {@code lower}, compared as {@link #latinFold} folds. */
  private static boolean foldedStartsWith(char[] s, int at, String lower) {
    if (at + lower.length() > s.length) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      char c = s[at + k];
      c = c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : latinFold(c);
      if (c != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s[from, to)} is one of {@code words}, compared as {@link #latinFold} folds. */
  private static boolean inFolded(char[] s, int from, int to, String[] words) {
    for (String w : words) {
      if (w.length() == to - from && foldedStartsWith(s, from, w)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A password told in prose ("my password is Tr0ub4dor&3", "Passwort ist …"): the word after the
   * verb, when it looks like a secret (as free text after {@code token:} must: eight or more
   * characters of two kinds, with a digit or a symbol). Returns the end of the value, else -1.
   */
  private static int passwordInProse(char[] s, int i, int wordEnd, Candidates out) {
    int n = s.length;
    if (!inFolded(s, i, wordEnd, PASSWORD_NOUNS)) {
      return -1;
    }
    int k = wordEnd;
    boolean mot = false;
    if (wordEnd - i == 3) {
      mot = foldedStartsWith(s, i, "mot de passe");
      if (mot) {
        k = i + 12;
      } else if (!apiBefore(s, i) || (s[i] | 0x20) != 'k') {
        return -1; // "key" alone is too common a word ("the key is to …")
      }
    }
    int gap = k;
    while (k < n && k - gap < 2 && (s[k] == ' ' || s[k] == '\u00A0' || s[k] == '\u202F')) {
      k++;
    }
    if (mot && k < n && s[k] == ':') {
      // "mot de passe : x", with the (no-break) space French puts before a colon; a one-word name
      // before a colon is onAssignment's
      k++;
    } else {
      if (k - gap != 1 || s[gap] != ' ') {
        return -1;
      }
      // the noun, then the value with no verb: "rate limit hit for api key tk_live_…", "revoked
      // token ghx_…": taken only when it can be nothing but a generated key
      int direct = generatedKeyAt(s, k);
      if (direct > 0) {
        out.add(k, direct, "API_KEY", PRIO_ASSIGNMENT);
        return direct;
      }
      int verb = k;
      int verbEnd = verbChainEnd(s, verb);
      if (verbEnd < 0) {
        verbEnd = skipWord(s, verb);
        if (inCi(s, verb, verbEnd, PROSE_PREPOSITIONS)) {
          // "the password for the admin account is …": up to four words, then the verb
          verbEnd = verbAfterPhrase(s, verbEnd);
        } else {
          verbEnd = -1;
        }
        if (verbEnd < 0) {
          if (netrcLogin(s, i)) {
            return netrcPassword(s, k, out);
          }
          colonInSentence(s, wordEnd, out);
          return -1; // the scan goes on through the sentence: a phone number may stand in it
        }
      }
      k = verbEnd;
      if (k < n && s[k] == ':') {
        k++;
      }
    }
    if (k >= n || s[k] != ' ') {
      return -1;
    }
    k++;
    if (k < n && (s[k] == '"' || s[k] == '\'' || s[k] == '`')) {
      k++;
    }
    return toldValue(s, k, out);
  }

  /** The end of the word at {@code at} when it is a {@link #randomKey} standing alone in a sentence, else -1. */
  private static int generatedKeyAt(char[] s, int at) {
    int e = at;
    while (e < s.length && e - at <= 128 && (isAlnum(s[e]) || s[e] == '_' || s[e] == '-')) {
      e++;
    }
    boolean alone = e == s.length || Character.isWhitespace(s[e]) || ".,;:)]}!?'\"`".indexOf(s[e]) >= 0;
    return alone && randomKey(s, at, e) ? e : -1;
  }

  /**
   * After a password noun ending at {@code from}, a colon later in the same sentence and the value
   * after it: "Temporary password issued by phone to +46 72 742 22 64: huU5g68EdaLC0", "New password
   * (valid 24 h): …". Only a sentence's words, numbers and parentheses may stand between (no
   * sentence end, line break, quote, option or assignment), and a value holding '=' or '/' is a
   * setting ("min_length=12", "application/json"). The value is added as {@link #toldValue} adds it.
   */
  private static void colonInSentence(char[] s, int from, Candidates out) {
    int n = s.length;
    for (int k = from; k + 2 < n && k - from < 80; k++) {
      char c = s[k];
      if (c == ':' && k > from + 1 && s[k + 1] == ' ' && s[k + 2] > ' ') {
        int st = k + 2;
        if (s[st] == '"' || s[st] == '\'' || s[st] == '`') {
          st++;
        }
        int e = st;
        while (e < n && e - st < 128 && s[e] > ' ' && s[e] != '=' && s[e] != '/') {
          e++;
        }
        if (e == n || s[e] <= ' ') {
          toldValue(s, st, out);
        }
        return;
      }
      // words, numbers and a parenthesis of a sentence: a command line's quotes, options and
      // assignments are no sentence ("-u user:password -H 'Content-Type: application/json'")
      if (!(isLetter(c) || isDigit(c) || c == ' ' || c == '+' || c == '(' || c == ')' || c == ',' || c == '-')
          || (c == '-' && s[k - 1] == ' ' && s[k + 1] == '-')) {
        return;
      }
    }
  }

  /**
   * A password told in a sentence, starting at {@code st}: up to the next space, or to text in a
   * script written without spaces (…Xy7#kL9pQ2です), less the sentence's punctuation; added when
   * it looks random. Returns its end, or -1.
   */
  private static int toldValue(char[] s, int st, Candidates out) {
    int n = s.length;
    int k = st;
    while (k < n && k - st < 128 && !Character.isWhitespace(s[k]) && s[k] != '\u00A0' && s[k] < '\u3000'
        && !noSpace(s[k])) {
      k++;
    }
    int e = k;
    // sentence punctuation, closing quotes and the JSON around a sentence are not part of it
    while (e > st && ".,;)]}\"'`".indexOf(s[e - 1]) >= 0) {
      e--;
    }
    if (e - st < 8 || !opaqueValue(s, st, e, true, false) || hyphenatedWords(s, st, e)) {
      return -1;
    }
    out.add(st, e, "API_KEY", PRIO_ASSIGNMENT);
    return e;
  }

  /**
   * After a word in another script, ending at {@code e}: a password told in a sentence of a
   * language that marks the topic with a particle or writes "is" as a dash: パスワードは …, 密码是 …,
   * 密碼為 …, 비밀번호는 …, รหัสผ่านคือ …, пароль — …. The value follows, glued or after a space, a
   * colon or an opening quote (パスワードは「…」). Returns where the scan goes on.
   */
  private static int passwordToldNatively(char[] s, int e, Candidates out) {
    int n = s.length;
    char last = s[e - 1];
    int nounEnd = e - 1;
    int k = e;
    if (last == '\u306F' || last == '\u662F' || last == '\u4E3A' || last == '\u70BA' || last == '\uB294') {
      // は, 是, 为, 為, 는
    } else if (last == '\u0E2D' && endsWithLower(s, e, "\u0E04\u0E37\u0E2D")) {
      nounEnd = e - 3; // คือ
    } else if (e + 2 < n && s[e] == ' ' && (s[e + 1] == '\u2014' || s[e + 1] == '\u2013' || s[e + 1] == '-')) {
      nounEnd = e; // Пароль — …
      k = e + 2;
    } else {
      return e;
    }
    if (!nativePasswordNounBefore(s, nounEnd)) {
      return e;
    }
    int gap = k;
    while (k < n && k - gap < 2 && (s[k] == ' ' || s[k] == '\u00A0' || s[k] == '\u3000')) {
      k++;
    }
    if (k < n && (s[k] == ':' || s[k] == '\uFF1A')) {
      k++;
      while (k < n && k - gap < 4 && (s[k] == ' ' || s[k] == '\u3000')) {
        k++;
      }
    }
    if (k < n && "\"'`\u300C\u300E\u201C\u2018\u00AB".indexOf(s[k]) >= 0) {
      k++;
    }
    int value = k < n ? toldValue(s, k, out) : -1;
    return value < 0 ? e : value;
  }

  /**
   * Whether {@code s[from, to)} is two or three words joined by hyphens, each lower case after its
   * first letter: what a sentence says about a secret ("the password is case-sensitive", "the
   * token is single-use"), not the secret. A passphrase of four or more words still counts.
   */
  private static boolean hyphenatedWords(char[] s, int from, int to) {
    int parts = 1;
    boolean wordCase = true;
    int lastPart = from;
    for (int j = from; j < to; j++) {
      char c = s[j];
      if (c == '-') {
        if (j == from || s[j - 1] == '-') {
          return false;
        }
        parts++;
        lastPart = j + 1;
      } else if (!isAlnum(c)) {
        return false;
      } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' && (j == from || s[j - 1] == '-'))) {
        wordCase = false;
      }
    }
    if (parts < 2 || parts > 3) {
      return false;
    }
    // or a compound adjective whose first part is a name or number: base64url-encoded,
    // SHA256-hashed, HS256-signed, 12-character
    return wordCase || lowerWord(s, lastPart, to) && (endsWithCi(s, to, "ed") || inCi(s, lastPart, to, DESCRIPTION_TAILS));
  }

  /** Last parts of compound adjectives that describe a secret rather than spell it: "12-character", "URL-safe". */
  private static final String[] DESCRIPTION_TAILS = {
    "character", "characters", "char", "chars", "digit", "digits", "bit", "bits", "byte", "bytes", "long", "only",
    "use", "safe", "sensitive", "insensitive", "specific", "time", "based", "wide", "level", "compatible", "format"
  };

  /** Whether {@code s[from, to)} is three or more lower-case ASCII letters. */
  private static boolean lowerWord(char[] s, int from, int to) {
    if (to - from < 3) {
      return false;
    }
    for (int j = from; j < to; j++) {
      if (s[j] < 'a' || s[j] > 'z') {
        return false;
      }
    }
    return true;
  }

  /**
   * The end of the verb after a password noun at {@code verb}: one of {@link #PASSWORD_VERBS}, or a
   * chain of up to four auxiliaries ending in one or in "now", "be" or "been" ("will be", "has been
   * reset to", "is now", "changed to"); else -1.
   */
  private static int verbChainEnd(char[] s, int verb) {
    int n = s.length;
    int k = verb;
    int end = -1;
    for (int words = 0; words < 4; words++) {
      int we = skipWord(s, k);
      if (we == k) {
        break;
      }
      boolean isVerb = inCi(s, k, we, PASSWORD_VERBS);
      if (isVerb || inCi(s, k, we, CHAIN_ENDS)) {
        end = we;
      } else if (!inCi(s, k, we, AUXILIARIES)) {
        break;
      }
      if (we + 1 >= n || s[we] != ' ') {
        break;
      }
      k = we + 1;
    }
    return end;
  }

  private static final String[] CHAIN_ENDS = {"now", "be", "been"};
  private static final String[] AUXILIARIES = {
    "will", "has", "have", "had", "changed", "reset", "set", "updated", "currently", "still", "temporarily", "wird",
    "wurde", "sera", "a", "été", "será", "ha", "sido", "wordt", "werd", "blir"
  };

  /** Words that open a phrase between a password noun and its verb: "the secret for the CI user is …". */
  private static final String[] PROSE_PREPOSITIONS = {
    "for", "of", "to", "on", "at", "für", "zum", "zur", "voor", "van", "för", "til", "dla", "do", "pro", "para",
    "de", "du", "pour", "per", "del", "della"
  };

  /**
   * After a preposition ending at {@code k}, the end of a {@link #PASSWORD_VERBS} verb that follows
   * within four single-spaced words of letters, digits, '-' or '_'; else -1.
   */
  private static int verbAfterPhrase(char[] s, int k) {
    int n = s.length;
    for (int words = 0; words < 5; words++) {
      if (k + 1 >= n || s[k] != ' ') {
        return -1;
      }
      int w = k + 1;
      int we = w;
      while (we < n && we - w < 40 && (isAlnum(s[we]) || s[we] == '-' || s[we] == '_' || s[we] == '.'
          && we + 1 < n && isAlnum(s[we + 1]))) {
        we++;
      }
      if (we == w) {
        return -1;
      }
      if (words > 0 && inCi(s, w, we, PASSWORD_VERBS)) {
        return we;
      }
      k = we;
    }
    return -1;
  }

  /**
   * Whether the word at {@code i} follows {@code login NAME}, as {@code password} does in a .netrc
   * or _netrc entry ({@code machine host login user password secret}, on one line or several).
   */
  private static boolean netrcLogin(char[] s, int i) {
    int user = tokenBefore(s, i);
    int login = user < 0 ? -1 : wordBefore(s, user, "login");
    int host = login < 0 ? -1 : tokenBefore(s, login);
    return host >= 0 && wordBefore(s, host, "machine") >= 0;
  }

  /** Start of the whitespace-separated token before {@code i} (whitespace before {@code i}), else -1. */
  private static int tokenBefore(char[] s, int i) {
    int j = i;
    while (j > 0 && Character.isWhitespace(s[j - 1])) {
      j--;
    }
    int end = j;
    while (j > 0 && end - j < 256 && !Character.isWhitespace(s[j - 1])) {
      j--;
    }
    return j == end || j == i ? -1 : j;
  }

  /** Start of {@code word} (lower case) when it ends, after whitespace, just before {@code j}, as a whole word; else -1. */
  private static int wordBefore(char[] s, int j, String word) {
    while (j > 0 && Character.isWhitespace(s[j - 1])) {
      j--;
    }
    int w = word.length();
    boolean whole = j >= w && regionMatchesCi(s, j - w, word, 0, w) && (j == w || Character.isWhitespace(s[j - w - 1]));
    return whole ? j - w : -1;
  }

  /** The .netrc password token at {@code v}, as written up to whitespace; returns its end, else -1. */
  private static int netrcPassword(char[] s, int v, Candidates out) {
    int e = v;
    while (e < s.length && e - v < 256 && !Character.isWhitespace(s[e])) {
      e++;
    }
    if (!opaqueValue(s, v, e, true, true)) {
      return -1;
    }
    out.add(v, e, "API_KEY", PRIO_ASSIGNMENT);
    return e;
  }

  /**
   * A password in SQL: {@code CREATE USER u WITH [ENCRYPTED] PASSWORD 'x'}, {@code ALTER ROLE r
   * PASSWORD 'x'} (PostgreSQL), {@code IDENTIFIED [WITH plugin] BY 'x'} (MySQL) and {@code
   * IDENTIFIED BY x} (Oracle). Bind parameters ({@code :pw}, {@code ?}, {@code $1}), substitutions
   * and placeholders are not secrets. Returns the end of the value, else -1.
   */
  private static int sqlPassword(char[] s, int i, int wordEnd, Candidates out) {
    int k;
    boolean bareValue = false; // Oracle's IDENTIFIED BY tiger, after USER name: elsewhere "identified by the…"
    if (regionMatchesCi(s, i, "password", 0, 8)) {
      int p = skipSpacesBack(s, i);
      int w = p;
      while (w > 0 && isLetter(s[w - 1])) {
        w--;
      }
      if (p == i || !(inCi(s, w, p, SQL_BEFORE_PASSWORD) || sqlRoleBefore(s, i))) {
        return -1;
      }
      k = wordEnd;
    } else if (regionMatchesCi(s, i, "identified", 0, 10)) {
      k = sqlWordAfter(s, wordEnd, "with");
      if (k > 0) {
        k = skipWord(s, skipSpaces(s, k)); // the authentication plugin
      } else {
        k = wordEnd;
      }
      k = sqlWordAfter(s, k, "by");
      if (k < 0) {
        return -1;
      }
      int q = sqlWordAfter(s, k, "password"); // MySQL 5's IDENTIFIED BY PASSWORD '*hash'
      k = q > 0 ? q : k;
      bareValue = sqlRoleBefore(s, i);
    } else {
      return -1;
    }
    int n = s.length;
    int v = skipSpaces(s, k);
    if (v == k || v >= n) {
      return -1;
    }
    int st;
    int e;
    if (s[v] == '\'' || s[v] == '"') {
      st = v + 1;
      e = st;
      while (e < n && e - st < 256 && s[e] != s[v]) {
        e++;
      }
      if (e >= n || s[e] != s[v]) {
        return -1;
      }
    } else if (bareValue) {
      st = v;
      e = st;
      while (e < n && e - st < 128 && s[e] > ' ' && s[e] != ';' && s[e] != ',' && s[e] != ')' && s[e] != '\u00A0') {
        e++;
      }
      if (inCi(s, st, e, SQL_NOT_PASSWORDS)) {
        return -1;
      }
    } else {
      return -1;
    }
    char c = s[st];
    if (e - st < 3 || c == ':' || c == '?' || c == '$' || c == '&' || c == '%' || c == '{' || c == '<' || c == '@'
        || placeholder(s, st, e)) {
      return -1;
    }
    out.add(st, e, "API_KEY", PRIO_ASSIGNMENT);
    return e;
  }

  /** Words after which {@code PASSWORD 'x'} sets a password. */
  private static final String[] SQL_BEFORE_PASSWORD = {"with", "encrypted", "unencrypted", "login"};
  /** Oracle's {@code IDENTIFIED BY VALUES 'hash'}, {@code IDENTIFIED BY EXTERNALLY}: no password. */
  private static final String[] SQL_NOT_PASSWORDS = {"values", "externally", "globally", "password"};

  /**
   * {@code ROLE name} or {@code USER name} (or {@code TO name}, Oracle's GRANT … TO name IDENTIFIED
   * BY) before {@code w}: {@code ALTER ROLE app PASSWORD …}, {@code CREATE USER app IDENTIFIED BY …}.
   */
  private static boolean sqlRoleBefore(char[] s, int w) {
    int p = skipSpacesBack(s, w);
    if (p == w) {
      return false;
    }
    int b = p;
    while (b > 0 && (isAlnum(s[b - 1]) || s[b - 1] == '_' || s[b - 1] == '"')) {
      b--;
    }
    int q = skipSpacesBack(s, b);
    int r = q;
    while (r > 0 && isLetter(s[r - 1])) {
      r--;
    }
    return q < b && b < p && (q - r == 4 && (regionMatchesCi(s, r, "role", 0, 4) || regionMatchesCi(s, r, "user", 0, 4))
        || q - r == 2 && regionMatchesCi(s, r, "to", 0, 2)) && (r < 1 || !isLetter(s[r - 1]));
  }

  /** After spaces from {@code k}, the word {@code lower} (any case): the index after it, else -1. */
  private static int sqlWordAfter(char[] s, int k, String lower) {
    int w = skipSpaces(s, k);
    int e = w + lower.length();
    if (w == k || e > s.length || !regionMatchesCi(s, w, lower, 0, lower.length()) || (e < s.length && isAlnum(s[e]))) {
      return -1;
    }
    return e;
  }

  private static int skipSpaces(char[] s, int k) {
    while (k < s.length && (s[k] == ' ' || s[k] == '\t')) {
      k++;
    }
    return k;
  }

  /**
   * The credential after the word "Bearer" anywhere ("sent Bearer 9f8e…", {@code 'Bearer ' + t}
   * in a log line), not only after an {@code Authorization} name: RFC 6750's token characters,
   * at least 16 of them, with a random-looking core of 12 or more letters and digits mixed.
   * "bearer of bad news", {@code Bearer YOUR_ACCESS_TOKEN}, {@code Bearer /usr/bin/x} and
   * {@code Bearer v1.2.3-rc.4} are not; a JWT is left to the JWT rule. Returns the end, else -1.
   */
  private static int bearerToken(char[] s, int i, int wordEnd, Candidates out) {
    int n = s.length;
    if (!regionMatchesCi(s, i, "bearer", 0, 6)) {
      return -1;
    }
    int st = wordEnd;
    while (st < n && st - wordEnd < 2 && (s[st] == ' ' || s[st] == '\t')) {
      st++;
    }
    if (st == wordEnd || st >= n || !isAlnum(s[st]) || (s[st] == 'e' && tryJwt(s, st) > 0)) {
      return -1;
    }
    int k = st;
    int lim = Math.min(n, st + 4096);
    while (k < lim && (isTokenChar(s[k]) || s[k] == '.' || s[k] == '~' || s[k] == '+' || s[k] == '/')) {
      k++;
    }
    while (k < n && s[k] == '=') {
      k++;
    }
    int e = withoutTrailingDots(s, st, k);
    if (e - st < 16 || !boundaryAfterToken(s, k) || !(randomCore(s, st, e) || uuid(s, st, e))
        || !opaqueValue(s, st, e, false, false)) {
      return -1;
    }
    out.add(st, e, "API_KEY", PRIO_ASSIGNMENT);
    return e;
  }

  /** Whether [from, to) is a UUID (8-4-4-4-12 hex digits): after "Bearer", an opaque token. */
  private static boolean uuid(char[] s, int from, int to) {
    if (to - from != 36) {
      return false;
    }
    for (int j = 0; j < 36; j++) {
      char c = s[from + j];
      if (j == 8 || j == 13 || j == 18 || j == 23 ? c != '-' : !isHex(c)) {
        return false;
      }
    }
    return true;
  }

  /** Whether [from, to) has a run of 12 or more ASCII letters and digits with both in it. */
  private static boolean randomCore(char[] s, int from, int to) {
    int run = 0;
    boolean letter = false;
    boolean digit = false;
    for (int j = from; j < to; j++) {
      char c = s[j];
      if (isAlnum(c)) {
        run++;
        letter |= !isDigit(c);
        digit |= isDigit(c);
        if (run >= 12 && letter && digit) {
          return true;
        }
      } else {
        run = 0;
        letter = false;
        digit = false;
      }
    }
    return false;
  }

  /** Whether {@code s[from, to)} is one of {@code words} (lower case), ignoring ASCII case. */
  private static boolean inCi(char[] s, int from, int to, String[] words) {
    for (String w : words) {
      if (w.length() == to - from && regionMatchesCi(s, from, w, 0, w.length())) {
        return true;
      }
    }
    return false;
  }

  /** A placeholder body, one character repeated ({@code AKIAXXXXXXXXXXXXXXXX}). */
  private static boolean sameCharBody(char[] s, int from, int to) {
    for (int k = from + 1; k < to; k++) {
      if (s[k] != s[from]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code s[from, to)} is upper-case letters and digits. Issued key ids use base-32 (A-Z,
   * 2-7), but AWS's own documentation examples (AKIAI44QH8DHBEXAMPLE) do not, and a key pasted from
   * them is still a key to mask; AKIA/ASIA and the exact length keep the rule tight.
   */
  private static boolean upperAlnum(char[] s, int from, int to) {
    for (int k = from; k < to; k++) {
      char c = s[k];
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  private static int tokenEnd(char[] s, int i) {
    int n = s.length;
    int lim = Math.min(n, i + 512);
    while (i < lim && isTokenChar(s[i])) {
      i++;
    }
    return i;
  }

  private static boolean boundaryAfterToken(char[] s, int e) {
    return e >= s.length || !(isWordChar(s[e]) || s[e] == '-');
  }

  /**
   * Token prefixes and the body each needs: a minimum length ({@code "20"}), an exact length of
   * letters and digits ({@code "=36"}), or an exact length of lower-case hex ({@code "#32"}).
   */
  private static final String[][] TOKEN_PREFIXES = {
    {"sk-ant-", "20"}, {"sk-proj-", "20"}, {"sk-", "20"}, {"sk_live_", "16"}, {"sk_test_", "16"},
    {"rk_live_", "16"}, {"rk_test_", "16"}, {"ghp_", "30"}, {"gho_", "30"}, {"ghu_", "30"}, {"ghs_", "30"},
    {"ghr_", "30"}, {"github_pat_", "22"}, {"glpat-", "20"}, {"xoxb-", "10"}, {"xoxp-", "10"}, {"xoxa-", "10"},
    {"xoxr-", "10"}, {"xoxs-", "10"}, {"xoxe-", "10"}, {"npm_", "=36"}, {"hf_", "=34"},
    // GitLab runner, deploy, trigger, feed, SCIM, CI job, mail, agent and OAuth secrets; Grafana
    {"glrt-", "20"}, {"gldt-", "20"}, {"glptt-", "20"}, {"glft-", "20"}, {"glsoat-", "20"}, {"glcbt-", "20"},
    {"glimt-", "20"}, {"glagent-", "40"}, {"gloas-", "40"}, {"glsa_", "32"}, {"glc_", "32"},
    // PyPI (a macaroon whose base64 always starts so), Shopify access / custom-app / partner / shared
    // secrets, DigitalOcean personal / OAuth / refresh tokens, Databricks, Mailgun
    {"pypi-AgEIcHlwaS5vcmc", "50"}, {"shpat_", "#32"}, {"shpca_", "#32"}, {"shppa_", "#32"}, {"shpss_", "#32"},
    {"dop_v1_", "#64"}, {"doo_v1_", "#64"}, {"dor_v1_", "#64"}, {"dapi", "#32"}, {"key-", "#32"}
  };

  /**
   * Tokens with an upper-case prefix: GitLab runner registration ({@code GR1348941…}), Google OAuth
   * client secret ({@code GOCSPX-…}), New Relic ({@code NRAK-…}), Postman ({@code PMAK-…}),
   * Atlassian ({@code ATATT3…}); the body must look random. Returns the end, else -1.
   */
  private static int upperPrefixedToken(char[] s, int i) {
    for (String[] p : UPPER_TOKEN_PREFIXES) {
      if (startsWith(s, p[0], i)) {
        int b = i + p[0].length();
        int e = tokenEnd(s, b);
        return e - b >= Integer.parseInt(p[1]) && boundaryAfterToken(s, e) && (mixed(s, b, e) || bothCases(s, b, e))
            && !xs(s, b, e) ? e : -1;
      }
    }
    return -1;
  }

  private static final String[][] UPPER_TOKEN_PREFIXES = {
    {"GR1348941", "20"}, {"GOCSPX-", "24"}, {"NRAK-", "27"}, {"PMAK-", "50"}, {"ATATT3", "100"}
  };

  private static int tryKnownToken(char[] s, int i) {
    if (i + 4 >= s.length) {
      return -1;
    }
    char c1 = s[i + 1];
    boolean plausible;
    switch (s[i]) {
      case 's':
        plausible = c1 == 'k' || (c1 == 'h' && s[i + 2] == 'p');
        break;
      case 'r':
        plausible = c1 == 'k';
        break;
      case 'p':
        plausible = c1 == 'y' && s[i + 2] == 'p';
        break;
      case 'd':
        plausible = (c1 == 'o' && s[i + 3] == '_') || (c1 == 'a' && s[i + 2] == 'p' && s[i + 3] == 'i');
        break;
      case 'k':
        plausible = c1 == 'e' && s[i + 2] == 'y' && s[i + 3] == '-';
        break;
      case 'x':
        plausible = c1 == 'o' && s[i + 2] == 'x';
        break;
      case 'g':
        plausible = c1 == 'h' || c1 == 'i' || c1 == 'l';
        break;
      case 'n':
        plausible = c1 == 'p' && s[i + 2] == 'm';
        break;
      case 'h':
        plausible = c1 == 'f' && s[i + 2] == '_';
        break;
      default:
        plausible = false;
        break;
    }
    if (!plausible) {
      return -1;
    }
    for (String[] p : TOKEN_PREFIXES) {
      if (startsWith(s, p[0], i)) {
        int bodyStart = i + p[0].length();
        char kind = p[1].charAt(0);
        if (kind == '#') {
          return hexToken(s, bodyStart, Integer.parseInt(p[1].substring(1)));
        }
        int e = tokenEnd(s, bodyStart);
        // npm and Hugging Face tokens have an exact length and letters and digits only (npm's own
        // npm_package_... variables and hf_... identifiers have '_'). A random body has a digit, or
        // both cases (one in 30 random 20-character GitLab tokens has no digit); not after the bare
        // "sk-", which hyphenated names also follow, nor Slack's, whose numeric ids always give digits
        boolean exact = kind == '=';
        int min = Integer.parseInt(exact ? p[1].substring(1) : p[1]);
        boolean random = mixed(s, bodyStart, e)
            || (!"sk-".equals(p[0]) && s[i] != 'x' && bothCases(s, bodyStart, e));
        if ((exact ? e - bodyStart == min && alnum(s, bodyStart, e) : e - bodyStart >= min)
            && boundaryAfterToken(s, e) && random) {
          return e;
        }
        return -1;
      }
    }
    return -1;
  }

  /**
   * End of a body of exactly {@code length} lower-case hex digits at {@code b} with a digit and a
   * letter among them (Databricks may add a {@code -2} version suffix), else -1: "key-" and "dapi"
   * also start ordinary words and ids, which are not 32 random hex digits.
   */
  private static int hexToken(char[] s, int b, int length) {
    int n = s.length;
    if (b + length > n) {
      return -1;
    }
    boolean digit = false;
    boolean letter = false;
    for (int k = b; k < b + length; k++) {
      char c = s[k];
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c >= 'a' && c <= 'f') {
        letter = true;
      } else {
        return -1;
      }
    }
    int e = b + length;
    if (e + 1 < n && s[e] == '-' && isDigit(s[e + 1]) && boundaryAfterToken(s, e + 2)) {
      e += 2;
    }
    return digit && letter && boundaryAfterToken(s, e) ? e : -1;
  }

  private static boolean alnum(char[] s, int from, int to) {
    for (int k = from; k < to; k++) {
      if (!isAlnum(s[k])) {
        return false;
      }
    }
    return true;
  }

  /** At least two upper-case and two lower-case letters. */
  private static boolean bothCases(char[] s, int from, int to) {
    int upper = 0;
    int lower = 0;
    for (int k = from; k < to; k++) {
      char c = s[k];
      upper += c >= 'A' && c <= 'Z' ? 1 : 0;
      lower += c >= 'a' && c <= 'z' ? 1 : 0;
    }
    return upper >= 2 && lower >= 2;
  }

  /** Random-looking: at least one digit and one letter. */
  private static boolean mixed(char[] s, int from, int to) {
    boolean d = false;
    boolean l = false;
    for (int k = from; k < to && !(d && l); k++) {
      char c = s[k];
      d |= isDigit(c);
      l |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    return d && l;
  }

  /** End of the IBAN at {@code i}, all upper case or (as pasted from forms) all lower case, else -1. */
  /**
   * The end of the IBAN at {@code i}; {@code ~end} (below -1) when it has its country's length
   * and grouping but its check digits fail; else -1.
   */
  private static int tryIban(char[] s, int i) {
    boolean lower = isLower(s[i]);
    int want = Checks.ibanLength(lower ? sub(s, i, i + 2).toUpperCase(Locale.ROOT) : sub(s, i, i + 2));
    if (want == 0) {
      return -1;
    }
    StringBuilder b = new StringBuilder(want);
    int k = i;
    int n = s.length;
    int sinceSpace = 0;
    boolean spaced = false;
    boolean dashed = false; // groups of four joined by '-' (DE89-3704-...), never mixed with spaces
    while (k < n && b.length() < want) {
      char c = s[k];
      if (isDigit(c) || (lower ? isLower(c) : isUpper(c))) {
        b.append(isLower(c) ? (char) (c - ('a' - 'A')) : c);
        sinceSpace++;
        k++;
      } else if ((c == '-' ? !spaced || dashed : isSpaceSep(c) && !dashed) && sinceSpace == 4 && k + 1 < n
          && isAlnum(s[k + 1]) && (spaced || b.length() == 4)) {
        dashed = c == '-';
        spaced = true;
        sinceSpace = 0;
        k++;
      } else {
        return -1;
      }
    }
    if (b.length() != want || !(boundaryAfter(s, k) || gluedBicLabel(s, k))) {
      return -1;
    }
    return Checks.iban(b) ? k : ~k;
  }

  /**
   * Whether a BIC label starts at {@code k}, right after an IBAN with nothing between: an OCR'd
   * footer's columns run together ({@code IBAN:DE87…9936BIC:COBADEFFXXX}).
   */
  private static boolean gluedBicLabel(char[] s, int k) {
    return k + 4 <= s.length && s[k] == 'B' && s[k + 1] == 'I' && s[k + 2] == 'C'
        && (s[k + 3] == ':' || s[k + 3] == ' ' || s[k + 3] == '/');
  }

  /** An NIE at {@code i}: X, Y or Z, seven digits, the control letter; written plain or X-1234567-L. */
  private static int tryNie(char[] s, int i) {
    int n = s.length;
    int k = s[i + 1] == '-' ? i + 2 : i + 1;
    if (k + 8 > n) {
      return -1;
    }
    int v = "XYZ".indexOf(s[i]);
    for (int end = k + 7; k < end; k++) {
      char c = s[k];
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    if (s[k] == '-' || s[k] == ' ') {
      k++;
    }
    if (k >= n || !isUpper(s[k]) || !boundaryAfter(s, k + 1)) {
      return -1;
    }
    return s[k] == Checks.dniLetter(v) ? k + 1 : -1;
  }

  private static int tryJwt(char[] s, int i) {
    int e1 = tokenEnd(s, i);
    if (e1 - i < 10 || e1 >= s.length || s[e1] != '.') {
      return -1;
    }
    int e2 = tokenEnd(s, e1 + 1);
    if (e2 - e1 < 3 || e2 >= s.length || s[e2] != '.') {
      return -1;
    }
    int e3 = tokenEnd(s, e2 + 1);
    if (e3 < s.length && (isWordChar(s[e3]) || s[e3] == '.')) {
      return -1;
    }
    String header = sub(s, i, e1);
    try {
      String json = new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8).trim();
      if (json.startsWith("{") && json.endsWith("}") && json.contains("\"alg\"")) {
        return e3;
      }
    } catch (IllegalArgumentException e) {
      return -1;
    }
    return -1;
  }

  /** Looks for a 40-char AWS secret key within 120 chars of a key id at [a, b). */
  private static void secretNear(char[] s, int a, int b, Candidates out) {
    int n = s.length;
    int from = Math.max(0, a - 120);
    int to = Math.min(n, b + 120);
    int k = from;
    while (k < to) {
      if (isSecretChar(s[k]) && (k == 0 || !isSecretChar(s[k - 1]))) {
        int e = k;
        while (e < n && e - k <= 40 && isSecretChar(s[e])) {
          e++;
        }
        if (e - k == 40 && (e >= n || !isSecretChar(s[e])) && awsSecretShape(s, k, e)) {
          out.add(k, e, "AWS_SECRET_KEY", PRIO_STRONG);
        }
        k = e + 1;
      } else {
        k++;
      }
    }
  }

  private static boolean isSecretChar(char c) {
    return isAlnum(c) || c == '/' || c == '+';
  }

  /**
   * Whether the 40 characters {@code s[k, e)} look like an AWS secret key: both cases, and a digit,
   * '/' or '+'. About one random key in 4,000 has none of those three; its letters are then about
   * half upper case, as no CamelCase identifier's are, which is what is asked for instead.
   */
  private static boolean awsSecretShape(char[] s, int k, int e) {
    int lower = 0;
    int upper = 0;
    boolean digit = false;
    for (int j = k; j < e; j++) {
      char c = s[j];
      if (c >= 'a' && c <= 'z') {
        lower++;
      } else if (c >= 'A' && c <= 'Z') {
        upper++;
      } else {
        digit |= isDigit(c) || c == '/' || c == '+';
      }
    }
    return digit ? lower > 0 && upper > 0 : lower >= 10 && upper >= 10;
  }

  // ---------------------------------------------------------------- e-mail

  /** An email address around the '@' at {@code at}, written in {@code atLength} chars ("@" or "%40"). */
  /**
   * The start of a local part that holds '=' as bounce and forwarding addresses do
   * ({@code bounces+1234-user=example.com@em.sendgrid.net}, {@code SRS0=HH=TT=example.com=user@…}):
   * the '=' joins the local part when what precedes the first '=' has a '+' (VERP) or is SRS0 or
   * SRS1 (the Sender Rewriting Scheme), unlike the parameter name of {@code email=john@example.com}
   * or {@code email2=…}. Else {@code st}, the start found without '='.
   */
  private static int withVerpPrefix(char[] s, int st, int at) {
    if (st == 0 || st == at || s[st - 1] != '=') {
      return st;
    }
    int k = st;
    while (k > 0 && (isLocalChar(s[k - 1]) || s[k - 1] == '=')) {
      if (at - k >= 64) {
        return st; // no local part is longer: this is text, not a bounce address
      }
      k--;
    }
    if (!isAlnum(s[k])) {
      return st; // "+=john@…", "+4917…=john@…"
    }
    int firstEquals = k;
    boolean plus = false;
    while (firstEquals < at && s[firstEquals] != '=') {
      // a '+' between letters or digits (bounces+1234-user), not an operator (ADMINS+=)
      plus |= s[firstEquals] == '+' && isAlnum(s[firstEquals - 1]) && isAlnum(s[firstEquals + 1]);
      firstEquals++;
    }
    boolean srs = firstEquals - k == 4 && (regionMatchesCi(s, k, "srs0", 0, 4) || regionMatchesCi(s, k, "srs1", 0, 4));
    return plus || srs ? k : st;
  }

  /**
   * Where a local part begins that follows a percent-encoded delimiter, as in a URL nested in a
   * query string ({@code redirect=https%3A%2F%2Fapp%2Fcb%3Femail%3Danna%40example.com}): the
   * {@code %3D} is an '=', not part of the address. Encoded local-part characters ({@code %2B},
   * {@code %2E}, {@code %5F}, {@code %2D}, letters, digits) and UTF-8 bytes of an internationalised
   * local part ({@code %C3%A9}) stay in. Else {@code st}.
   */
  private static int afterEncodedDelimiter(char[] s, int st, int at) {
    int from = st;
    for (int k = st; k + 2 < at; k++) {
      if (s[k] == '%' && isHex(s[k + 1]) && isHex(s[k + 2])) {
        char decoded = (char) (Character.digit(s[k + 1], 16) * 16 + Character.digit(s[k + 2], 16));
        if (decoded < 128 && !isAlnum(decoded) && decoded != '.' && decoded != '_' && decoded != '+' && decoded != '-') {
          from = k + 3;
        }
        k += 2;
      }
    }
    return from;
  }

  /** Whether the address at {@code st} is a mail's own id: {@code Message-ID: <…@host>}, {@code message-id=<…>}. */
  private static boolean messageIdBefore(char[] s, int st) {
    int j = st;
    while (j > 0 && st - j < 128 && (isLocalChar(s[j - 1]) || s[j - 1] == '=' || s[j - 1] == '/')) {
      j--; // the id's left part may hold what an address would not: <CAF=8xQv1@mail.gmail.com>, <o/r/pull/1@github.com>
    }
    j--;
    if (j < 0 || s[j] != '<') {
      return false;
    }
    // References: lists the thread's ids, folded over lines: walk back over the ids before this one
    for (int ids = 0; ids < 32; ids++) {
      int b = j;
      while (b > 0 && j - b < 4 && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r' || s[b - 1] == '\n')) {
        b--;
      }
      if (b == j || b == 0 || s[b - 1] != '>') {
        break;
      }
      int open = b - 1;
      while (open > 0 && b - open < 256 && s[open - 1] != '<' && s[open - 1] != '>' && s[open - 1] != '\n') {
        open--;
      }
      if (open == 0 || s[open - 1] != '<') {
        break;
      }
      j = open - 1;
    }
    while (j > 0 && s[j - 1] == ' ') {
      j--;
    }
    if (j > 0 && (s[j - 1] == ':' || s[j - 1] == '=')) {
      j--;
    }
    while (j > 0 && s[j - 1] == ' ') {
      j--;
    }
    for (String label : MESSAGE_ID_LABELS) {
      int b = j - label.length();
      if (b >= 0 && regionMatchesCi(s, b, label, 0, label.length()) && (b == 0 || !isWordChar(s[b - 1]))) {
        return true;
      }
    }
    return false;
  }

  private static final String[] MESSAGE_ID_LABELS = {"message-id", "in-reply-to", "references", "msgid", "message_id"};

  /**
   * Whether the address at {@code st} is the value of an iCalendar or vCard {@code UID} property
   * ({@code UID:20270109-64eca451686b@example.com} opening its line): an event's id, not a mailbox.
   */
  private static boolean calendarUidBefore(char[] s, int st) {
    return st >= 4 && s[st - 1] == ':' && regionMatchesCi(s, st - 4, "uid", 0, 3)
        && (st == 4 || s[st - 5] == '\n');
  }

  private int onAmpersand(char[] s, int i, Candidates out) {
    if (i + 4 < s.length && s[i + 1] == '#') {
      if (s[i + 2] == '6' && s[i + 3] == '4' && s[i + 4] == ';') {
        return onAt(s, i, 5, out);
      }
      if (i + 5 < s.length && (s[i + 2] == 'x' || s[i + 2] == 'X') && s[i + 3] == '4' && s[i + 4] == '0' && s[i + 5] == ';') {
        return onAt(s, i, 6, out);
      }
    }
    return i + 1;
  }

  private int onAt(char[] s, int at, int atLength, Candidates out) {
    int n = s.length;
    if (atLength == 1) {
      int password = urlPassword(s, at);
      if (password == -1) {
        password = oraclePassword(s, at);
      }
      if (password == NO_SECRET_CREDENTIALS) {
        return at + 1; // https://oauth2:${TOKEN}@host: credentials, a placeholder, no address
      }
      if (password > 0) {
        if (apiKey) {
          out.add(password, at, "API_KEY", PRIO_STRONG);
        }
        return at + 1;
      }
    }
    int st = at;
    // an ASCII address glued to text in another script (メールはtaro@example.comです,
    // 이메일은minsu.kim@naver.com입니다, почтаivan@mail.ru) ends where the script changes; an address
    // in that script (用户@例子.广告, иван@почта.рф) is theirs throughout
    boolean asciiLocal = at > 0 && s[at - 1] < 128;
    // an apostrophe inside the local part (o'brien@) belongs to it; one before it (quote) does not
    while (st > 0 && at - st < 64 && ((isLocalChar(s[st - 1]) && !(asciiLocal && otherScript(s[st - 1])))
        || (s[st - 1] == '\'' && st >= 2 && st < at && isAlnum(s[st - 2]) && isAlnum(s[st])))) {
      st--;
    }
    st = withVerpPrefix(s, st, at);
    st = afterEncodedDelimiter(s, st, at);
    while (st < at && (s[st] == '.' || s[st] == '-' || s[st] == '+')) {
      st++;
    }
    if (st == at || s[at - 1] == '.' || messageIdBefore(s, st) || calendarUidBefore(s, st)) {
      return at + 1;
    }
    if (st >= 3 && s[st - 1] == '/' && s[st - 2] == '/' && s[st - 3] == ':' && !endsWithCi(s, st - 3, "mailto")) {
      return at + 1; // a URL's user (a Sentry DSN's public key: https://8e68…@o1.ingest.sentry.io), not a mailbox
    }
    int k = at + atLength;
    int labelStart = k;
    int lastDot = -1;
    int labels = 0;
    while (k < n && k - at < 254) {
      char c = s[k];
      // a label begun in ASCII ends where text in another script goes on (example.comです,
      // naver.com입니다); one in that script is an IDN label (例子.广告, example.中国, пример.рф)
      if (isDomainChar(c) && !(k > labelStart && s[labelStart] < 128 && otherScript(c))) {
        k++;
      } else if (c == '.' && k > labelStart && k + 1 < n && isDomainChar(s[k + 1])) {
        if (s[k - 1] == '-') {
          return at + 1;
        }
        lastDot = k;
        labels++;
        k++;
        labelStart = k;
      } else {
        break;
      }
    }
    if (lastDot < 0 || k == labelStart || s[at + atLength] == '-' || s[k - 1] == '-') {
      return at + 1;
    }
    String tld = sub(s, lastDot + 1, k);
    if (tld.length() < 2 || !validTld(tld)) {
      return at + 1;
    }
    if (k + 1 < n && s[k] == ':' && s[k + 1] > ' ' && s[k + 1] != '\u00A0' && !userOptionBefore(s, st)) {
      return k; // user@host:path or user@host:port — git, scp, ssh — not a mailbox
    }
    if (FILE_EXTENSIONS.contains(tld.toLowerCase(Locale.ROOT))) {
      return at + 1;
    }
    out.add(st, k, "EMAIL", PRIO_STRONG);
    return k;
  }

  /**
   * Start of the password when the '@' at {@code at} ends a URL's credentials
   * ({@code postgres://user:password@host}), else -1: the password is a secret, and neither it
   * nor the host is an e-mail address. A placeholder ({@code ${DB_PASSWORD}}, {@code ****}) is not
   * a secret either: {@link #NO_SECRET_CREDENTIALS}.
   */
  private static final int NO_SECRET_CREDENTIALS = -2;

  private static int urlPassword(char[] s, int at) {
    int colon = -1;
    for (int k = at - 1; k >= 2 && at - k < 256; k--) {
      char c = s[k];
      if (c == '/') {
        if (s[k - 1] != '/' || s[k - 2] != ':' || colon < 0 || colon + 1 == at) {
          return -1;
        }
        boolean reference = at - colon > 2 && (s[colon + 1] == '$' && s[colon + 2] == '{'
            || s[colon + 1] == '{' && s[colon + 2] == '{' || s[colon + 1] == '%' && s[colon + 2] == '('
            || s[colon + 1] == '%' && at - colon == 3 && isLetter(s[colon + 2])); // printf's %s
        return reference || placeholder(s, colon + 1, at) ? NO_SECRET_CREDENTIALS : colon + 1;
      }
      if (c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '@' || c == '\u00A0') {
        return -1;
      }
      if (c == ':') {
        colon = k; // the first ':' of the userinfo separates user and password
      }
    }
    return -1;
  }

  /**
   * Start of the password when the '@' at {@code at} ends Oracle's {@code user/password@service}
   * credentials, else -1: after {@code jdbc:oracle:thin:} or {@code oci:}, after {@code userid=},
   * or as the first argument of sqlplus, sqlldr, expdp, impdp, exp, imp, rman, dgmgrl or
   * {@code connect}. Elsewhere {@code a/b@c} is a path or an address, not credentials.
   */
  private static int oraclePassword(char[] s, int at) {
    int slash = -1;
    for (int k = at - 1; k > 0 && at - k < 128; k--) {
      char c = s[k];
      if (c == '/') {
        slash = k;
        break;
      }
      if (c <= ' ' || c == '"' || c == '\'' || c == '@' || c == '\u00A0') {
        return -1;
      }
    }
    if (slash < 1 || slash + 1 == at) {
      return -1;
    }
    int user = slash;
    while (user > 0 && (isAlnum(s[user - 1]) || s[user - 1] == '_' || s[user - 1] == '$' || s[user - 1] == '#')) {
      user--;
    }
    if (user == slash || !isLetter(s[user])) {
      return -1;
    }
    boolean credentials = endsWithCi(s, user, "jdbc:oracle:thin:") || endsWithCi(s, user, "jdbc:oracle:oci:")
        || endsWithCi(s, user, "userid=");
    if (!credentials && user > 0 && (s[user - 1] == ' ' || s[user - 1] == '\t')) {
      // the word before, skipping option flags (sqlplus -s -L scott/tiger@orcl)
      int e = skipSpacesBack(s, user);
      while (e > 0) {
        int b = e;
        while (b > 0 && s[b - 1] > ' ') {
          b--;
        }
        if (s[b] != '-') {
          int name = b;
          for (int j = b; j < e; j++) {
            if (s[j] == '/' || s[j] == '\\') {
              name = j + 1; // /u01/app/oracle/bin/sqlplus
            }
          }
          int nameEnd = e - 4 > name && regionMatchesCi(s, e - 4, ".exe", 0, 4) ? e - 4 : e;
          credentials = inCi(s, name, nameEnd, ORACLE_COMMANDS);
          break;
        }
        e = skipSpacesBack(s, b);
      }
    }
    if (!credentials) {
      return -1;
    }
    int pw = slash + 1;
    boolean reference = s[pw] == '$' || s[pw] == '%' || s[pw] == '&' || s[pw] == '<' || s[pw] == '{';
    return reference || placeholder(s, pw, at) ? -1 : pw;
  }

  private static final String[] ORACLE_COMMANDS = {
    "sqlplus", "sqlldr", "expdp", "impdp", "exp", "imp", "rman", "dgmgrl", "connect", "conn", "sql"
  };

  private static boolean endsWithCi(char[] s, int end, String lower) {
    int from = end - lower.length();
    return from >= 0 && regionMatchesCi(s, from, lower, 0, lower.length());
  }

  private static boolean validTld(String tld) {
    if (tld.startsWith("xn--")) {
      return tld.length() > 4;
    }
    for (int j = 0; j < tld.length(); j++) {
      char c = tld.charAt(j);
      if (!isLetter(c) && (c < 128 || (Bmp.FLAGS[c] & Bmp.MARK) == 0)) {
        return false;
      }
    }
    return true;
  }

  /** A letter of a script written without spaces (see {@link Bmp#NO_SPACE}). */
  static boolean noSpace(char c) {
    return c >= 128 && (Bmp.FLAGS[c] & Bmp.NO_SPACE) != 0;
  }

  /** A letter or mark of a script other than Latin (see {@link Bmp#OTHER_SCRIPT}). */
  static boolean otherScript(char c) {
    return c >= 128 && (Bmp.FLAGS[c] & Bmp.OTHER_SCRIPT) != 0;
  }

  private static boolean isLocalChar(char c) {
    if (c < 128) {
      return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }
    return (Bmp.FLAGS[c] & Bmp.WORD) != 0;
  }

  private static boolean isDomainChar(char c) {
    if (c < 128) {
      return isAlnum(c) || c == '-';
    }
    return (Bmp.FLAGS[c] & Bmp.WORD) != 0;
  }

  // ---------------------------------------------------------------- ':' and '='

  private int onColon(char[] s, int i, Candidates out) {
    if (ip) {
      int e = tryIpv6(s, i, out);
      if (e > 0) {
        return e;
      }
    }
    if (apiKey && i + 2 < s.length && s[i + 1] == '/' && s[i + 2] == '/') {
      int e = webhookSecret(s, i + 3, out);
      if (e > 0) {
        return e;
      }
    }
    if (apiKey || awsSecret) {
      onAssignment(s, i, out);
      // "-u user:password": the password follows the ':' directly, unlike "key: value" or "k":"v"
      char next = i + 1 < s.length ? s[i + 1] : ' ';
      if (apiKey && next > ' ' && next != '"' && next != '\'' && next != '\u00A0') {
        int e = commandLinePassword(s, i);
        if (e > 0) {
          out.add(i + 1, e, "API_KEY", PRIO_STRONG);
          return e;
        }
      }
    }
    return i + 1;
  }

  /**
   * The secret path segment of a Slack or Discord webhook URL (whoever holds the URL can post to
   * the channel): {@code hooks.slack.com/services/T…/B…/secret},
   * {@code discord.com/api/webhooks/id/secret}. {@code h} is the host's start. Returns the end, else -1.
   */
  private static int webhookSecret(char[] s, int h, Candidates out) {
    int k;
    int parts;
    if (startsWith(s, "hooks.slack.com/services/", h)) {
      k = h + 25;
      parts = 2;
    } else if (startsWith(s, "discord.com/api/webhooks/", h)) {
      k = h + 25;
      parts = 1;
    } else if (startsWith(s, "discordapp.com/api/webhooks/", h)) {
      k = h + 28;
      parts = 1;
    } else {
      return -1;
    }
    for (int p = 0; p < parts; p++) { // workspace and channel ids, or the webhook's numeric id
      int e = k;
      while (e < s.length && isAlnum(s[e])) {
        e++;
      }
      if (e == k || e >= s.length || s[e] != '/') {
        return -1;
      }
      k = e + 1;
    }
    int e = tokenEnd(s, k);
    if (e - k < 16 || xs(s, k, e) || placeholder(s, k, e)) {
      return -1;
    }
    out.add(k, e, "API_KEY", PRIO_STRONG);
    return e;
  }

  private static final String[] USER_OPTIONS = {"-u ", "--user ", "--user=", "-a ", "--auth ", "--auth=", "--proxy-user ", "-U "};

  /** Whether a credentials option ({@code curl -u}, {@code --user}) ends at {@code at}, a quote allowed. */
  private static boolean userOptionBefore(char[] s, int at) {
    int optEnd = at > 0 && (s[at - 1] == '"' || s[at - 1] == '\'') ? at - 1 : at;
    for (String o : USER_OPTIONS) {
      int b = optEnd - o.length();
      if (b >= 0 && startsWith(s, o, b) && (b == 0 || s[b - 1] == ' ' || s[b - 1] == '\t')) {
        return true;
      }
    }
    return false;
  }

  /**
   * End of the password when the ':' at {@code i} splits the {@code user:password} argument of a
   * command-line credentials option (curl {@code -u}/{@code --user}, HTTPie {@code -a}), else -1.
   */
  private static int commandLinePassword(char[] s, int i) {
    int k = i;
    while (k > 0 && i - k < 64 && (isAlnum(s[k - 1]) || s[k - 1] == '_' || s[k - 1] == '.' || s[k - 1] == '-'
        || s[k - 1] == '@' || s[k - 1] == '+')) {
      k--;
    }
    if (k == i || k < 3) {
      return -1;
    }
    char q = s[k - 1] == '"' || s[k - 1] == '\'' ? s[k - 1] : 0;
    if (!userOptionBefore(s, k)) {
      return -1;
    }
    int e = i + 1;
    while (e < s.length && e - i < 256 && s[e] > ' ' && s[e] != '\u00A0' && s[e] != q && (q != 0 || (s[e] != '"' && s[e] != '\''))) {
      e++;
    }
    return opaqueValue(s, i + 1, e, true, true) ? e : -1;
  }

  /**
   * A secret given as a command-line option's separate argument ({@code --password x},
   * {@code --registration-token x}, redis {@code --requirepass x}) or glued to mysql's {@code -p}
   * ({@code mysql -u app -px}). An {@code --option=value} is an assignment and found as one.
   * Returns where the scan goes on.
   */
  private static int onOption(char[] s, int i, Candidates out) {
    int n = s.length;
    if (s[i + 1] == 'p' && s[i + 2] > ' ' && s[i + 2] != '-' && s[i + 2] != '=' && mysqlCommandBefore(s, i)) {
      int e = i + 2;
      char q = s[e] == '\'' || s[e] == '"' ? s[e] : 0;
      int st = q != 0 ? e + 1 : e;
      e = st;
      while (e < n && e - st < 256 && (q != 0 ? s[e] != q : s[e] > ' ' && s[e] != '\u00A0')) {
        e++;
      }
      if (opaqueValue(s, st, e, true, true) && s[st] != '$' && s[st] != '%') {
        out.add(st, e, "API_KEY", PRIO_ASSIGNMENT);
        return e;
      }
      return i + 2;
    }
    if (s[i + 1] != '-' || !isLetter(s[i + 2])) {
      return i + 1; // not an option name: ----- rules, -- separators
    }
    int name = i + 2;
    int ne = name;
    while (ne < n && ne - name < 48 && (isAlnum(s[ne]) || s[ne] == '-' || s[ne] == '_')) {
      ne++;
    }
    if (ne + 1 >= n || s[ne] != ' ' || !optionNamesSecret(s, name, ne)) {
      return name; // the name is scanned as words are
    }
    int st = ne + 1;
    char q = s[st] == '\'' || s[st] == '"' ? s[st] : 0;
    if (q != 0) {
      st++;
    }
    int e = st;
    while (e < n && e - st < 256 && (q != 0 ? s[e] != q : s[e] > ' ' && s[e] != '\u00A0')) {
      e++;
    }
    if (e == st || s[st] == '-' || s[st] == '$' || s[st] == '%' || s[st] == '<' || s[st] == '{' || s[st] == '@'
        || filePath(s, st, e) || !opaqueValue(s, st, e, true, true)) {
      return name;
    }
    out.add(st, e, "API_KEY", PRIO_ASSIGNMENT);
    return e;
  }

  /**
   * A call whose first argument names a secret and whose second is its value, both quoted:
   * PHP's {@code define('DB_PASSWORD', 'x')}, {@code System.setProperty("db.password", "x")},
   * {@code headers.put("X-Api-Key", "x")}. The quote of the name is at {@code i + 1}.
   */
  private static void namedArgument(char[] s, int i, Candidates out) {
    int n = s.length;
    char q = s[i + 1];
    int name = i + 2;
    int ne = name;
    while (ne < n && ne - name < 64 && s[ne] != q && s[ne] > ' ') {
      ne++;
    }
    if (ne >= n || s[ne] != q || ne == name || !keySuffix(s, name, ne) || inCi(s, name, ne, NOT_KEY_NAMES)) {
      return;
    }
    int k = skipSpaces(s, ne + 1);
    if (k >= n || s[k] != ',') {
      return;
    }
    k = skipSpaces(s, k + 1);
    if (k >= n || (s[k] != '\'' && s[k] != '"')) {
      return;
    }
    char vq = s[k];
    int st = k + 1;
    int e = st;
    while (e < n && e - st < 512 && s[e] != vq) {
      e++;
    }
    if (e < n && e > st && s[st] != '$' && s[st] != '%' && s[st] != '{' && s[st] != '<'
        && !reference(s, st, e) && opaqueValue(s, st, e, passName(s, name, ne), true)) {
      out.add(st, e, "API_KEY", PRIO_ASSIGNMENT);
    }
  }

  /** An option that names a secret: --password, --api-key, --registration-token; not --token-file. */
  private static boolean optionNamesSecret(char[] s, int from, int to) {
    return !inCi(s, from, to, NOT_KEY_NAMES) && (keySuffix(s, from, to) || inCi(s, from, to, SECRET_OPTIONS));
  }

  /** Options whose argument is a password although their name does not end like one (redis). */
  private static final String[] SECRET_OPTIONS = {"requirepass", "masterauth", "pass"};

  /** Whether the command of this line is mysql's (or MariaDB's) client, dump or admin tool. */
  private static boolean mysqlCommandBefore(char[] s, int i) {
    for (int k = i - 1; k >= 4 && i - k < 256; k--) {
      char c = s[k];
      if (c == '\n' || c == ';' || c == '|') {
        return false;
      }
      if ((c == 'l' || c == 'b' || c == 'L' || c == 'B') && (regionMatchesCi(s, k - 4, "mysql", 0, 5)
          || k >= 6 && regionMatchesCi(s, k - 6, "mariadb", 0, 7))) {
        int b = s[k - 4] == 'm' || s[k - 4] == 'M' ? k - 4 : k - 6;
        return b == 0 || !isAlnum(s[b - 1]);
      }
    }
    return false;
  }

  private static final String[] KEY_SUFFIXES = {
    "apikey", "token", "secret", "secretkey", "privatekey", "password", "passwd", "pwd", "passphrase",
    "authorization", "auth", "credentials", "accesskeysecret", "secretaccesskey", "accountkey",
    "sharedaccesskey", "secretkeybase", "signingkey", "encryptionkey", "subscriptionkey", "functionskey", "masterkey",
    "hmackey", "licensekey",
    // keys named for what holds them: DD_APP_KEY, ipstack's access_key, FCM's server key, Segment's write key
    "appkey", "accesskey", "serverkey", "adminkey", "writekey", "ingestkey", "ingestionkey", "integrationkey",
    "deploykey", "storagekey",
    // PagerDuty's Events API integration key; a Kubernetes image-pull Secret's registry logins (base64 JSON)
    "routingkey", "dockerconfigjson", "dockercfg",
    // WordPress's wp-config.php keys and salts: AUTH_KEY, SECURE_AUTH_SALT, LOGGED_IN_KEY, NONCE_SALT
    "authkey", "authsalt", "loggedinkey", "loggedinsalt", "noncekey", "noncesalt",
    // the signature of a shared-access or presigned URL: whoever holds the URL can use it until it expires
    // (Azure SAS sig=, S3 X-Amz-Signature=, GCS X-Goog-Signature=)
    "sig", "amzsignature", "googsignature",
    // password in German, Dutch, Swedish, Norwegian, Portuguese, Spanish, Polish, Czech, Finnish, Danish, Hungarian
    "passwort", "kennwort", "wachtwoord", "losenord", "passord", "senha", "contrasena", "haslo", "heslo", "salasana",
    "adgangskode", "jelszo",
    // and Turkish, alone and possessive: Wi-Fi şifresi
    "sifre", "sifresi"
  };
  private static final String[] NOT_KEY_NAMES = {
    // an anti-forgery token (csrf_token, X-XSRF-TOKEN, authenticity_token) is a token like any other: with
    // the session it is issued for, it lets a request pass as the user's
    "pagetoken", "nextpagetoken", "nexttoken", "continuationtoken", "synctoken", "maxtoken",
    // a key that makes a retried request count once (Twilio's I-Twilio-Idempotency-Token): no credential
    "idempotencytoken",
    // Helm charts: the name of a Kubernetes Secret that holds the value, not the value
    "existingsecret",
    // MCP: the id a client gives a long request to match progress notifications to it
    "progresstoken"
  };
  private static final String[] PLACEHOLDERS = {
    "true", "false", "null", "none", "undefined", "redacted", "changeme", "change_me", "change-me", "changeit",
    "example", "required", "optional",
    "string", "your_api_key", "<token>", "xxxxxxxx", "********"
  };

  private void onAssignment(char[] s, int i, Candidates out) {
    int n = s.length;
    int k = i;
    boolean quotedName = false;
    if (s[i] == '=') {
      // compound assignments: Go's and Make's :=, Make's ?= and +=, Ruby's ||=
      char before = i > 0 ? s[i - 1] : ' ';
      if (before == ':' || before == '?' || before == '+') {
        k = i - 1;
      } else if (before == '|' && i > 1 && s[i - 2] == '|') {
        k = i - 2;
      }
      // a hash entry, 'password' => '…' (PHP, Ruby, Perl); an arrow function's body is no value
      if (i + 1 < n && s[i + 1] == '>' && !quotedValueAt(s, i + 2)) {
        return;
      }
    }
    // names padded to line up their '=' (Terraform, INI, properties): datadog_api_key   = "…"
    while (k > 0 && i - k < 40 && (s[k - 1] == ' ' || s[k - 1] == '\t')) {
      k--;
    }
    if (s[i] == '=' && k > 2 && s[k - 1] == ']' && (s[k - 2] == '"' || s[k - 2] == '\'')) {
      k--; // a subscript: os.environ["API_TOKEN"] = …, $config['db_password'] = …
    } else if (s[i] == '=' && k > 2 && s[k - 1] == ']' && isWordChar(s[k - 2])) {
      k--; // a form's nested field: user[password]=…
    } else if (s[i] == '=' && k > 4 && s[k - 3] == '%' && s[k - 2] == '5' && (s[k - 1] | 0x20) == 'd'
        && isWordChar(s[k - 4])) {
      k -= 3; // and encoded: user%5Bpassword%5D=…
    }
    if (k > 0 && (s[k - 1] == '"' || s[k - 1] == '\'')) {
      k--;
      quotedName = true;
    } else if (s[i] == ':' && k > 1 && (s[k - 1] == ')' || s[k - 1] == ']')) {
      k = beforeQualifier(s, k);
    }
    int nameEnd = k;
    k = nameStart(s, nameEnd);
    if (k > 0 && k + 2 < nameEnd && s[k - 1] == '%' && s[k] == '5' && (s[k + 1] | 0x20) == 'b') {
      k += 2; // the field inside user%5Bpassword%5D
    }
    // a declaration with its type between name and '=': const API_KEY: &str = "…", var password string = "…"
    // (a quoted value first: most values of a log's key=value pairs are not, and the type walk is longer)
    if (s[i] == '=' && !quotedName && quotedValueAt(s, i + 1) && (k == nameEnd || !keySuffix(s, k, nameEnd))) {
      int typedEnd = typedNameEnd(s, nameEnd);
      if (typedEnd > 0) {
        int typedStart = nameStart(s, typedEnd);
        if (typedStart < typedEnd && keySuffix(s, typedStart, typedEnd)) {
          assignedValue(s, i, typedStart, typedEnd, false, out);
        }
        return;
      }
    }
    if (nameEnd > 0 && s[nameEnd - 1] >= 'u' && !quotedName && nativePasswordNounBefore(s, nameEnd)
        && (k == nameEnd || !keySuffix(s, k, nameEnd))) {
      assignedValue(s, i, nameEnd, nameEnd, false, true, out);
      return;
    }
    if (k == nameEnd) {
      return;
    }
    if (s[i] == ':' && k >= 3 && s[k - 1] == '/' && s[k - 2] == '/' && s[k - 3] == ':') {
      return; // https://x-access-token:gho_…@github.com: a URL's user, its password is urlPassword's
    }
    if (s[i] == ':' && k > 0 && s[k - 1] == ':' && inArn(s, k)) {
      return; // arn:aws:secretsmanager:…:secret:prod/db/password-JvY06h names a secret, it does not hold one
    }
    int keyEnd = keyNameEnd(s, k, nameEnd);
    if (keyEnd > 0) {
      assignedValue(s, i, k, keyEnd, quotedName, out);
    } else if (nameEnd - k == 3 && k > 1 && s[k - 1] == ' ' && isLetter(s[k - 2]) && regionMatchesCi(s, k, "key", 0, 3)) {
      // a label of two words: "API key: …", "Secret key: …", "Access key: …" (judged as apikey, secretkey)
      int w = k - 1;
      while (w > 0 && k - w <= 16 && isLetter(s[w - 1])) {
        w--;
      }
      if (w == 0 || !isAlnum(s[w - 1])) {
        assignedValue(s, i, w, nameEnd, quotedName, out);
      }
    } else if (nameEnd - k == 5 && regionMatchesCi(s, k, "value", 0, 5)) {
      long paired = pairedName(s, k);
      if (paired >= 0) {
        assignedValue(s, i, (int) (paired >>> 32), (int) paired, quotedName, out);
      }
    } else if (nameEnd - k == 7 && regionMatchesCi(s, k, "default", 0, 7)) {
      long variable = terraformVariableName(s, k);
      if (variable >= 0) {
        assignedValue(s, i, (int) (variable >>> 32), (int) variable, quotedName, out);
      }
    } else if (nameEnd - k == 4 && s[i] == '=' && regionMatchesCi(s, k, "name", 0, 4)) {
      multipartField(s, i, k, out);
    } else if (nameEnd - k >= 6 && regionMatchesCi(s, nameEnd - 3, "key", 0, 3)) {
      assignedValue(s, i, k, nameEnd, quotedName, out); // GREENHOUSE_KEY, mapboxKey: see vendorKeyName
    }
  }

  /**
   * A part of a multipart/form-data body named like a secret, at the '=' of its {@code name}:
   * {@code Content-Disposition: form-data; name="password"}, maybe more part headers, an empty
   * line, then the value on a line of its own.
   */
  private static void multipartField(char[] s, int i, int nameAt, Candidates out) {
    int n = s.length;
    if (i + 1 >= n || s[i + 1] != '"') {
      return;
    }
    int a = i + 2;
    int b = a;
    while (b < n && b - a < 64 && s[b] != '"' && s[b] > ' ') {
      b++;
    }
    if (b >= n || s[b] != '"' || b == a || keyNameEnd(s, a, b) < 0 || inCi(s, a, b, NOT_KEY_NAMES)) {
      return;
    }
    int line = nameAt;
    while (line > 0 && nameAt - line < 96 && s[line - 1] != '\n') {
      line--;
    }
    if (indexOf(s, "form-data", line, nameAt) < 0) {
      return;
    }
    int e = b;
    for (int headers = 0; headers < 4; headers++) {
      while (e < n && s[e] != '\n') {
        e++;
      }
      e++; // the start of the next line
      if (e < n && s[e] == '\r') {
        e++;
      }
      if (e >= n) {
        return;
      }
      if (s[e] == '\n') {
        break; // the empty line that ends the part's headers
      }
      if (headers == 3 || !regionMatchesCi(s, e, "content-", 0, 8)) {
        return;
      }
    }
    int st = e + 1;
    int ve = st;
    while (ve < n && ve - st < 512 && s[ve] != '\r' && s[ve] != '\n') {
      ve++;
    }
    boolean password = false; // a password may be plainer than a token: password1234
    for (int j = a; j + 4 <= b && !password; j++) {
      password = regionMatchesCi(s, j, "pass", 0, 4);
    }
    if (ve > st && s[st] != '$' && s[st] != '{' && s[st] != '<' && !reference(s, st, ve)
        && opaqueValue(s, st, ve, password, true)) {
      out.add(st, ve, "API_KEY", PRIO_ASSIGNMENT);
    }
  }

  /**
   * "Password" in scripts other than Latin, and Vietnamese, as labels end with it before a colon:
   * 密码：…, パスワード: …, 비밀번호: …, пароль: …, סיסמה: …, mật khẩu: …. Lower case where the
   * script has case.
   */
  private static final String[] NATIVE_PASSWORD_NOUNS = {
    "密码", "密碼", "口令", "パスワード", "비밀번호", "암호", "пароль", "κωδικός πρόσβασης", "συνθηματικό", "पासवर्ड",
    "كلمة المرور", "كلمة السر", "סיסמה", "סיסמא", "รหัสผ่าน", "mật khẩu"
  };

  /**
   * Whether one of {@link #NATIVE_PASSWORD_NOUNS} ends at {@code end}, as a word of its own where
   * its script has spaces (a Han or Hangul label may follow other words unspaced: 测试环境密码).
   */
  private static boolean nativePasswordNounBefore(char[] s, int end) {
    if (end == 0 || s[end - 1] < 128 && s[end - 1] != 'u') {
      return false; // every noun ends in a non-ASCII letter but mật khẩu
    }
    for (String w : NATIVE_PASSWORD_NOUNS) {
      int from = end - w.length();
      if (endsWithLower(s, end, w) && (from == 0 || noSpace(s[from]) || !isLetter(s[from - 1]))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code s} ends at {@code end} with {@code lower}, compared in lower case (Пароль, Llámame). */
  private static boolean endsWithLower(char[] s, int end, String lower) {
    int from = end - lower.length();
    if (from < 0) {
      return false;
    }
    for (int j = 0; j < lower.length(); j++) {
      if (lower(s[from + j]) != lower.charAt(j)) {
        return false;
      }
    }
    return true;
  }

  /**
   * For a qualifier in brackets that ends at {@code k}, between a name and its colon ("Password
   * (temporary): …", "Passwort (vorläufig): …", "API token [prod]: …"), the end of the name before
   * it; else {@code k}. A qualifier is short plain text on the same line.
   */
  private static int beforeQualifier(char[] s, int k) {
    char open = s[k - 1] == ')' ? '(' : '[';
    int q = k - 2;
    while (q >= 0 && k - q <= 40 && s[q] != open && s[q] != '\n' && s[q] != ':' && s[q] != '=' && s[q] != '"'
        && s[q] != '\'' && s[q] != ')' && s[q] != ']') {
      q--;
    }
    if (q < 1 || s[q] != open || q == k - 2) {
      return k;
    }
    return skipSpacesBack(s, q);
  }

  /**
   * For a {@code default} inside a Terraform (HCL) variable block, the variable's name when it is
   * key-like: {@code variable "db_password" { type = string  default = "…" }}. Looks back at most
   * 300 chars to the block's '{' (not past a '}'); returns the name's bounds packed as {@code
   * start << 32 | end}, or -1.
   */
  private static long terraformVariableName(char[] s, int k) {
    int lim = Math.max(0, k - 300);
    int j = k - 1;
    while (j >= lim && s[j] != '{' && s[j] != '}') {
      j--;
    }
    if (j < lim || s[j] != '{') {
      return -1;
    }
    j = skipSpacesBack(s, j);
    if (j < 2 || s[j - 1] != '"') {
      return -1;
    }
    int b = j - 1;
    int a = b;
    while (a > 0 && b - a < 64 && (isAlnum(s[a - 1]) || s[a - 1] == '_' || s[a - 1] == '-')) {
      a--;
    }
    if (a == b || a == 0 || s[a - 1] != '"') {
      return -1;
    }
    int v = skipSpacesBack(s, a - 1);
    boolean variable = v >= 8 && regionMatchesCi(s, v - 8, "variable", 0, 8) && (v == 8 || !isWordChar(s[v - 9]));
    return variable && keySuffix(s, a, b) ? ((long) a << 32) | b : -1;
  }

  /** Whether the name at {@code k} is a field of an Amazon Resource Name ({@code arn:partition:service:…}). */
  private static boolean inArn(char[] s, int k) {
    int j = k;
    while (j > 0 && k - j < 256 && !Character.isWhitespace(s[j - 1]) && s[j - 1] != '"' && s[j - 1] != '\''
        && s[j - 1] != '=' && s[j - 1] != '(' && s[j - 1] != '[' && s[j - 1] != ',') {
      j--;
    }
    return regionMatchesCi(s, j, "arn:", 0, 4);
  }

  /**
   * For a field named "value", the key-like name its object gives it in a "name" or "key" field
   * before it: {@code {"name": "DB_PASSWORD", "value": "…"}}, a Kubernetes env entry ({@code - name:
   * API_TOKEN} then {@code value: …}), .NET's {@code <add key="ApiKey" value="…"/>}. Looks back at
   * most 200 chars, not past the '{', '}', '<' or '>' that opens the object or element; the nearest
   * such field decides. Returns the name's bounds packed as {@code start << 32 | end}, or -1.
   */
  private static long pairedName(char[] s, int k) {
    int lim = Math.max(0, k - 200);
    for (int j = k - 1; j >= lim; j--) {
      char c = s[j];
      if (c == '{' || c == '}' || c == '<' || c == '>') {
        return -1;
      }
      if (c != ':' && c != '=') {
        continue;
      }
      int we = j;
      while (we > lim && s[we - 1] == ' ') {
        we--;
      }
      if (we > lim && (s[we - 1] == '"' || s[we - 1] == '\'')) {
        we--;
      }
      int ws = we;
      while (ws > lim && ws > we - 4 && isLetter(s[ws - 1])) {
        ws--;
      }
      boolean label = (we - ws == 4 && regionMatchesCi(s, ws, "name", 0, 4))
          || (we - ws == 3 && regionMatchesCi(s, ws, "key", 0, 3));
      if (!label || (ws > 0 && isAlnum(s[ws - 1]))) {
        continue;
      }
      int a = j + 1;
      while (a < k && s[a] == ' ') {
        a++;
      }
      char q = a < k ? s[a] : 0;
      if (q == '"' || q == '\'') {
        a++;
      }
      int b = a;
      // a parameter store's or vault's path names the secret by its last segment:
      // name = "/payments-webhook/prod/db_password" then value = "…" (aws_ssm_parameter)
      int segment = a;
      while (b < k && b - a < 128 && (isAlnum(s[b]) || s[b] == '_' || s[b] == '-' || s[b] == '.' || s[b] == '/')) {
        if (s[b] == '/') {
          segment = b + 1;
        }
        b++;
      }
      boolean closed = (q == '"' || q == '\'') ? b < k && s[b] == q : b < k;
      int keyEnd = b > segment && closed ? keyNameEnd(s, segment, b) : -1;
      return keyEnd > 0 ? ((long) segment << 32) | keyEnd : -1;
    }
    return -1;
  }

  /** Elements that hold a configuration value named by their key or name attribute. */
  private static final String[] ENTRY_ELEMENTS = {
    "entry", "property", "param", "parameter", "setting", "add", "item", "variable", "var", "env", "arg", "argument"
  };

  private static boolean entryElement(char[] s, int from, int to) {
    for (String el : ENTRY_ELEMENTS) {
      if (to - from == el.length() && regionMatchesCi(s, from, el, 0, el.length())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A '>' that ends an XML start tag naming a secret: {@code <password>…</password>}, or a
   * configuration entry whose {@code key}/{@code name} attribute does, {@code <entry
   * key="db.password">…</entry>}, {@code <property name="password">…</property>}. The
   * element's text up to its end tag is the value, judged as an assigned value is.
   */
  private void onTagEnd(char[] s, int i, Candidates out) {
    int lt = i - 1;
    int lim = Math.max(0, i - 160);
    while (lt >= lim && s[lt] != '<' && s[lt] != '>' && s[lt] != '\n') {
      lt--;
    }
    if (lt < lim || s[lt] != '<' || lt + 1 >= i || !isLetter(s[lt + 1])) {
      return;
    }
    int te = lt + 1;
    while (te < i && (isAlnum(s[te]) || s[te] == '_' || s[te] == '-' || s[te] == '.' || s[te] == ':')) {
      te++;
    }
    // a namespace prefix is not part of the name: <ns:password>, <spring:property>
    int local = lt + 1;
    for (int c = te - 1; c > lt + 1; c--) {
      if (s[c] == ':') {
        local = c + 1;
        break;
      }
    }
    int nameStart;
    int nameEnd;
    if (te == i) {
      nameStart = local;
      nameEnd = te;
      if (!keySuffix(s, nameStart, nameEnd)) {
        return;
      }
    } else if (s[te] == ' ' && s[i - 1] != '/' && keySuffix(s, local, te)) {
      // the element's own name, its attributes aside: <wsse:Password Type="…#PasswordText">x</…>
      nameStart = local;
      nameEnd = te;
    } else {
      if ((s[i - 1] != '"' && s[i - 1] != '\'') || !entryElement(s, local, te)) {
        return;
      }
      long paired = pairedName(s, i);
      if (paired < 0) {
        return;
      }
      nameStart = (int) (paired >>> 32);
      nameEnd = (int) paired;
    }
    // the element's text must run to an end tag on the same line
    int e = i + 1;
    int end = Math.min(s.length, i + 513);
    while (e < end && s[e] != '<' && s[e] != '\n') {
      e++;
    }
    if (e + 1 >= s.length || s[e] != '<' || s[e + 1] != '/') {
      return;
    }
    assignedValue(s, i, nameStart, nameEnd, true, out);
  }

  /**
   * The value assigned at {@code s[i]} ('=' or ':') to the key-like name in [k, nameEnd), when it
   * looks like a secret. A method of its own: few names pass {@link #keySuffix}, and kept apart
   * the JIT compiles the common path (a name that is not key-like) small and early.
   */
  /** Start of the key name that ends at {@code nameEnd}: letters (Latin with diacritics too), digits, '_', '-', '.'. */
  private static int nameStart(char[] s, int nameEnd) {
    int k = nameEnd;
    while (k > 0 && nameEnd - k < 64) {
      char c = s[k - 1];
      // Latin letters with diacritics too: contraseña, hasło, lösenord
      if (isAlnum(c) || c == '_' || c == '-' || c == '.' || (c >= 0xC0 && latinFold(c) < 128)) {
        k--;
      } else {
        break;
      }
    }
    return k;
  }

  /** Whether a quoted string starts at {@code j}, after spaces: the literal a typed declaration assigns. */
  private static boolean quotedValueAt(char[] s, int j) {
    j = skipSpaces(s, j);
    return j < s.length && (s[j] == '"' || s[j] == '\'' || s[j] == '`');
  }

  /**
   * The end of the name in a declaration whose type ends at {@code e}: {@code name: Type} (Rust,
   * TypeScript, Kotlin, Swift, Scala, Python hints and parameters), {@code var name Type} and
   * {@code const name Type} (Go), {@code Name { get; set; }} (a C# property); else -1.
   */
  private static int typedNameEnd(char[] s, int e) {
    if (e < 3) {
      return -1;
    }
    if (s[e - 1] == '}') {
      int b = e - 1;
      while (b > 0 && e - b < 40 && s[b - 1] != '{' && s[b - 1] != '\n') {
        b--;
      }
      return b > 1 && s[b - 1] == '{' && containsGet(s, b, e) ? skipSpacesBack(s, b - 1) : -1;
    }
    // the type: &'static str, Option<String>, Final[str], string | undefined
    int t = e;
    boolean letter = false;
    while (t > 0 && e - t < 40) {
      char c = s[t - 1];
      if (isLetter(c)) {
        letter = true;
      } else if (!isDigit(c) && "_&'<>[](),.?*| ".indexOf(c) < 0) {
        break;
      }
      t--;
    }
    if (letter && t > 1 && s[t - 1] == ':' && s[t - 2] != ':') {
      int f = skipSpaces(s, t);
      return f < e && (isLetter(s[f]) || s[f] == '&' || s[f] == '[' || s[f] == '(') ? skipSpacesBack(s, t - 1) : -1;
    }
    // Go: var name Type, const name Type
    int typeStart = e;
    while (typeStart > 0 && e - typeStart < 32 && (isAlnum(s[typeStart - 1]) || "_.*[]".indexOf(s[typeStart - 1]) >= 0)) {
      typeStart--;
    }
    if (typeStart == e || typeStart == 0 || s[typeStart - 1] != ' ') {
      return -1;
    }
    int nameEnd = skipSpacesBack(s, typeStart);
    int name = nameEnd;
    while (name > 0 && nameEnd - name < 64 && (isAlnum(s[name - 1]) || s[name - 1] == '_')) {
      name--;
    }
    int keyword = skipSpacesBack(s, name);
    if (name == nameEnd || keyword == name) {
      return -1;
    }
    int word = keyword;
    while (word > 0 && isAlnum(s[word - 1])) {
      word--;
    }
    return inCi(s, word, keyword, GO_DECLARATIONS) ? nameEnd : -1;
  }

  private static final String[] GO_DECLARATIONS = {"var", "const"};

  /** Whether an accessor list {@code s[from, to)} has a {@code get}: { get; set; }, { get; init; }. */
  private static boolean containsGet(char[] s, int from, int to) {
    for (int j = from; j + 3 <= to; j++) {
      if (s[j] == 'g' && s[j + 1] == 'e' && s[j + 2] == 't' && !isAlnum(s[j - 1]) && (j + 3 == to || !isAlnum(s[j + 3]))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A setter or builder call whose only argument is a quoted literal: {@code setApiToken("…")},
   * {@code withPassword("…")}, {@code .apiKey("…")}, {@code .bearerToken("…")}. The method names the
   * value as a key name would; a getter, checker or finder ({@code getToken("name")}, {@code
   * validateToken("…")}) takes a key's name or a value to test, so its first word must be a setter's
   * or one that a key name starts with.
   */
  private void setterArgument(char[] s, int i, Candidates out) {
    int n = s.length;
    if (i + 1 >= n || (s[i + 1] != '"' && s[i + 1] != '\'')) {
      return;
    }
    int name = i;
    while (name > 0 && i - name < 48 && (isAlnum(s[name - 1]) || s[name - 1] == '_')) {
      name--;
    }
    if (i - name < 3 || !keySuffix(s, name, i)) {
      return;
    }
    int firstWord = name;
    while (firstWord < i && s[firstWord] >= 'a' && s[firstWord] <= 'z') {
      firstWord++;
    }
    boolean setter = firstWord < i && s[firstWord] >= 'A' && s[firstWord] <= 'Z'
        && (regionMatchesCi(s, name, "set", 0, 3) && firstWord - name == 3
        || regionMatchesCi(s, name, "with", 0, 4) && firstWord - name == 4);
    boolean builder = name > 0 && s[name - 1] == '.' && inCi(s, name, firstWord, SETTER_FIRST_WORDS);
    if (!setter && !builder) {
      return;
    }
    char q = s[i + 1];
    int e = i + 2;
    while (e < n && e - i < 514 && s[e] != q && s[e] != '\n') {
      e++;
    }
    int close = e < n && s[e] == q ? skipSpaces(s, e + 1) : n;
    if (close >= n || s[close] != ')') {
      return;
    }
    assignedValue(s, i, name, i, false, out);
  }

  /** First words of builder methods that set a secret: apiKey(…), password(…), clientSecret(…), bearerToken(…). */
  private static final String[] SETTER_FIRST_WORDS = {
    "api", "access", "auth", "bearer", "client", "secret", "password", "passwd", "token", "key", "app", "private",
    "signing", "webhook", "session", "master", "admin", "root", "db", "database", "refresh"
  };

  private void assignedValue(char[] s, int i, int k, int nameEnd, boolean quotedName, Candidates out) {
    assignedValue(s, i, k, nameEnd, quotedName, false, out);
  }

  /** {@code nativePassword}: the name is a password noun of another script, ending at {@code nameEnd}. */
  private void assignedValue(char[] s, int i, int k, int nameEnd, boolean quotedName, boolean nativePassword,
      Candidates out) {
    int n = s.length;
    char[] name = lowerName(s, k, nameEnd);
    int len = name.length;
    int kind = nameKind(s, k, nameEnd, name, nativePassword);
    boolean vendorKey = false;
    if (kind == NAME_NONE) {
      if (!vendorKeyName(s, k, nameEnd, name)) {
        return;
      }
      kind = NAME_KEY;
      vendorKey = true;
    }
    boolean pass = kind == NAME_PASS;
    boolean password = kind != NAME_KEY;
    // value
    int v = i + 1;
    if (s[i] == '=' && v < n && s[v] == '>') {
      v++; // 'password' => '…'
    }
    if (s[i] == ':' && v < n && (s[v] == ':' || s[v] == '/')) {
      return;
    }
    // values lined up in a column (kubectl describe, aligned YAML and .env): DB_PASSWORD:      x
    while (v < n && v - i <= 40 && (s[v] == ' ' || s[v] == '\t')) {
      v++;
    }
    if (v >= n) {
      return;
    }
    char q = s[v];
    // and a JavaScript template literal: Authorization = `Bearer ${token}`
    boolean quoted = q == '"' || q == '\'' || q == '`';
    if (quoted) {
      v++;
    }
    if (!quoted && v + 1 < n && s[v] == '!' && isLetter(s[v + 1])) {
      int t = v + 1;
      while (t < n && (isAlnum(s[t]) || s[t] == '_' || s[t] == ':')) {
        t++;
      }
      if (t < n && s[t] == ' ') {
        return; // a YAML tag reads the value from elsewhere: !env_var GITHUB_TOKEN, !Ref DbPassword
      }
    }
    if (endsWith(name, len, "auth") && wordValue(s, v, AUTH_VALUES)) {
      return; // auth="Container" (a Tomcat resource), auth: none
    }
    if (endsWith(name, len, "authorization") || endsWith(name, len, "auth")) {
      int schemeEnd = -1;
      for (String scheme : AUTH_SCHEMES) {
        if (regionMatchesCi(s, v, scheme, 0, scheme.length())) {
          schemeEnd = v + scheme.length();
          break;
        }
      }
      if (schemeEnd < 0 && !quoted) {
        // a vendor's own scheme, one word and a space: Authorization: GenieKey 480ac1cc-…, SSWS 00x…
        int w = v;
        while (w < n && w - v <= 24 && isLetter(s[w]) && s[w] < 128) {
          w++;
        }
        if (w - v >= 2 && w + 1 < n && s[w] == ' ' && s[w + 1] > ' ') {
          schemeEnd = w + 1;
        }
      }
      if (schemeEnd > 0) {
        v = schemeEnd;
        // the credential's own name after the scheme: Authorization: Token token=… (PagerDuty)
        int w = v;
        while (w < n && w - v <= 16 && isLetter(s[w])) {
          w++;
        }
        if (w > v && w + 1 < n && s[w] == '=' && s[w + 1] > ' ' && s[w + 1] != '=') {
          v = w + 1;
        }
      } else if (v + 4 < n && (regionMatchesCi(s, v, "key=", 0, 4) || regionMatchesCi(s, v, "token=", 0, 6))) {
        v += s[v + 3] == '=' ? 4 : 6; // no scheme, the credential's name: Authorization: key=AAAA…:APA91b… (FCM's legacy API)
      }
    }
    int e = v;
    // a service account's token, base64 in a Kubernetes Secret, runs past a thousand characters:
    // read past 512 only over base64 ('=' and ':' end the stretch, so "api_key=api_key=…" and
    // "token:token:…" still read 512 characters at each sign, not 4096)
    int lim = Math.min(n, v + 512);
    if (lim - v == 512 && base64Run(s, v, lim)) {
      lim = Math.min(n, v + 4096);
    }
    // in a URL's query string a literal '&' is always the next parameter (a value's own is %26)
    boolean inQuery = k > 0 && (s[k - 1] == '?' || s[k - 1] == '&');
    int firstAmpersand = -1;
    if (quoted) {
      while (e < lim && s[e] != q && s[e] != '\n' && s[e] != '\r') {
        if (s[e] == '\\') {
          e++;
        }
        e++;
      }
      if (e >= lim || s[e] != q) {
        return;
      }
    } else {
      while (e < lim) {
        char c = s[e];
        if (c <= ' ' || c == '"' || c == '\'' || c == ',' || c == ';' || c == '}' || c == ')'
            || c == ']' || c == '<' || c == '>' || c == '\u00A0') {
          break;
        }
        if (c == '&') {
          if (inQuery || !ampersandInValue(s, e, lim)) {
            break; // the next parameter of a query string or form, an entity, a shell '&&'
          }
          if (firstAmpersand < 0) {
            firstAmpersand = e;
          }
        }
        e++;
      }
      e = withoutTrailingDots(s, v, e);
      if (e > v && s[e - 1] == '`' && k > 0 && s[k - 1] == '`') {
        e--; // Markdown's inline code around the whole assignment: `Authorization: Bearer eyJ…`
      }
    }
    if (e > n) {
      return;
    }
    if ((!quoted && reference(s, v, e)) || filePath(s, v, e)) {
      return; // apiKey: process.env.OPENAI_API_KEY, password = var.db_password, PWD=/var/lib/x
    }
    if (vendorKey && !randomKey(s, v, e)) {
      return;
    }
    boolean structured = !pass && (quoted || quotedName || s[i] == '=' || s[i] == '>');
    if (!opaqueValue(s, v, e, password, structured)) {
      // "token=abc123&redacted": what follows the '&' may make the whole look like no secret;
      // the part before it is then judged alone, as when '&' always ended a value
      if (firstAmpersand < 0) {
        return;
      }
      e = withoutTrailingDots(s, v, firstAmpersand);
      if (!opaqueValue(s, v, e, password, structured)) {
        return;
      }
    }
    addAssigned(s, v, e, name, out);
  }

  /**
   * Adds the value {@code s[v, e)} of a secret named {@code name} ({@link #lowerName}): an AWS
   * secret key when an AWS name holds one of its shape, else an API key.
   */
  private void addAssigned(char[] s, int v, int e, char[] name, Candidates out) {
    int len = name.length;
    if (e - v == 40 && (contains(name, len, "aws") || contains(name, len, "secretaccesskey"))
        && awsSecretShape(s, v, e) && allSecretChars(s, v, e)) {
      if (awsSecret) {
        out.add(v, e, "AWS_SECRET_KEY", PRIO_STRONG);
      }
      return;
    }
    if (apiKey) {
      out.add(v, e, "API_KEY", PRIO_ASSIGNMENT);
    }
  }

  /** {@link #nameKind}: no secret's name. */
  private static final int NAME_NONE = 0;
  /** {@link #nameKind}: a key-like name (token, api_key, client_secret…). */
  private static final int NAME_KEY = 1;
  /** {@link #nameKind}: a password's name, in any of the languages of {@link #PASSWORD_SUFFIXES}. */
  private static final int NAME_PASSWORD = 2;
  /**
   * {@link #nameKind}: "pass" or "pw" alone, which also name test results and render passes
   * ("pass": "FAIL", render.pass=shadow): the value must look like a secret as free text must.
   */
  private static final int NAME_PASS = 3;

  /** The letters and digits of {@code s[k, nameEnd)} in lower case: "X-Api-Key" and "x_api_key" are "xapikey". */
  private static char[] lowerName(char[] s, int k, int nameEnd) {
    char[] name = new char[nameEnd - k];
    int len = 0;
    for (int j = k; j < nameEnd; j++) {
      char c = s[j];
      if (isAlnum(c)) {
        name[len++] = c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c;
      } else if (c >= 128 && latinFold(c) < 128) {
        name[len++] = latinFold(c); // Passwort, lösenord, contraseña, hasło compare as ASCII
      }
    }
    return len == name.length ? name : Arrays.copyOf(name, len);
  }

  /**
   * What a {@code X_KEY} / {@code x-key} / {@code xKey} name holds when X names no data structure,
   * index or public value: a service's credential ({@code GREENHOUSE_KEY}, {@code mapboxKey},
   * {@code harvest-key}). Its value is taken only when {@link #randomKey} (a cache key, an S3
   * object key or a sort key under another name still reads as a path or a word).
   */
  private static boolean vendorKeyName(char[] s, int k, int nameEnd, char[] name) {
    int len = name.length;
    if (len < 6 || nameEnd - k < 6 || !endsWith(name, len, "key") || !regionMatchesCi(s, nameEnd - 3, "key", 0, 3)) {
      return false;
    }
    char before = s[nameEnd - 4];
    boolean split = before == '_' || before == '-' || (s[nameEnd - 3] == 'K' && isLower(before));
    if (!split) {
      return false;
    }
    for (String no : NOT_VENDOR_KEY_WORDS) {
      if (endsWith(name, len - 3, no)) {
        return false;
      }
    }
    return true;
  }

  /** The words before {@code key} in names of keys that are no credential: an index, a cache entry, a public value. */
  private static final String[] NOT_VENDOR_KEY_WORDS = {
    "primary", "foreign", "sort", "partition", "range", "hash", "cache", "idempotency", "idempotent", "dedup",
    "dedupe", "public", "publishable", "pub", "site", "object", "bucket", "s3", "blob", "file", "path", "upload",
    "asset", "image", "media", "map", "lookup", "row", "column", "field", "attribute", "index", "join", "shard",
    "unique", "natural", "surrogate", "composite", "secondary", "message", "event", "group", "order", "ordering",
    "request", "correlation", "trace", "span", "lock", "queue", "topic", "stream", "metric", "feature", "flag",
    "experiment", "i18n", "translation", "label", "locale", "config", "setting", "settings", "ssh", "gpg", "pgp",
    "kms", "cert", "tls", "ssl", "hot", "short", "cut", "redis", "record", "entity", "item", "product", "resource",
    "schema", "type", "page", "route", "query", "search", "filter", "tenant", "customer", "user", "device", "session",
    // what a digest is stored under: a hash names its input, no credential
    "checksum", "digest", "etag", "md5", "sha1", "sha256", "fingerprint", "thumbprint", "content", "commit", "revision",
    // what an alerting or CI system groups events by: PagerDuty's incident_key, a job's dedup key
    "incident", "alert", "problem", "issue", "ticket", "case", "job", "task", "run", "build", "deployment", "release"
  };

  /**
   * A value that can only be a generated key: letters and digits (and '-' / '_'), hexadecimal of a
   * key's length (32, 40, 48 or 64) with letters and digits, or 24 or more characters mixing upper
   * case, lower case and digits. A UUID is an id.
   */
  private static boolean randomKey(char[] s, int from, int to) {
    int len = to - from;
    if (len < 24 || len > 128) {
      return false;
    }
    boolean hex = true;
    boolean digit = false;
    boolean lower = false;
    boolean upper = false;
    int dashes = 0;
    for (int j = from; j < to; j++) {
      char c = s[j];
      if (isDigit(c)) {
        digit = true;
      } else if (c >= 'a' && c <= 'z') {
        lower = true;
        hex &= c <= 'f';
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
        hex &= c <= 'F';
      } else if (c == '-' || c == '_') {
        dashes++;
        hex = false;
      } else {
        return false;
      }
    }
    if (dashes > 0 && len == 36 && dashes == 4 && s[from + 8] == '-' && s[from + 13] == '-') {
      return false; // a UUID
    }
    // a vendor's prefix and a UUID: LaunchDarkly's server-side SDK key, sdk-bc362530-e55e-…
    int p = from;
    while (p < to && p - from <= 5 && s[p] >= 'a' && s[p] <= 'z') {
      p++;
    }
    if (p > from + 1 && p < to && s[p] == '-' && to - p - 1 == 36 && dashes == 5 && s[p + 9] == '-' && s[p + 14] == '-'
        && s[p + 19] == '-' && s[p + 24] == '-') {
      return true;
    }
    if (hex) {
      return digit && (lower || upper) && (len == 32 || len == 40 || len == 48 || len == 64);
    }
    return digit && lower && upper;
  }

  /**
   * What the name {@code s[k, nameEnd)}, {@code name} in {@link #lowerName}'s form, says of the
   * value it holds: {@link #NAME_NONE}, {@link #NAME_KEY}, {@link #NAME_PASSWORD} or {@link
   * #NAME_PASS}. {@code nativePassword}: the name is a password noun of another script.
   */
  private static int nameKind(char[] s, int k, int nameEnd, char[] name, boolean nativePassword) {
    int len = name.length;
    boolean keyName = nativePassword || endsWithKeySuffix(name, len);
    boolean pass = !keyName && passName(s, k, nameEnd);
    if (!keyName && !pass) {
      return NAME_NONE;
    }
    for (String no : NOT_KEY_NAMES) {
      if (endsWith(name, len, no) || (len >= no.length() && startsWith(name, no, 0))) {
        return NAME_NONE;
      }
    }
    return pass ? NAME_PASS : nativePassword || endsWithAny(name, len, PASSWORD_SUFFIXES) ? NAME_PASSWORD : NAME_KEY;
  }

  /**
   * A secret's name as a whole field of a delimited row (CSV, TSV, a Markdown or psql table): the
   * value in the field after it, as a key/value table writes it ({@code password,Xk9#mP2qL!},
   * {@code | Password | Xk9#mP2qL! |}), and, when its row heads a block of rows of the same shape,
   * every value in its column below ({@code Email,Password [Required]⏎lars@…,rl9818t#X0p21!}). A
   * qualifier after the name ({@code [Required]}, {@code (optional)}, {@code *}) is no part of it.
   * Values are judged as free text after "token:" is (random-looking, eight or more characters,
   * no space): a table's cells are anything, "TRUE", "SHA-1" or "Must be 12+ characters" too.
   */
  private void secretField(char[] s, int i, int wordEnd, Candidates out) {
    int n = s.length;
    if (wordEnd + 4 <= n && s[wordEnd] == ' ' && regionMatchesCi(s, wordEnd + 1, "key", 0, 3)
        && (wordEnd + 4 == n || !isWordChar(s[wordEnd + 4]))) {
      wordEnd += 4; // "Secret Key", "Token Key": the name goes on
    }
    int e = wordEnd;
    while (e < n && s[e] == ' ') {
      e++;
    }
    if (e < n && (s[e] == '[' || s[e] == '(')) {
      char close = s[e] == '[' ? ']' : ')';
      int q = e + 1;
      while (q < n && q - e < 48 && s[q] != close && s[q] != '\n') {
        q++;
      }
      if (q >= n || s[q] != close) {
        return;
      }
      e = q + 1;
    }
    if (e < n && s[e] == '*') {
      e++;
    }
    if (e < n && s[e] == '"') {
      e++;
    }
    while (e < n && s[e] == ' ') {
      e++;
    }
    boolean lineEnd = e == n || s[e] == '\n' || s[e] == '\r';
    if (!lineEnd && !isColumnSeparator(s[e])) {
      return;
    }
    // the field's start: a few words of a name ("Client Secret", "DB Password", api_token)
    int f = i;
    while (f > 0 && i - f < 40 && (isWordChar(s[f - 1]) || s[f - 1] == ' ' || s[f - 1] == '-' || s[f - 1] == '.')) {
      f--;
    }
    if (f > 0 && s[f - 1] == '"') {
      f--;
    }
    if (f > 0 && s[f - 1] != '\n' && !isColumnSeparator(s[f - 1])) {
      return;
    }
    char sep = lineEnd ? (f > 0 && s[f - 1] != '\n' ? s[f - 1] : 0) : s[e];
    if (sep == 0) {
      return; // a name alone on its line: no table
    }
    int k = f;
    while (k < i && (s[k] == ' ' || s[k] == '"')) {
      k++;
    }
    char[] name = lowerName(s, k, wordEnd);
    int kind = nameKind(s, k, wordEnd, name, false);
    if (kind == NAME_NONE) {
      return;
    }
    int ls = f;
    while (ls > 0 && f - ls < LINE_WINDOW && s[ls - 1] != '\n') {
      ls--;
    }
    int le = e;
    while (le < n && le - e < LINE_WINDOW && s[le] != '\n') {
      le++;
    }
    int rowEnd = le > ls && s[le - 1] == '\r' ? le - 1 : le;
    int col = separators(s, ls, f, sep);
    int seps = col + separators(s, f, rowEnd, sep);
    // a key/value table names the secret in its first field (a list's "…, X-CSRF-Token, X-Request-Id"
    // and "[eks, get-token, --cluster-name]" are no such rows)
    if (!lineEnd && (col == 0 || (col == 1 && blankBefore(s, ls, f, sep)))) {
      long value = fieldAt(s, e + 1, rowEnd, sep, 0);
      if (value >= 0) {
        fieldSecret(s, (int) (value >>> 32), (int) value, name, kind, out);
      }
    }
    // a header: the top row of its block (a key/value table's rows each name a secret of their
    // own, and walking down from each would be quadratic)
    if (ls > 0) {
      int pe = ls - 1;
      int ps = pe;
      while (ps > 0 && pe - ps < LINE_WINDOW && s[ps - 1] != '\n') {
        ps--;
      }
      if (pe > ps && separators(s, ps, pe, sep) == seps) {
        return;
      }
    }
    int row = le + 1;
    for (int rows = 0; row < n && rows < 100_000; rows++) {
      int re = row;
      while (re < n && re - row < LINE_WINDOW && s[re] != '\n') {
        re++;
      }
      int end = re > row && s[re - 1] == '\r' ? re - 1 : re;
      if (!ruleLine(s, row, end)) {
        if (end == row || separators(s, row, end, sep) != seps) {
          return;
        }
        long value = fieldAt(s, row, end, sep, col);
        if (value >= 0) {
          fieldSecret(s, (int) (value >>> 32), (int) value, name, kind, out);
        }
      }
      row = re + 1;
    }
  }

  /**
   * Field number {@code col} of the row {@code s[from, to)} split at {@code sep} outside double
   * quotes, without its spaces and quotes, packed as {@code start << 32 | end}; -1 when empty.
   */
  private static long fieldAt(char[] s, int from, int to, char sep, int col) {
    int a = from;
    int k = 0;
    boolean quoted = false;
    int j = from;
    for (; j < to; j++) {
      char c = s[j];
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && sameSeparator(c, sep)) {
        if (k == col) {
          break;
        }
        k++;
        a = j + 1;
      }
    }
    if (k != col) {
      return -1;
    }
    int b = j;
    while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '"' || s[a] == '\'' || s[a] == '`')) {
      a++;
    }
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '"' || s[b - 1] == '\'' || s[b - 1] == '`')) {
      b--;
    }
    return a < b ? (long) a << 32 | b : -1;
  }

  /** Whether {@code s[from, to)} holds only spaces before its first {@code sep}: a Markdown row's leading '|'. */
  private static boolean blankBefore(char[] s, int from, int to, char sep) {
    for (int j = from; j < to && !sameSeparator(s[j], sep); j++) {
      if (s[j] != ' ' && s[j] != '\t') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code s[from, to)} is words of letters joined by '-', '_' or '.', each in lower case,
   * capitalised or in capitals: a name ({@code X-Request-Id}, {@code Content-Type}), not a secret.
   */
  private static boolean joinedWords(char[] s, int from, int to) {
    int partStart = from;
    for (int j = from; j <= to; j++) {
      if (j < to && isLetter(s[j]) && s[j] < 128) {
        continue;
      }
      if (j < to && s[j] != '-' && s[j] != '_' && s[j] != '.') {
        return false;
      }
      if (j == partStart) {
        return false;
      }
      boolean lowerTail = true;
      boolean upperTail = true;
      for (int q = partStart + 1; q < j; q++) {
        lowerTail &= isLower(s[q]);
        upperTail &= isUpper(s[q]);
      }
      if (!lowerTail && !upperTail) {
        return false;
      }
      partStart = j + 1;
    }
    return true;
  }

  /** A table's cell under or beside a secret's name ({@link #secretField}): added when it looks like one. */
  private void fieldSecret(char[] s, int v, int e, char[] name, int kind, Candidates out) {
    for (int j = v; j < e; j++) {
      if (s[j] == ' ') {
        return;
      }
    }
    if (reference(s, v, e) || filePath(s, v, e) || joinedWords(s, v, e) || !opaqueValue(s, v, e, kind != NAME_KEY, false)) {
      return;
    }
    addAssigned(s, v, e, name, out);
  }

  /** Whether {@code s[from, to)} is all base64 or base64url characters, without padding. */
  private static boolean base64Run(char[] s, int from, int to) {
    for (int j = from; j < to; j++) {
      char c = s[j];
      if (!(isAlnum(c) || c == '+' || c == '/' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** First parts of a dotted name that reads a secret from somewhere else rather than holding one. */
  private static final String[] REFERENCE_ROOTS = {
    "process", "os", "env", "var", "vars", "local", "data", "module", "secrets", "self", "this", "config",
    "settings", "values", "params", "args", "inputs", "props", "system", "context", "ctx", "import"
  };

  /**
   * Whether [from, to) is a dotted name starting with one of {@link #REFERENCE_ROOTS}, as code and
   * HCL write a reference to a secret: {@code process.env.API_KEY}, {@code var.db_password}, {@code
   * data.aws_secretsmanager_secret_version.db.secret_string}, {@code secrets.GH_TOKEN}.
   */
  private static boolean reference(char[] s, int from, int to) {
    if (to - from >= 2 && s[from] == '$' && shellVariable(s, from + 1, to)) {
      return true; // -H "x-api-key: $ANTHROPIC_API_KEY"
    }
    if (secretStorePath(s, from, to)) {
      return true; // secret=kv/data/smtp:password (a Vault lookup), secret/prod/db
    }
    int dot = from;
    while (dot < to && s[dot] != '.') {
      dot++;
    }
    if (dot == from || dot >= to - 1) {
      return false;
    }
    boolean root = false;
    for (String r : REFERENCE_ROOTS) {
      if (dot - from == r.length() && regionMatchesCi(s, from, r, 0, r.length())) {
        root = true;
        break;
      }
    }
    if (!root) {
      return false;
    }
    boolean segmentStart = true;
    for (int k = dot + 1; k < to; k++) {
      char c = s[k];
      if (c == '.') {
        if (segmentStart) {
          return false;
        }
        segmentStart = true;
      } else if (segmentStart ? (isLetter(c) || c == '_') : (isAlnum(c) || c == '_' || c == '-')) {
        segmentStart = false;
      } else {
        return false;
      }
    }
    return !segmentStart;
  }

  /**
   * A shell variable's name after '$': upper case, digits and '_' ({@code OPENAI_API_KEY}), or lower
   * case and '_' without digits ({@code token}); a secret that starts with '$' mixes more than that.
   */
  private static boolean shellVariable(char[] s, int from, int to) {
    if (!isLetter(s[from]) && s[from] != '_') {
      return false;
    }
    boolean upper = true;
    boolean lower = true;
    for (int k = from; k < to; k++) {
      char c = s[k];
      upper &= (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      lower &= (c >= 'a' && c <= 'z') || c == '_';
    }
    return upper || lower;
  }

  /**
   * Whether [from, to) is a file path: {@code /var/lib/jenkins/workspace} (two '/' at least),
   * {@code ./secrets/db-password.txt}, {@code ../x}, {@code ~/.pgpass}; path characters only.
   */
  private static boolean filePath(char[] s, int from, int to) {
    if (to - from < 3) {
      return false;
    }
    int slashes = 0;
    for (int k = from; k < to; k++) {
      char c = s[k];
      if (c == '/') {
        slashes++;
      } else if (!(isAlnum(c) || c == '.' || c == '_' || c == '-' || c == '~')) {
        return false;
      }
    }
    char c0 = s[from];
    boolean relative = (c0 == '.' || c0 == '~') && (s[from + 1] == '/' || (s[from + 1] == '.' && s[from + 2] == '/'));
    return (c0 == '/' && slashes >= 2 && s[from + 1] != '/') || (relative && slashes >= 1);
  }

  /**
   * Whether the '&' at {@code amp}, in an unquoted value outside a URL, belongs to the value
   * ({@code Tr0ub4dor&3}, {@code p&ssw0rd}): a letter or digit follows, and no parameter name and
   * '=' ({@code &page=2}, {@code &amp;page=2}, {@code &x%5B%5D=1}) nor an HTML entity ({@code
   * &quot;}, {@code &#34;}).
   */
  private static boolean ampersandInValue(char[] s, int amp, int lim) {
    int k = amp + 1;
    if (k >= lim || !isAlnum(s[k])) {
      return false;
    }
    int j = k;
    while (j < lim && j - k < 64 && (isWordChar(s[j]) || s[j] == '-' || s[j] == '.' || s[j] == '%' || s[j] == '['
        || s[j] == ']')) {
      j++;
    }
    if (j < lim && s[j] == '=') {
      return false;
    }
    // an entity: &name; (letters) — &#…; starts with '#', which is no letter or digit
    int m = k;
    while (m < lim && m - k < 8 && ((s[m] >= 'a' && s[m] <= 'z') || (s[m] >= 'A' && s[m] <= 'Z'))) {
      m++;
    }
    return !(m > k + 1 && m < lim && s[m] == ';');
  }

  private static int withoutTrailingDots(char[] s, int v, int e) {
    while (e > v && (s[e - 1] == '.' || s[e - 1] == '\u2026')) {
      e--;
    }
    return e;
  }

  /** Key-like names that name a password, in English and the languages of EU text (diacritics folded). */
  private static final String[] PASSWORD_SUFFIXES = {
    "password", "passwd", "pwd", "passphrase", "passwort", "kennwort", "wachtwoord", "losenord", "passord", "senha",
    "contrasena", "haslo", "heslo", "salasana", "adgangskode", "jelszo", "motdepasse", "sifre", "sifresi"
  };
  private static final String[] AUTH_SCHEMES = {"bearer ", "basic ", "token ", "apikey "};

  /** Values of an "auth" setting that name a mode, not a credential. */
  private static final String[] AUTH_VALUES = {
    "container", "application", "anonymous", "none", "basic", "bearer", "digest", "negotiate", "kerberos", "ntlm",
    "oauth", "oauth2", "password", "required", "optional", "sufficient", "requisite", "plain", "login", "md5",
    "scram-sha-256", "trust", "peer", "ident", "cert", "mtls", "iam", "sigv4", "true", "false", "yes", "no"
  };

  /** Whether the word at {@code v} (up to a quote, space or delimiter) is one of {@code words}. */
  private static boolean wordValue(char[] s, int v, String[] words) {
    int e = v;
    while (e < s.length && e - v < 16 && (isAlnum(s[e]) || s[e] == '-')) {
      e++;
    }
    if (e == v) {
      return false;
    }
    // the whole value: "Basic dXNlcjpw…" after X-Auth is a credential, "basic" alone a mode
    if (e < s.length && "\"',;}>)]\r\n".indexOf(s[e]) < 0
        && !(s[e] == ' ' && (e + 1 >= s.length || !isTokenChar(s[e + 1])))) {
      return false;
    }
    return inCi(s, v, e, words);
  }

  /**
   * Whether {@code name[0, len)}, lower-case letters and digits, ends with one of {@link
   * #KEY_SUFFIXES}: only the suffixes sharing its last three letters are compared (every suffix
   * is three or more letters).
   */
  private static boolean endsWithKeySuffix(char[] name, int len) {
    if (len < 3) {
      return false;
    }
    int packed = 0;
    for (int got = 0; got < 3; got++) {
      char c = name[len - 1 - got];
      if (c < 'a' || c > 'z') {
        return false;
      }
      packed |= (c & 31) << (5 * got);
    }
    int group = KEY_TAIL_GROUP[packed];
    if (group == 0) {
      return false;
    }
    for (char[] suf : KEY_SUFFIX_GROUPS[group - 1]) {
      if (suf.length <= len && Arrays.equals(name, len - suf.length, len, suf, 0, suf.length)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code name[0, len)} ends with one of {@code suffixes}. */
  private static boolean endsWithAny(char[] name, int len, String[] suffixes) {
    for (String suf : suffixes) {
      if (endsWith(name, len, suf)) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsWith(char[] name, int len, String suffix) {
    return len >= suffix.length() && startsWith(name, suffix, len - suffix.length());
  }

  private static boolean contains(char[] name, int len, String part) {
    for (int at = 0; at + part.length() <= len; at++) {
      if (startsWith(name, part, at)) {
        return true;
      }
    }
    return false;
  }

  private static final char[][] KEY_SUFFIX_CHARS = chars(KEY_SUFFIXES);

  /**
   * Key suffixes grouped by their last three letters, packed five bits a letter (the last letter
   * lowest): {@code KEY_TAIL_GROUP[packed]} is 1 + the index of the group in {@link
   * #KEY_SUFFIX_GROUPS}, or 0. One array read turns away nearly every name (order=, ttl=, status:),
   * and a name that passes is compared with the two or three suffixes sharing its tail, not all of
   * them ("session:" in every log line had compared against forty).
   */
  private static final byte[] KEY_TAIL_GROUP = new byte[1 << 15];

  private static final char[][][] KEY_SUFFIX_GROUPS = groupByTail(KEY_SUFFIX_CHARS, KEY_TAIL_GROUP);

  private static char[][] chars(String[] words) {
    char[][] c = new char[words.length][];
    for (int j = 0; j < c.length; j++) {
      c[j] = words[j].toCharArray();
    }
    return c;
  }

  private static char[][][] groupByTail(char[][] suffixes, byte[] groupOfTail) {
    java.util.List<java.util.List<char[]>> groups = new java.util.ArrayList<>();
    for (char[] suf : suffixes) {
      int m = suf.length;
      int tail = (suf[m - 3] & 31) << 10 | (suf[m - 2] & 31) << 5 | (suf[m - 1] & 31);
      if (groupOfTail[tail] == 0) {
        groups.add(new java.util.ArrayList<>());
        groupOfTail[tail] = (byte) groups.size();
      }
      groups.get(groupOfTail[tail] - 1).add(suf);
    }
    char[][][] g = new char[groups.size()][][];
    for (int j = 0; j < g.length; j++) {
      g[j] = groups.get(j).toArray(new char[0][]);
    }
    return g;
  }

  /**
   * A Latin letter with a diacritic as its lower-case ASCII base letter (ö → o, ñ → n, ł → l), for
   * comparing key names; anything else unchanged.
   */
  static char latinFold(char c) {
    if (c < 0xC0 || c > 0x17F) {
      return c;
    }
    return LATIN_FOLD[c - 0xC0];
  }

  /** U+00C0 to U+017F folded: base letters in lower case; unchanged where there is none (×, ÷, æ...). */
  private static final char[] LATIN_FOLD = latinFoldTable();

  private static char[] latinFoldTable() {
    StringBuilder b = new StringBuilder();
    for (char c = 0xC0; c <= 0x17F; c++) {
      String d = java.text.Normalizer.normalize(String.valueOf(c), java.text.Normalizer.Form.NFD);
      char base = Character.toLowerCase(d.charAt(0));
      if (c == 0x141 || c == 0x142) {
        base = 'l'; // Ł ł have no decomposition
      } else if (c == 0xD8 || c == 0xF8) {
        base = 'o';
      } else if (c == 0x110 || c == 0x111) {
        base = 'd';
      }
      b.append(base >= 'a' && base <= 'z' ? base : c);
    }
    return b.toString().toCharArray();
  }

  /**
   * {@code DB_PASS}, {@code smtp-pass}, {@code --pass}, {@code pass}, {@code pw}, {@code db_pw}:
   * "pass" or "pw" as the whole name or its last separated part ("bypass", "compass" and "npw" are
   * none of them).
   */
  private static boolean passName(char[] s, int from, int to) {
    int w = to - from >= 4 && regionMatchesCi(s, to - 4, "pass", 0, 4) ? 4
        : to - from >= 2 && regionMatchesCi(s, to - 2, "pw", 0, 2) ? 2 : 0;
    return w > 0 && (to - w == from || s[to - w - 1] == '_' || s[to - w - 1] == '-' || s[to - w - 1] == '.');
  }

  /**
   * The end of the key-like part of the name in [from, to): {@code to} when the name ends like a
   * key ({@link #keySuffix}); where a qualifier after the key word begins, when one does
   * ({@code password_confirmation}, {@code passwordConfirm}, {@code PASSWORD_REPEAT}, {@code
   * password2}, {@code api_key_v2}, {@code token_value}); else -1.
   */
  private static int keyNameEnd(char[] s, int from, int to) {
    if (keySuffix(s, from, to)) {
      return to;
    }
    int w = to;
    while (w > from && isDigit(s[w - 1])) {
      w--;
    }
    int head;
    if (w < to) {
      // password2, client_secret_2, api_key_v2
      if (w - 1 > from && (s[w - 1] | 0x20) == 'v' && isNameSeparator(s[w - 2])) {
        w--;
      }
      head = w > from && isNameSeparator(s[w - 1]) ? w - 1 : w;
    } else {
      while (w > from && s[w - 1] >= 'a' && s[w - 1] <= 'z') {
        w--;
      }
      if (w == to) {
        while (w > from && isUpper(s[w - 1])) {
          w--; // PASSWORD_CONFIRMATION
        }
        if (w == to || w == from || !isNameSeparator(s[w - 1])) {
          return -1;
        }
        head = w - 1;
      } else if (w > from && isUpper(s[w - 1])) {
        head = --w; // passwordConfirm
      } else if (w > from && isNameSeparator(s[w - 1])) {
        head = w - 1; // password_confirmation
      } else {
        return -1;
      }
      if (!inCi(s, w, to, NAME_QUALIFIERS)) {
        return -1;
      }
    }
    return head > from && keySuffix(s, from, head) ? head : -1;
  }

  private static boolean isNameSeparator(char c) {
    return c == '_' || c == '-' || c == '.';
  }

  /** What may follow the key word in a name that still holds the secret: password_confirmation, token_value. */
  private static final String[] NAME_QUALIFIERS = {
    "confirmation", "confirm", "confirmed", "repeat", "repeated", "again", "retype", "verify", "verification",
    "new", "old", "previous", "prev", "current", "value", "plain", "plaintext", "cleartext"
  };

  /** Whether the name in [from, to), ignoring case and '_', '-', '.', ends with a key-like suffix. */
  private static boolean keySuffix(char[] s, int from, int to) {
    if (to <= from) {
      return false;
    }
    char last = (char) (s[to - 1] | 0x20);
    if ((last == 's' || last == 'w') && passName(s, from, to)) {
      return true;
    }
    // the last three letters, ignoring case and separators
    int packed = 0;
    int got = 0;
    for (int k = to - 1; k >= from && got < 3; k--) {
      char c = s[k];
      if (c == '_' || c == '-' || c == '.') {
        continue;
      }
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c | 0x20);
      } else if (c >= 128) {
        c = latinFold(c);
      }
      if (c < 'a' || c > 'z') {
        return false; // every suffix ends in three letters
      }
      packed |= (c & 31) << (5 * got);
      got++;
    }
    int group = got < 3 ? 0 : KEY_TAIL_GROUP[packed];
    if (group == 0) {
      return false;
    }
    for (char[] suf : KEY_SUFFIX_GROUPS[group - 1]) {
      if (suf.length > to - from) {
        continue; // longer than the whole name: key= against apikey, accesskey, …
      }
      int j = suf.length - 1;
      int k = to - 1;
      while (j >= 0 && k >= from) {
        char c = s[k];
        if (c == '_' || c == '-' || c == '.') {
          k--;
          continue;
        }
        if (c >= 'A' && c <= 'Z') {
          c = (char) (c | 0x20);
        } else if (c >= 128) {
          c = latinFold(c);
        }
        if (c != suf[j]) {
          break;
        }
        j--;
        k--;
      }
      if (j < 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean allSecretChars(char[] s, int from, int to) {
    for (int j = from; j < to; j++) {
      if (!isSecretChar(s[j])) {
        return false;
      }
    }
    return true;
  }

  /**
   * A placeholder rather than a secret: one of PLACEHOLDERS, or "redacted" / "****" inside,
   * case-insensitively. ASCII values (nearly all) are compared in place, with no lower-cased copy
   * per assigned value; others through {@code toLowerCase(Locale.ROOT)} as before.
   */
  private static boolean placeholder(char[] s, int from, int to) {
    if ((s[to - 1] == '_' || s[to - 1] == '-') && to < s.length
        && (s[to] == '\u2026' || (s[to] == '.' && to + 2 < s.length && s[to + 1] == '.' && s[to + 2] == '.'))) {
      return true; // a token's prefix and an ellipsis: sk_live_...
    }
    if (s[to - 1] == '\u2026' || (to - from >= 4 && s[to - 1] == '.' && s[to - 2] == '.' && s[to - 3] == '.')) {
      return true; // elided in an example: "sk-...", "ghp_abc…"
    }
    for (int j = from + 1; j + 1 < to; j++) {
      if (s[j] == '\u2026' || (s[j] == '.' && s[j + 1] == '.' && j + 2 < to && s[j + 2] == '.')) {
        return true; // shown with its middle left out: sk-...JqJ4, sk-proj-…a1B2
      }
    }
    for (int j = from; j < to; j++) {
      if (s[j] >= 128) {
        return nonAsciiPlaceholder(new String(s, from, to - from));
      }
    }
    if (inCi(s, from, to, PLACEHOLDERS)) {
      return true;
    }
    for (int j = from; j + 4 <= to; j++) {
      char c = s[j];
      if (((c == 'r' || c == 'R') && j + 8 <= to && regionMatchesCi(s, j, "redacted", 0, 8))
          || (c == '*' && s[j + 1] == '*' && s[j + 2] == '*' && s[j + 3] == '*')) {
        return true;
      }
    }
    if (inCi(s, from, to, KEY_WORD_VALUES)) {
      return true; // password=password, password=secret
    }
    // a word of a template value: your-token-here, REPLACE_ME, dummy-token, sk-ant-xxxxxxxx
    int w = from;
    while (w < to) {
      while (w < to && !isAlnum(s[w])) {
        w++;
      }
      int we = w;
      while (we < to && isAlnum(s[we])) {
        we++;
      }
      if (we > w && (inCi(s, w, we, PLACEHOLDER_WORDS) || xs(s, w, we))) {
        return true;
      }
      w = we;
    }
    return false;
  }

  /** Words that mark a value as a template to fill in (compared whole, between separators). */
  private static final String[] PLACEHOLDER_WORDS = {
    "your", "here", "replace", "replaceme", "example", "dummy", "placeholder", "changeme", "sample", "insert", "todo"
  };

  /** Key names written as their own value. */
  private static final String[] KEY_WORD_VALUES = {
    "password", "passwd", "pass", "pwd", "secret", "token", "apikey", "api_key"
  };

  /** Four or more x's: xxxx, XXXXXXXX. */
  private static boolean xs(char[] s, int from, int to) {
    if (to - from < 4) {
      return false;
    }
    for (int j = from; j < to; j++) {
      if (s[j] != 'x' && s[j] != 'X') {
        return false;
      }
    }
    return true;
  }

  private static boolean nonAsciiPlaceholder(String v) {
    String lower = v.toLowerCase(Locale.ROOT);
    for (String p : PLACEHOLDERS) {
      if (lower.equals(p)) {
        return true;
      }
    }
    if (lower.contains("redacted") || lower.contains("****")) {
      return true;
    }
    // masked for display: ••••••••OjvJ, ●●●●1234
    int run = 0;
    for (int j = 0; j < v.length() && run < 4; j++) {
      char c = v.charAt(j);
      run = c == '\u2022' || c == '\u25CF' || c == '\u2219' || c == '\u00B7' || c == '\u2217' || c == '\uFF0A' ? run + 1 : 0;
    }
    return run >= 4;
  }

  /**
   * A template, reference, masked or URL value in [from, to) (at least two characters): ${X},
   * {{x}}, $(cmd), <x>, [x], %X%, ***, http(s)://.
   */
  private static boolean templateOrUrl(char[] s, int from, int to) {
    switch (s[from]) {
      case '$':
        return s[from + 1] == '{' || s[from + 1] == '(';
      case '{':
      case '<':
      case '[':
      case '%':
        return true;
      case '*':
        return to - from >= 3 && s[from + 1] == '*' && s[from + 2] == '*';
      case 'h':
        return startsWithBefore(s, from, to, "http://") || startsWithBefore(s, from, to, "https://");
      default:
        return false;
    }
  }

  /** Whether [from, to) starts with {@code prefix}. */
  private static boolean startsWithBefore(char[] s, int from, int to, String prefix) {
    return to - from >= prefix.length() && startsWith(s, prefix, from);
  }

  /**
   * Whether the value in [from, to) looks like a secret rather than a word, number, placeholder or
   * template. Read in place: most assigned values are rejected, and a String of each cost a copy.
   */
  private static boolean opaqueValue(char[] s, int from, int to, boolean password, boolean structured) {
    int len = to - from;
    if (len < (password ? 4 : 6) || len > 4096) {
      return false;
    }
    boolean digit = false;
    boolean lowerC = false;
    boolean upperC = false;
    boolean other = false;
    boolean space = false;
    boolean bracket = false;
    boolean allSame = true;
    char first = s[from];
    for (int j = from; j < to; j++) {
      char c = s[j];
      if (isDigit(c)) {
        digit = true;
      } else if (c >= 'a' && c <= 'z') {
        lowerC = true;
      } else if (c >= 'A' && c <= 'Z') {
        upperC = true;
      } else if (c == ' ') {
        space = true;
      } else {
        other = true;
        bracket |= c == '(' || c == '[';
      }
      allSame &= c == first;
    }
    if (allSame || (digit && !lowerC && !upperC && !other)) {
      return false;
    }
    // a call or an index (os.getenv("X"), config["key"], [REDACTED], (none)) is code, not a
    // secret; inside quotes, among random characters, a bracket is one more symbol (a WordPress
    // salt: '…Ca[Hdrh3(JH3…')
    if (bracket && !(quotedWhole(s, from, to) && s[to - 1] != ')' && s[to - 1] != ']' && s[from] != '('
        && s[from] != '[')) {
      return false;
    }
    if (space && !password) {
      return false;
    }
    // after the one pass over the characters, which rejects most values more cheaply
    if (templateOrUrl(s, from, to) || placeholder(s, from, to)) {
      return false;
    }
    if (!structured) {
      if (password && len == 16 && lowerC && !digit && !upperC && !other && !space) {
        return true; // a Google app password: 16 lower-case letters ("password: qwhznfybkptelmvs")
      }
      // free text after "token:": demand a random-looking value and some length
      int kinds = (digit ? 1 : 0) + (lowerC ? 1 : 0) + (upperC ? 1 : 0) + (other ? 1 : 0);
      if (!password && !digit && !upperC && lowerWords(s, from, to)) {
        return false; // a name, not a secret: secretRef: api-credentials, token: github_token
      }
      return len >= 8 && kinds >= 2 && (digit || other || randomLetters(s, from, to));
    }
    return true;
  }

  /**
   * Letters of both cases mixed as no word is written (base64 of a short password, {@code
   * TWlzdHJhbCEyMDIy}): twelve or more, two capitals in a row at least twice, and a capital after a
   * small letter at least three times. Camel case ({@code MyAdminPassword}) and an acronym in it
   * ({@code XMLHttpRequest}) are not.
   */
  private static boolean randomLetters(char[] s, int from, int to) {
    if (to - from < 12) {
      return false;
    }
    int upperPairs = 0;
    int rises = 0;
    for (int j = from + 1; j < to; j++) {
      char a = s[j - 1];
      char b = s[j];
      if (!isLetter(b) || b >= 128) {
        return false;
      }
      if (isUpper(b)) {
        if (isUpper(a)) {
          upperPairs++;
        } else {
          rises++;
        }
      }
    }
    return upperPairs >= 2 && rises >= 3;
  }

  /** Whether {@code s[from, to)} is the whole content of a quoted string: a quote before it, the same quote after. */
  private static boolean quotedWhole(char[] s, int from, int to) {
    return from > 0 && to < s.length && (s[from - 1] == '"' || s[from - 1] == '\'') && s[to] == s[from - 1];
  }

  /**
   * Lower-case words joined by '/', '-', '_', '.' or ':', with a '/' among them: where a secret
   * store keeps a secret ({@code kv/data/smtp:password}, {@code secret/prod/db-password}), not the secret.
   */
  private static boolean secretStorePath(char[] s, int from, int to) {
    boolean slash = false;
    for (int j = from; j < to; j++) {
      char c = s[j];
      if (c == '/' || c == ':') {
        if (j == from || !isLower(s[j - 1])) {
          return false;
        }
        slash |= c == '/';
      } else if (!isLower(c) && ((c != '-' && c != '_' && c != '.') || j == from || !isLower(s[j - 1]))) {
        return false;
      }
    }
    return slash && isLower(s[to - 1]);
  }

  /** Lower-case letters in words joined by '-', '_' or '.': a resource or variable name. */
  private static boolean lowerWords(char[] s, int from, int to) {
    for (int j = from; j < to; j++) {
      char c = s[j];
      if (!isLower(c) && ((c != '-' && c != '_' && c != '.') || j == from || !isLower(s[j - 1]))) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- IP addresses

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** At a ':' — an IPv6 address that starts at most 4 hex digits before it (or at '::'). */
  private static int tryIpv6(char[] s, int colon, Candidates out) {
    int n = s.length;
    int st = colon;
    while (st > 0 && colon - st < 4 && isHex(s[st - 1])) {
      st--;
    }
    if (st == colon) {
      if (colon + 1 >= n || s[colon + 1] != ':') {
        return -1;
      }
    }
    if (st > 0) {
      char p = s[st - 1];
      // an SMTP address literal's tag is no part of the address: Received: from x ([IPv6:2001:db8::1])
      boolean literalTag = p == ':' && st >= 5 && regionMatchesCi(s, st - 5, "ipv6", 0, 4) && (st == 5 || !isWordChar(s[st - 6]));
      if (!literalTag && (isWordChar(p) || p == ':' || p == '.' || p == '-')) {
        return -1;
      }
    }
    int e = parseIpv6(s, st);
    if (e < 0) {
      return -1;
    }
    out.add(st, e, "IP_ADDRESS", PRIO_STRONG);
    return e;
  }

  /** Parses an IPv6 address at {@code st}; returns its end or -1. */
  static int parseIpv6(char[] s, int st) {
    int n = s.length;
    int k = st;
    int groups = 0;
    boolean compressed = false;
    boolean digit = false;
    boolean v4Tail = false;
    if (startsWith(s, "::", k)) {
      compressed = true;
      k += 2;
    }
    int end = k;
    while (k < n && groups < 8) {
      int h = k;
      while (h < n && h - k < 5 && isHex(s[h])) {
        h++;
      }
      int len = h - k;
      if (len == 0 || len > 4) {
        if (len > 4) {
          return -1;
        }
        break;
      }
      // embedded IPv4 at the tail
      if (h + 1 < n && s[h] == '.' && isDigit(s[h + 1]) && groups <= 6) {
        int e4 = parseIpv4(s, k);
        if (e4 > 0) {
          groups += 2;
          digit = true;
          v4Tail = true;
          end = e4;
          k = e4;
          break;
        }
        return -1;
      }
      for (int j = k; j < h; j++) {
        digit |= isDigit(s[j]);
      }
      groups++;
      end = h;
      k = h;
      if (k + 1 < n && s[k] == ':' && s[k + 1] == ':') {
        if (compressed) {
          return -1;
        }
        compressed = true;
        k += 2;
        end = k;
      } else if (k + 1 < n && s[k] == ':' && isHex(s[k + 1])) {
        k++;
      } else {
        break;
      }
    }
    if (end < n) {
      char c = s[end];
      // after a dotted-quad tail nothing of the address can follow: a ':' there starts a port
      // (haproxy logs ::ffff:192.0.2.128:51522)
      boolean port = v4Tail && c == ':' && end + 1 < n && isDigit(s[end + 1]);
      if (isWordChar(c) || (c == ':' && !port) || (c == '.' && end + 1 < n && isDigit(s[end + 1]))) {
        return -1;
      }
    }
    if (compressed ? groups > 7 : groups != 8) {
      return -1;
    }
    if (!digit && !(compressed && groups == 0)) {
      return -1;
    }
    if (compressed && groups == 0) {
      return -1; // a bare "::" is punctuation far more often than an address
    }
    return end;
  }

  /** Whether an IPv4 address standing alone (no more dotted parts, no word glued on) starts at {@code j}. */
  private static boolean ipv4At(char[] s, int j) {
    int n = s.length;
    int d = j;
    while (d < n && d - j < 4 && isDigit(s[d])) {
      d++;
    }
    if (d - j > 3 || d + 1 >= n || s[d] != '.' || !isDigit(s[d + 1])) {
      return false;
    }
    int e = parseIpv4(s, j);
    return e > 0 && !dottedRunGoesOn(s, e);
  }

  /**
   * Whether the dotted quad ending at {@code e} goes on: a word glued to it (a glued no-space
   * script is none), or another dotted or dashed part (a version 1.2.3.4.5, an id 10.0.0.1-b).
   */
  private static boolean dottedRunGoesOn(char[] s, int e) {
    int n = s.length;
    return e < n && ((isWordChar(s[e]) && !noSpace(s[e]))
        || ((s[e] == '.' || s[e] == '-') && e + 1 < n && isAlnum(s[e + 1])));
  }

  /** Parses a dotted-quad IPv4 at {@code st}; returns its end or -1. No trailing-context check. */
  static int parseIpv4(char[] s, int st) {
    int n = s.length;
    int k = st;
    for (int part = 0; part < 4; part++) {
      int h = k;
      int v = 0;
      while (h < n && h - k < 4 && isDigit(s[h])) {
        v = v * 10 + (s[h] - '0');
        h++;
      }
      int len = h - k;
      if (len == 0 || len > 3 || v > 255 || (len > 1 && s[k] == '0')) {
        return -1;
      }
      k = h;
      if (part < 3) {
        if (k >= n || s[k] != '.') {
          return -1;
        }
        k++;
      }
    }
    return k;
  }

  /**
   * Whether the digits at {@code i}, after "{@code <digits>,}", are the fraction of a decimal comma
   * rather than the next field of a comma-separated row: plain digits (no separator and digit
   * after them) not followed by another comma, after an integer part (thousands dots allowed) that
   * no comma, letter or id ({@code T-1001}) precedes.
   */
  private static boolean decimalFraction(char[] s, int i) {
    int n = s.length;
    int j = i;
    while (j < n && isDigit(s[j])) {
      j++;
    }
    if (j < n && (s[j] == ',' || ((s[j] == '-' || s[j] == '.' || s[j] == '/' || isSpaceSep(s[j])) && j + 1 < n
        && isDigit(s[j + 1])))) {
      return false; // 06 17 83 09 93 with (no-break) spaces after a date's comma: a field of its own
    }
    int k = i - 1; // the comma
    while (k > 0 && (isDigit(s[k - 1]) || s[k - 1] == '.')) {
      k--;
    }
    if (k == 0) {
      return true;
    }
    char before = s[k - 1];
    if (before == '\n') {
      // a row opening with a number is a CSV row when the line above has as many commas:
      // 12,83040328026 under nr,pesel
      return !sameCommasAsLineAbove(s, k);
    }
    return !(before == ',' || isWordChar(before) || (before == '-' && k > 1 && isAlnum(s[k - 2])));
  }

  /** Whether the line at {@code ls} and the line above it hold as many commas (outside quotes), at least one. */
  private static boolean sameCommasAsLineAbove(char[] s, int ls) {
    int le = ls;
    while (le < s.length && le - ls < LINE_WINDOW && s[le] != '\n') {
      le++;
    }
    int commas = separators(s, ls, le, ',');
    if (commas == 0) {
      return false;
    }
    int ps = ls - 1;
    while (ps > 0 && s[ps - 1] != '\n' && ls - ps < LINE_WINDOW) {
      ps--;
    }
    if (separators(s, ps, ls - 1, ',') == commas) {
      return true;
    }
    int inString = jsonStringStart(s, ps, ls - 1); // the header row of a CSV in a JSON string
    return inString > ps && separators(s, inString, ls - 1, ',') == commas;
  }

  /**
   * Whether an IPv4 address that ends its path segment starts at {@code i}, after a slash:
   * kubectl's {@code Node: worker-3/172.29.30.114}, {@code tcp/10.1.2.3:50051}. A dotted quad
   * followed by another segment ({@code releases/1.2.3.4/}) is a version in a path.
   */
  private static boolean addressAfterSlash(char[] s, int i) {
    int e = parseIpv4(s, i);
    if (e <= 0 || (e < s.length && (s[e] == '/' || isWordChar(s[e])
        || ((s[e] == '.' || s[e] == '-') && e + 1 < s.length && isAlnum(s[e + 1]))))) {
      return false;
    }
    // before the slash a host name (worker-3, ip-10-0-1-2.internal, eth0) or a protocol; a
    // product's name before its version (jdk/17.0.15.6, a user agent's Chrome/…) is neither
    int t = i - 1;
    boolean hostLike = false;
    while (t > 0 && i - t < 256 && (isAlnum(s[t - 1]) || s[t - 1] == '-' || s[t - 1] == '.' || s[t - 1] == '_')) {
      if (escapeEndsAt(s, t)) {
        break; // a percent-encoded separator: the %20 of an encoded user agent's "%20Chrome/…"
      }
      t--;
      hostLike |= isDigit(s[t]) || s[t] == '.' || (s[t] == '-' && t > 0 && isDigit(s[t - 1]));
    }
    return hostLike || inCi(s, t, i - 1, SLASH_PROTOCOLS);
  }

  /** Words before a slash and an address: tcp/10.1.2.3, grpc/10.1.2.3:50051. */
  private static final String[] SLASH_PROTOCOLS = {"tcp", "udp", "grpc", "ip", "ipv4", "inet", "http", "https", "sctp"};

  /** Skips a dotted run of digits (a version, an OID) so that no part of it is re-scanned. */
  private static int skipDotted(char[] s, int i) {
    int n = s.length;
    int k = i;
    while (k < n && (isWordChar(s[k]) || (s[k] == '.' && k + 1 < n && isAlnum(s[k + 1])))) {
      k++;
    }
    return k;
  }

  // ---------------------------------------------------------------- digits

  /**
   * {@link #onDigits}, then, where it found nothing in a number of eight digits or more, whether
   * the number was found earlier in the text ({@link #repeatedNumber}).
   */
  private int digits(char[] s, int i, Candidates out) {
    int before = out.size();
    int e = onDigits(s, i, out);
    if (out.size() == before && before > 0 && e - i >= 8) {
      repeatedNumber(s, i, e, out);
    }
    return e;
  }

  /**
   * A number written again as it was where a label, a column or a cue told what it is: "Tel.: 954
   * 557 397 … Quedo a su disposición en el 954 557 397", {@code "phone": "880650156"} then "we
   * will contact the customer at 880650156", a test's {@code "steuer_id": "14275018939"} then its
   * assertion message. Masking one copy and leaving the other would leak the value all the same.
   * Compared by digits, so a second copy grouped differently is the same number; only numbers
   * standing alone (digits and the separators of a grouping) and only copies after the first
   * (the scan goes forward).
   */
  private static void repeatedNumber(char[] s, int i, int e, Candidates out) {
    if (i > 0 && (isAlnum(s[i - 1]) || s[i - 1] == '+')) {
      return;
    }
    int last = -1;
    int digits = 0;
    for (int j = i; j < e; j++) {
      char c = s[j];
      if (isDigit(c)) {
        last = j;
        digits++;
      } else if (c != ' ' && c != '-' && c != '.' && c != '/' && c != '\u00A0') {
        return;
      }
    }
    int after = last + 1;
    if (digits < 8 || digits > 15 || (after < s.length && isAlnum(s[after]))
        || (after + 1 < s.length && sepBit(s[after]) != 0 && isDigit(s[after + 1]))) {
      return;
    }
    String type = out.knownNumber(s, i, after);
    if (type != null) {
      out.add(i, after, type, PRIO_PHONE);
    }
  }

  private int onDigits(char[] s, int i, Candidates out) {
    int n = s.length;
    if (i > 0) {
      char p = s[i - 1];
      if (p == '?' && i + 2 < n && isDigit(s[i + 1]) && isUpper(s[i + 2])) {
        // an MT940 subfield code glued to its content (?31DE61816919692672391636?32NAME): the
        // content is scanned as a word of its own
        return i + 2;
      }
      if (p == '/' && i >= 6 && regionMatchesCi(s, i - 6, "wa.me/", 0, 6)) {
        return whatsAppLink(s, i, out);
      }
      // inside a version, id or path (1.2.3, ab-12, v2/34)
      if (p == '-' || p == '.' || p == '/') {
        if (i > 1 && isAlnum(s[i - 2]) && !(p == '.' && numberAbbreviation(s, i - 1))
            && !(p == '/' && addressAfterSlash(s, i))) {
          return skipDotted(s, i);
        }
      }
      // after a comma: a field of a CSV row or value list (name,4111111111111111,09/27), unless
      // it is the fraction of a decimal comma (pi 3,14159265…, Wert;11,882117117743329;)
      if (p == ',' && i > 1 && isDigit(s[i - 2]) && decimalFraction(s, i)) {
        return skipDotted(s, i);
      }
      if (p == '$' || p == '€' || p == '£' || p == '#' || p == '¥' || p == '₹' || p == '\\') {
        return skipDotted(s, i);
      }
    }
    // an ISO 8601 date-time (most log lines start with one) is never personal data: skip it whole
    // rather than take its date as a digit group and its time as colons
    if (i + 16 <= n && s[i + 4] == '-') {
      int e = isoDateTimeEnd(s, i);
      if (e > 0) {
        return e;
      }
    }
    // IPv4, versions and OIDs: a run of 1-3 digits then '.'
    int d = i;
    while (d < n && d - i < 4 && isDigit(s[d])) {
      d++;
    }
    if (d < n && d - i <= 3 && s[d] == '.' && d + 1 < n && isDigit(s[d + 1])) {
      int e = parseIpv4(s, i);
      if (e > 0) {
        if (!dottedRunGoesOn(s, e)) {
          if (ip && !versionWordBefore(s, dottedListStart(s, i)) && !x500Oid(s, i) && !versionColumn(s, i, out)) {
            out.add(i, e, "IP_ADDRESS", PRIO_STRONG);
          }
          return e;
        }
        return skipDotted(s, e);
      }
      // dotted numbers of other shapes (dates, phone numbers with dots) go on as groups
    }
    // fast path, no allocation: most digit runs are short numbers standing alone
    int k = i;
    int total = 0;
    boolean firstChunk = true;
    while (true) {
      while (k < n && isDigit(s[k])) {
        k++;
        total++;
      }
      if (k < n && foldable(s[k])) {
        foldFrom(s, k); // 030‑1234567 with a non-breaking hyphen: the scan loop has not met it yet
      }
      if (k + 1 < n && isDigit(s[k + 1]) && sepBit(s[k]) != 0) {
        if (s[k] == ' ' && ipv4At(s, k + 1)) {
          break; // a log's next field: "stream=129 93.10.79.113", "rt=0.012 10.0.3.17:8080"
        }
        k++;
        firstChunk = false;
        continue;
      }
      if (firstChunk && phone && spacedAreaCodeSeparator(s, i, k)) {
        k += 3;
        firstChunk = false;
        continue;
      }
      break;
    }
    if (total < 8 && !(nir && k + 2 < n && (s[k] == 'A' || s[k] == 'B'))) {
      boolean glued = k < n && (isWordChar(s[k])
          || ((s[k] == '-' || s[k] == '.' || s[k] == '/' || s[k] == '_') && k + 1 < n && isAlnum(s[k + 1])));
      return glued ? skipDotted(s, k) : k;
    }
    if (nir) {
      char c0 = s[i];
      if (c0 == '1' || c0 == '2' || c0 == '7' || c0 == '8') {
        int e = tryNir(s, i);
        if (e > 0) {
          out.add(i, e, "FR_NIR", PRIO_STRONG);
        }
      }
    }
    return digitGroup(s, i, out);
  }

  /**
   * The number of a WhatsApp click-to-chat link, {@code https://wa.me/34710767143}: the full
   * international number, its '+' left out as the link's format wants. Returns the scan's next index.
   */
  private static int whatsAppLink(char[] s, int i, Candidates out) {
    int e = i;
    while (e < s.length && e - i <= 15 && isDigit(s[e])) {
      e++;
    }
    if (e - i >= 8 && e - i <= 15 && (e == s.length || !isAlnum(s[e]))
        && Phones.validInternational("+".concat(sub(s, i, e)))) {
      out.add(i, e, "PHONE", PRIO_PHONE);
    }
    return skipDotted(s, e);
  }

  /**
   * Whether the dotted quad at {@code i} is a field of a delimited row (a Markdown table, a CSV)
   * under a version column. Only a field after a separator is looked up: an address in a log line
   * costs no walk over the text.
   */
  private static boolean versionColumn(char[] s, int i, Candidates out) {
    int f = skipSpacesBack(s, i);
    return f > 0 && isColumnSeparator(s[f - 1]) && columnLabel(s, i, VERSION_LABELS, out);
  }

  /**
   * Whether the dotted quad at {@code i} is in the X.500 arcs of certificates, 2.5.4.x (attribute
   * types: 2.5.4.3 is the common name) and 2.5.29.x (extensions: 2.5.29.17 is subjectAltName).
   * Certificate dumps and TLS logs are full of these; addresses in those two /24 blocks are not.
   */
  private static boolean x500Oid(char[] s, int i) {
    return i + 5 < s.length && s[i] == '2' && s[i + 1] == '.' && s[i + 2] == '5' && s[i + 3] == '.'
        && ((s[i + 4] == '4' && s[i + 5] == '.') || (i + 6 < s.length && s[i + 4] == '2' && s[i + 5] == '9' && s[i + 6] == '.'));
  }

  /** Whether the '.' at {@code dot} ends the word "no" or "nr" ({@code NHS no.4511401918}): a label, not a version. */
  private static boolean numberAbbreviation(char[] s, int dot) {
    return dot >= 2 && (s[dot - 2] | 0x20) == 'n' && ((s[dot - 1] | 0x20) == 'o' || (s[dot - 1] | 0x20) == 'r')
        && (dot == 2 || !isWordChar(s[dot - 3]));
  }

  /**
   * End of the ISO 8601 date-time {@code yyyy-mm-ddThh:mm[:ss[.fraction]]} ('T' or a space between
   * date and time) at {@code i}, or -1. Fields are range-checked, so a digit group that only looks
   * like one (0123-45-67 89:12) is left to the other checks; a zone (Z, +01:00) is scanned as usual.
   */
  static int isoDateTimeEnd(char[] s, int i) {
    int n = s.length;
    if (i + 16 > n || s[i + 4] != '-' || s[i + 7] != '-' || (s[i + 10] != 'T' && s[i + 10] != ' ')
        || s[i + 13] != ':' || !digits(s, i, 4)) {
      return -1;
    }
    int month = twoDigits(s, i + 5);
    int day = twoDigits(s, i + 8);
    int hour = twoDigits(s, i + 11);
    int minute = twoDigits(s, i + 14);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
      return -1;
    }
    int e = i + 16;
    if (e + 2 < n && s[e] == ':' && isDigit(s[e + 1]) && isDigit(s[e + 2])) {
      int second = twoDigits(s, e + 1);
      if (second > 60) {
        return -1;
      }
      e += 3;
      if (e + 1 < n && (s[e] == '.' || s[e] == ',') && isDigit(s[e + 1])) {
        int f = e + 1;
        while (f < n && isDigit(s[f])) {
          f++;
        }
        // a comma then a dotted number is the next CSV field (…14:03:13,81.2.69.160), no fraction
        if (!(s[e] == ',' && f + 1 < n && s[f] == '.' && isDigit(s[f + 1]))) {
          e = f;
        }
      }
    }
    return e < n && isDigit(s[e]) ? -1 : e;
  }

  private static boolean digits(char[] s, int from, int count) {
    for (int k = from; k < from + count; k++) {
      if (!isDigit(s[k])) {
        return false;
      }
    }
    return true;
  }

  /** The two-digit number at {@code at}, or -1. */
  private static int twoDigits(char[] s, int at) {
    char a = s[at];
    char b = s[at + 1];
    return isDigit(a) && isDigit(b) ? (a - '0') * 10 + (b - '0') : -1;
  }

  private static int tryNir(char[] s, int i) {
    int n = s.length;
    int count = 0;
    for (int k = i; k < n && count < 15; k++) {
      char c = s[k];
      if (isDigit(c) || c == 'A' || c == 'B') {
        count++;
      } else if (!(isSpaceSep(c) || c == '.' || c == '-')) {
        break;
      }
    }
    if (count < 15) {
      return -1;
    }
    char[] b = new char[15];
    int bl = 0;
    int k = i;
    boolean sepUsed = false;
    while (k < n && bl < 15) {
      char c = s[k];
      if (isDigit(c) || (bl == 6 && b[5] == '2' && (c == 'A' || c == 'B'))) {
        b[bl++] = c;
        k++;
      } else if ((isSpaceSep(c) || c == '.' || c == '-') && (bl == 1 || bl == 3 || bl == 5 || bl == 7 || bl == 10
          || bl == 13) && k + 1 < n && isAlnum(s[k + 1]) && (sepUsed || bl == 1)) {
        sepUsed = true;
        k++;
      } else {
        return -1;
      }
    }
    if (bl != 15 || !boundaryAfter(s, k)) {
      return -1;
    }
    return Checks.nir(new String(b)) ? k : -1;
  }

  private static final int SEP_SPACE = 1;
  private static final int SEP_DASH = 2;
  private static final int SEP_DOT = 4;
  private static final int SEP_SLASH = 8;
  /** " / " or " - " after a trunk-zero area code (030 / 123 456, 0221 - 123 45 67); never a window cut. */
  private static final int SEP_SPACED = 16;

  /**
   * Whether {@code s[k]} starts a spaced slash or dash followed by a digit, after the chunk
   * {@code s[chunkStart, k)} of 2-5 digits starting with 0: the older German and Austrian way of
   * setting an area code apart. Only there, and only before a subscriber number (never starting
   * with 0): "10 - 20" stays a range, and "0815 - 030 1234567" is an id before a number.
   */
  private static boolean spacedAreaCodeSeparator(char[] s, int chunkStart, int k) {
    int len = k - chunkStart;
    return len >= 2 && len <= 5 && s[chunkStart] == '0' && k + 3 < s.length && s[k] == ' '
        && (s[k + 1] == '/' || s[k + 1] == '-') && s[k + 2] == ' ' && s[k + 3] >= '1' && s[k + 3] <= '9';
  }

  private static int sepBit(char c) {
    if (isSpaceSep(c)) {
      return SEP_SPACE;
    }
    switch (c) {
      case '-':
        return SEP_DASH;
      case '.':
        return SEP_DOT;
      case '/':
        return SEP_SLASH;
      default:
        return 0;
    }
  }

  /**
   * A group of digit chunks joined by single separators; validates prefix and suffix windows cut
   * at spaces. Returns where scanning resumes.
   */
  private int digitGroup(char[] s, int i, Candidates out) {
    int n = s.length;
    int[] cs = new int[8];
    int[] ce = new int[8];
    int[] sep = new int[8]; // separator bit after chunk j
    int m = 0;
    int k = i;
    while (true) {
      int st = k;
      while (k < n && isDigit(s[k])) {
        k++;
      }
      if (m == cs.length) {
        cs = java.util.Arrays.copyOf(cs, m * 2);
        ce = java.util.Arrays.copyOf(ce, m * 2);
        sep = java.util.Arrays.copyOf(sep, m * 2);
      }
      cs[m] = st;
      ce[m] = k;
      sep[m] = 0;
      m++;
      if (k + 1 < n && isDigit(s[k + 1])) {
        int b = sepBit(s[k]);
        if (b != 0) {
          sep[m - 1] = b;
          k++;
          continue;
        }
      }
      if (m == 1 && phone && spacedAreaCodeSeparator(s, st, k)) {
        sep[0] = SEP_SPACED;
        k += 3;
        continue;
      }
      break;
    }
    int end = k;
    int total = 0;
    for (int j = 0; j < m; j++) {
      total += ce[j] - cs[j];
    }
    boolean glued = end < n && ((isWordChar(s[end]) && !noSpace(s[end]))
        || ((s[end] == '-' || s[end] == '.' || s[end] == '/' || s[end] == '_')
            && end + 1 < n && isAlnum(s[end + 1])));
    // Spanish DNI printed with thousands dots: 12.345.678-Z
    if (dni && m == 3 && sep[0] == SEP_DOT && sep[1] == SEP_DOT && ce[0] - cs[0] == 2 && ce[1] - cs[1] == 3
        && ce[2] - cs[2] == 3) {
      int li = end < n && (s[end] == '-' || s[end] == ' ') ? end + 1 : end;
      if (li < n && isUpper(s[li]) && boundaryAfter(s, li + 1)) {
        int v = 0;
        for (int j = 0; j < 3; j++) {
          for (int d = cs[j]; d < ce[j]; d++) {
            v = v * 10 + (s[d] - '0');
          }
        }
        if (Checks.dniLetter(v) == s[li]) {
          out.add(i, li + 1, "ES_DNI", PRIO_STRONG);
          return li + 1;
        }
      }
    }
    // Spanish DNI: 8 digits and the control letter, glued or after '-' / ' '
    if (dni && glued || (dni && end + 1 < n && (s[end] == '-' || s[end] == ' ')
        && isUpper(s[end + 1]))) {
      int last = m - 1;
      if (ce[last] - cs[last] == 8 && (last == 0 || sep[last - 1] == SEP_SPACE)) {
        int li = end;
        if (s[li] == '-' || s[li] == ' ') {
          li++;
        }
        // typed into a form in lower case (12345678z): only after a DNI label, the letter alone
        // matches 1 random number in 23
        if (li < n && (isUpper(s[li]) || (isLower(s[li]) && keywordBefore(s, cs[last], DNI_WORDS)))
            && boundaryAfter(s, li + 1)) {
          int v = Integer.parseInt(sub(s, cs[last], ce[last]));
          if (Checks.dniLetter(v) == (char) (s[li] & ~0x20)) {
            out.add(cs[last], li + 1, "ES_DNI", PRIO_STRONG);
            return li + 1;
          }
        }
      }
    }
    if (total < 8) {
      return glued ? skipDotted(s, end) : end;
    }
    if (m == 2 && sep[0] == SEP_DASH && ce[0] - cs[0] == 5 && ce[1] - cs[1] == 4 && usStateBefore(s, i)) {
      return end; // a ZIP+4 code after its state: Boston, MA 02110-8203
    }
    int[] dg = new int[24];
    // prefix windows: chunks [0, e]
    for (int e = 0; e < m; e++) {
      // a window ends at a space, or before a dash and the last chunk of up to four digits: a German
      // extension (Durchwahl) after a number the whole of which is too long, 0821 9 73 87 42-261
      if (e < m - 1 && sep[e] != SEP_SPACE && !(e == m - 2 && sep[e] == SEP_DASH && ce[m - 1] - cs[m - 1] <= 4)) {
        continue;
      }
      if (e == m - 1 && glued) {
        break;
      }
      int nd = 0;
      boolean fits = true;
      for (int j = 0; j <= e; j++) {
        nd += ce[j] - cs[j];
        if (nd > 24) {
          fits = false;
          break;
        }
      }
      if (!fits) {
        break;
      }
      window(s, cs, ce, sep, 0, e, nd, dg, e < m - 1 && !isZeroOrPlus(s[cs[e + 1]]), out);
    }
    // suffix windows: chunks [b, m-1], b >= 1
    if (!glued) {
      int nd = 0;
      for (int b = m - 1; b >= 1; b--) {
        nd += ce[b] - cs[b];
        if (nd > 24) {
          break;
        }
        if (sep[b - 1] != SEP_SPACE) {
          continue;
        }
        window(s, cs, ce, sep, b, m - 1, nd, dg, false, out);
      }
    }
    // inner windows: a number grouped by dashes or dots of its own between spaces, or one long run
    // after another, a field of a fixed-width row between others ("131196197 218-492-5491 87282")
    for (int b = 1; b + 1 < m; b++) {
      if (sep[b - 1] != SEP_SPACE) {
        continue;
      }
      if (sep[b] == SEP_SPACE && ce[b] - cs[b] >= 9 && ce[b - 1] - cs[b - 1] >= 5) {
        window(s, cs, ce, sep, b, b, ce[b] - cs[b], dg, false, out);
        continue;
      }
      if (sep[b] != SEP_DASH && sep[b] != SEP_DOT) {
        continue;
      }
      int e = b + 1;
      while (e < m - 1 && sep[e] == sep[b]) {
        e++;
      }
      if (e < m - 1 && sep[e] == SEP_SPACE) {
        int nd = 0;
        for (int j = b; j <= e; j++) {
          nd += ce[j] - cs[j];
        }
        if (nd <= 24) {
          window(s, cs, ce, sep, b, e, nd, dg, false, out);
        }
      }
      b = e;
    }
    if (glued) {
      return skipDotted(s, end);
    }
    return end;
  }

  /**
   * Whether the number at {@code at} is the value of a key named as an id ({@code span_id=},
   * {@code "trace_id": "}, {@code traceId:}): ids, not card numbers.
   */
  private static boolean idKeyBefore(char[] s, int at) {
    int k = at;
    if (k > 0 && (s[k - 1] == '"' || s[k - 1] == '\'')) {
      k--;
    }
    k = skipSpacesBack(s, k);
    if (k == 0 || (s[k - 1] != '=' && s[k - 1] != ':')) {
      return false;
    }
    k = skipSpacesBack(s, k - 1);
    if (k > 0 && (s[k - 1] == '"' || s[k - 1] == '\'')) {
      k--;
    }
    if (k < 3 || (s[k - 1] | 0x20) != 'd' || (s[k - 2] != 'i' && s[k - 2] != 'I')) {
      return false;
    }
    char before = s[k - 3];
    return before == '_' || before == '.' || before == '-' || (s[k - 2] == 'I' && isLower(before));
  }

  /**
   * Whether chunks {@code b..e} are grouped as card numbers are printed: one run, groups of four
   * with a shorter last one (4-4-4-4, 4-4-4-4-3, 4-4-4-1), or Amex's 4-6-5 and Diners' 4-6-4. Other
   * groupings are other numbers (a French NIR with a wrong key, {@code 36 10 69 377 995 37}).
   */
  private static boolean cardGrouping(int[] cs, int[] ce, int b, int e) {
    int last = ce[e] - cs[e];
    if (e == b) {
      return true;
    }
    if (e - b == 2 && ce[b] - cs[b] == 4 && ce[b + 1] - cs[b + 1] == 6 && (last == 5 || last == 4)) {
      return true;
    }
    for (int j = b; j < e; j++) {
      if (ce[j] - cs[j] != 4) {
        return false;
      }
    }
    return last <= 4;
  }

  /** Whether {@code c} may begin a phone number written after another: a trunk zero or a '+'. */
  private static boolean isZeroOrPlus(char c) {
    return c == '0' || c == '+';
  }

  /**
   * Validates the chunks {@code b..e} of a digit group as every kind of number. {@code partOfRun}:
   * more chunks follow, after a space, that do not begin another phone number.
   */
  private void window(char[] s, int[] cs, int[] ce, int[] sep, int b, int e, int nd, int[] dg, boolean partOfRun,
      Candidates out) {
    if (nd < 8) {
      return;
    }
    int q = 0;
    int seps = 0;
    for (int j = b; j <= e; j++) {
      for (int k = cs[j]; k < ce[j]; k++) {
        dg[q++] = s[k] - '0';
      }
      if (j < e) {
        seps |= sep[j];
      }
    }
    int start = cs[b];
    int end = ce[e];
    int chunks = e - b + 1;
    boolean contiguous = chunks == 1;
    // a 64-bit trace or span id is 19 or 20 digits and passes Luhn one time in ten: dd.span_id=3030…
    if (card && nd >= 13 && nd <= 19 && !(contiguous && idKeyBefore(s, start))) {
      // dots only in the printed 4-4-4-4 grouping: other dotted runs are versions and ids
      boolean dotted = seps == SEP_DOT && chunks == 4 && nd == 16 && ce[b] - cs[b] == 4 && ce[b + 1] - cs[b + 1] == 4
          && ce[b + 2] - cs[b + 2] == 4 && !versionWordBefore(s, start);
      if ((((seps & (SEP_DOT | SEP_SLASH | SEP_SPACED)) == 0 && cardGrouping(cs, ce, b, e)) || dotted)
          && Checks.card(dg, nd)) {
        out.add(start, end, "CREDIT_CARD", PRIO_STRONG);
      } else if ((seps & (SEP_DOT | SEP_SLASH | SEP_SPACED)) == 0 && cardGrouping(cs, ce, b, e) && Checks.shortVisa(dg, nd)
          && keywordBefore(s, start, CARD_WORDS)) {
        out.add(start, end, "CREDIT_CARD", PRIO_STRONG);
      }
    }
    switch (nd) {
      case 9:
        if (ssn) {
          boolean formatted = chunks == 3 && ce[b] - cs[b] == 3 && ce[b + 1] - cs[b + 1] == 2
              && (seps == SEP_DASH || seps == SEP_SPACE);
          if ((formatted || contiguous) && Checks.ssn(dg)
              && (formatted || listedAfter(s, start, "US_SSN", out) || hl7IdentifierType(s, end, "SS")
                  || x12Qualified(s, start, "REF", X12_SSN_QUALIFIER) || x12Qualified(s, start, "NM1", X12_NM1_SSN)
                  || hl7Field(s, start, "PID", 19)
                  || (labelled(s, start, SSN_WORDS, out) && !keywordBefore(s, start, BSN_WORDS)
                      && !otherIdLabelNearer(s, start)))) {
            out.add(start, end, "US_SSN", PRIO_STRONG);
          }
        }
        boolean threeByThree = chunks == 3 && ce[b] - cs[b] == 3 && ce[b + 1] - cs[b + 1] == 3
            && (seps == SEP_SPACE || seps == SEP_DASH);
        if (bsn && (contiguous || seps == SEP_DOT || threeByThree) && Checks.bsn(dg)
            && (labelled(s, start, BSN_WORDS, out) || listedAfter(s, start, "NL_BSN", out))) {
          out.add(start, end, "NL_BSN", PRIO_STRONG);
        }
        break;
      case 10:
        if (nhs && (contiguous || (chunks == 3 && ce[b] - cs[b] == 3 && ce[b + 1] - cs[b + 1] == 3))
            && Checks.nhs(dg) && (labelled(s, start, NHS_WORDS, out) || listedAfter(s, start, "UK_NHS", out)
                || hl7IdentifierType(s, end, "NH"))) {
          out.add(start, end, "UK_NHS", PRIO_STRONG);
        }
        if (pnr && ((chunks == 2 && ce[b] - cs[b] == 6 && seps == SEP_DASH) || contiguous)
            && Checks.personnummer(dg, 0)
            && (!contiguous || labelled(s, start, PNR_WORDS, out) || listedAfter(s, start, "SE_PERSONNUMMER", out))) {
          out.add(start, end, "SE_PERSONNUMMER", PRIO_STRONG);
        }
        break;
      case 11:
        if (pesel && contiguous && Checks.pesel(dg)
            && (labelled(s, start, PESEL_WORDS, out) || listedAfter(s, start, "PL_PESEL", out))) {
          out.add(start, end, "PL_PESEL", PRIO_STRONG);
        }
        if (deTax && (contiguous || (seps == SEP_SPACE && chunks == 4)) && Checks.steuerId(dg)
            && (labelled(s, start, STEUER_WORDS, out) || listedAfter(s, start, "DE_TAX_ID", out))) {
          out.add(start, end, "DE_TAX_ID", PRIO_STRONG);
        }
        break;
      case 12:
        if (pnr && ((chunks == 2 && ce[b] - cs[b] == 8 && seps == SEP_DASH) || contiguous)) {
          int cent = dg[0] * 10 + dg[1];
          if ((cent == 18 || cent == 19 || cent == 20) && Checks.personnummer(dg, 2)
              && (!contiguous || labelled(s, start, PNR_WORDS, out) || listedAfter(s, start, "SE_PERSONNUMMER", out))) {
            out.add(start, end, "SE_PERSONNUMMER", PRIO_STRONG);
          }
        }
        break;
      default:
        break;
    }
    // a national number is the whole run of spaced groups, unless a phone word names it: in "08 07
    // 0373117 123 60", a tax notice's reference, the first three groups only happen to be valid
    if (phone && b == 0 && (!partOfRun || keywordBefore(s, start, PHONE_WORDS))) {
      nationalPhone(s, start, end, nd, seps, chunks, cs, ce, dg, out);
    } else if (phone && b > 0 && ((chunks >= 2 && (seps == SEP_DASH || seps == SEP_DOT))
        || (chunks == 1 && nd >= 9 && ce[b - 1] - cs[b - 1] >= 5))) {
      // a number grouped by dashes or dots of its own, or one long run, one space after another
      // field's long number (a fixed-width row: "131196197 218-492-5491", "885990712 2079671394"):
      // the space sets it off, no number is grouped that way
      nationalPhone(s, start, end, nd, seps, chunks, Arrays.copyOfRange(cs, b, e + 1), Arrays.copyOfRange(ce, b, e + 1),
          dg, out);
    }
  }

  private void nationalPhone(char[] s, int start, int end, int nd, int seps, int chunks, int[] cs, int[] ce,
      int[] dg, Candidates out) {
    if (dg[0] == 0 && dg[1] == 0) {
      // 00 international prefix
      if (nd >= 10 && nd <= 17) {
        String run = sub(s, start, end);
        // concat, not '+': see Phones.cached
        String cand = "+".concat(run.startsWith("00") ? run.substring(2) : run);
        if (Phones.validInternational(cand) && !notPhoneLabelled(s, start)) {
          out.add(start, end, "PHONE", PRIO_PHONE);
        }
      }
      return;
    }
    if (nd > 13 || (seps & SEP_DOT) != 0 && (seps & ~SEP_DOT) != 0 && !areaCodeSlashThenDots(s, chunks, cs, ce, dg)) {
      return;
    }
    if (seps == SEP_DOT && chunks == 2 && ce[0] - cs[0] == 1) {
      return; // a decimal number: 0.5772156649, a score or loss in a model's log
    }
    if (idShaped(cs, ce, chunks, seps) || (seps == SEP_DOT && chunks == 4 && nd <= 12) || (isbn10(cs, ce, chunks, seps, nd, dg) && !keywordBefore(s, start, PHONE_WORDS))) {
      return; // id shapes, dotted quads that are not valid IPv4 addresses, and ISBN-10s
    }
    if ((seps & SEP_SPACED) != 0 && !keywordBefore(s, start, PHONE_WORDS)) {
      return; // "030 / 1234567" after a label; without one, "PLZ 06108 - 16321" is a range
    }
    if (slashes(s, start, end) > 1 && !keywordBefore(s, start, PHONE_WORDS)) {
      return; // a file or contract number, 01/2025/1234, 04/50931353/39: one slash sets off an area code
    }
    if (dg[0] == 0) {
      // eight digits are short for a phone number: only with a label or the Swedish area-code dash
      boolean shortOk = nd > 8 || (chunks > 1 && s[cs[0] + (ce[0] - cs[0])] == '-');
      // one run of digits under a phone column is a phone too: Telefon;…⏎015852038548;…
      if (!((chunks > 1 && shortOk) || keywordBefore(s, start, PHONE_WORDS)
          || (chunks == 1 && fieldLabel(s, start, PHONE_LABELS, out)))
          || dateLike(s, cs, ce, chunks) || notPhoneLabelled(s, start)) {
        return;
      }
      if (Phones.validNationalTrunkZero(sub(s, start, end))) {
        out.add(start, end, "PHONE", PRIO_PHONE);
      }
    } else {
      nationalWithoutTrunkZero(s, start, end, nd, seps, chunks, cs, ce, dg, out);
    }
  }

  /**
   * The Belgian way of writing a national number, area code then slash then dotted groups:
   * 02/512.44.81, 0475/12.34.56. Any other mix of dots with other separators is no phone shape.
   */
  private static boolean areaCodeSlashThenDots(char[] s, int chunks, int[] cs, int[] ce, int[] dg) {
    if (dg[0] != 0 || chunks < 3 || ce[0] - cs[0] > 4 || s[ce[0]] != '/') {
      return false;
    }
    for (int j = 1; j < chunks; j++) {
      // groups of two or three digits: 01/02.03.2024 is a date
      if ((j < chunks - 1 && s[ce[j]] != '.') || ce[j] - cs[j] < 2 || ce[j] - cs[j] > 3) {
        return false;
      }
    }
    return true;
  }

  /**
   * Words that call a number a phone only right before it ("kontakt 508 985 992", "kontoret 21 17
   * 03 57", "Biuro: 22 550 20 17") or in a label that ends in a colon just before it ("Biuro obsługi
   * klienta: 22 288 56 96"): alone, further back, "contacted 123 456 789 customers" is a count.
   */
  private static final Keywords PHONE_CUES = new Keywords(
      "contact", "kontakt", "ring", "call", "office", "büro", "buero", "bureau", "biuro", "kontor", "kontoret", "oficina",
      "ufficio", "escritório", "kancelář", "reception", "recepción", "recepcja", "recepce", "sekretariat", "hotline",
      "helpdesk", "infolinia", "servicedesk",
      // a Spanish bill's or letter's contact lines: Información: 966 577 879, Atención al cliente: …
      "información", "informacion", "atención", "atencion", "informacja");

  /**
   * What a caller says right before the number to call, in transcripts and chats: "llámame al 616
   * 954 513", "my number is 206 802 2033", "liga pra mim no (11) 91960-1279".
   */
  private static final String[] SPOKEN_CUES = {
    "my number is", "my phone number is", "my cell is", "my mobile is", "reach me at", "reach me on", "call me at",
    "call me on", "text me at", "text me on", "llámame al", "llamame al", "llámeme al", "llámanos al", "llama al",
    "llame al", "mi número es", "ligue para", "liga para", "liga pra mim no", "liga pra mim", "me liga no",
    "meu número é", "mon numéro est le", "mon numéro est", "appelle-moi au", "appelez-moi au", "rufen sie mich unter",
    "ruf mich an unter", "meine nummer ist", "chiamami al", "il mio numero è", "bel me op", "mijn nummer is",
    // "quedo a su disposición en el 954 557 397", "zadzwoń pod numer 601 234 567"
    "en el", "al número", "al numero", "pod numerem", "pod numer", "pod nr", "na numer", "no número", "pelo número",
    "sms al", "whatsapp al", "sms au", "sms an", "sms to", "text to"
  };

  /** Whether one of {@link #SPOKEN_CUES} ends right before {@code start}, after spaces. */
  private static boolean spokenCueJustBefore(char[] s, int start) {
    int j = skipSpacesBack(s, start);
    if (j == start || j == 0 || !isLetter(s[j - 1])) {
      return false;
    }
    for (String cue : SPOKEN_CUES) {
      int from = j - cue.length();
      if (endsWithLower(s, j, cue) && (from == 0 || !isLetter(s[from - 1]))) {
        return true;
      }
    }
    return false;
  }

  /** Whether one of {@link #PHONE_CUES} ends right before {@code start}, or in a label that a colon ends there. */
  private static boolean phoneCueJustBefore(char[] s, int start) {
    int j = skipSpacesBack(s, start);
    if (j > 0 && s[j - 1] == ':') {
      return keywordBefore(s, j - 1, PHONE_CUES, 28);
    }
    if (j == start || j == 0 || !isLetter(s[j - 1])) {
      return false;
    }
    int w = j;
    while (w > 0 && j - w < 12 && isLetter(s[w - 1])) {
      w--;
    }
    // the whole word before the number is the cue: not "recontact", not "contacted 123 456 789 customers"
    return (w == 0 || !isAlnum(s[w - 1])) && isCue(s, w, j);
  }

  /**
   * Whether a phone label is the word right before {@code start}, with at most a colon and spaces
   * between ({@code Tlf.: }, {@code Mobil }), not a word it only stands near ({@code Mobile downloads: }).
   */
  private static boolean phoneLabelJustBefore(char[] s, int start) {
    int j = skipSpacesBack(s, start);
    if (j > 0 && s[j - 1] == ':') {
      j = skipSpacesBack(s, j - 1);
    }
    int w = keywordStart(s, j, PHONE_LABELS, 16);
    if (w < 0) {
      return false;
    }
    for (int k = w; k < j; k++) {
      if (!isLetter(s[k]) && s[k] != '.' && s[k] != '-') {
        return false;
      }
    }
    return true;
  }

  /** Whether a phone label stands right before {@code start} or a phone column's header above it. */
  private static boolean phoneLabelOrColumn(char[] s, int start, Candidates out) {
    return phoneLabelJustBefore(s, start) || fieldLabel(s, start, PHONE_LABELS, out);
  }

  /** Whether the word {@code s[w, j)} is one of {@link #PHONE_CUES}. */
  private static boolean isCue(char[] s, int w, int j) {
    for (char[] cue : PHONE_CUES.chars) {
      if (cue.length == j - w && lower(s[w]) == cue[0] && matchesLower(s, w, cue)) {
        return true;
      }
    }
    return false;
  }

  /** Countries whose national numbers have no trunk prefix, tried for a labelled number ("Tel: 912 345 678"). */
  private static final String[] NO_TRUNK_REGIONS = {
    "ES", "PT", "PL", "CZ", "DK", "NO", "GR", "LU", "MT", "CY", "LV", "EE",
    // Irish and Australian freephone and shared-cost numbers are dialled without the trunk 0: 1800 523 084
    "IE", "AU"
  };

  /**
   * A national number not starting with 0: North American (3-3-4 with dashes or dots, with a
   * leading 1 too, or spaces or one run of ten digits after a phone label), an Italian mobile
   * (3xx xxx xxxx), or, after a phone label, a number valid in a country without a trunk prefix.
   */
  private void nationalWithoutTrunkZero(char[] s, int start, int end, int nd, int seps, int chunks, int[] cs,
      int[] ce, int[] dg, Candidates out) {
    boolean dashOrDot = seps == SEP_DASH || seps == SEP_DOT;
    boolean nanp334 = nd == 10 && chunks == 3 && ce[0] - cs[0] == 3 && ce[1] - cs[1] == 3;
    boolean nanp1334 = nd == 11 && dg[0] == 1 && chunks == 4 && ce[0] - cs[0] == 1 && ce[1] - cs[1] == 3
        && ce[2] - cs[2] == 3;
    // (or 3xx/xxxxxxx, the slash Italians write after the operator prefix: cell. 347/1234567)
    boolean italianMobile = dg[0] == 3 && nd >= 9 && nd <= 10 && chunks >= 2 && ce[0] - cs[0] == 3
        && (seps == SEP_SPACE || dashOrDot || (seps == SEP_SLASH && chunks == 2));
    // eight digits only in a phone's grouping (12 34 56 78, 1234 5678, 412 34 567): as one run or
    // in thousands (23 456 789) they are as likely a count
    // or as one run right after a phone label or under a phone column (Danish and Norwegian numbers
    // have eight digits and no trunk prefix: Mobil: 37548878)
    boolean eightAsPhone = nd != 8 || (chunks > 1 && !(chunks == 3 && ce[1] - cs[1] == 3 && ce[2] - cs[2] == 3))
        || (chunks == 1 && phoneLabelOrColumn(s, start, out));
    boolean elsewhereShaped = nd >= 8 && nd <= 10 && eightAsPhone && !dateLike(s, cs, ce, chunks);
    boolean nanpDashOrDot = (nanp334 || nanp1334) && dashOrDot;
    // a Chinese mobile, 1[3-9]x xxxx xxxx, written whole or 3-4-4; eleven digits from 1 are as often an id
    boolean chineseMobile = nd == 11 && dg[0] == 1 && dg[1] >= 3 && (chunks == 1
        || (chunks == 3 && ce[0] - cs[0] == 3 && ce[1] - cs[1] == 4 && (seps == SEP_SPACE || seps == SEP_DASH)));
    // a Russian number with its trunk 8: 8 922 855 45 04, 8-922-855-45-04
    boolean russian = nd == 11 && dg[0] == 8 && chunks > 1 && ce[0] - cs[0] == 1;
    boolean mayNeedLabel = (nanp334 || nanp1334) && seps == SEP_SPACE || (nd == 10 && chunks == 1) || elsewhereShaped
        || chineseMobile || russian;
    // the label search runs only for shapes a label can decide
    boolean labelled = !nanpDashOrDot && mayNeedLabel
        && ((keywordBefore(s, start, PHONE_WORDS) && !anotherColumnsLabel(s, start, PHONE_WORDS, out))
            || x12Qualified(s, start, "PER", X12_PHONE_QUALIFIERS) || hl7PhoneField(s, start));
    // a fax machine's header line: "10/22/2024 01:58AM  FROM: SUMMIT IMAGING 7209694946  TO: 18007237226  P. 1/5"
    if (chunks == 1 && (nd == 10 || (nd == 11 && dg[0] == 1)) && faxHeaderLine(s, start)) {
      String whole = sub(s, start, end);
      if (Phones.validFor(whole, "US")) {
        out.add(start, end, "PHONE", PRIO_PHONE);
        return;
      }
    }
    // a field of a delimited row or an INSERT under a phone column: telefono,913 254 876
    boolean columnLabelled = !labelled && !nanpDashOrDot && mayNeedLabel
        && fieldLabel(s, start, PHONE_LABELS, out);
    // a label that names a phone outright, not only a word near one ("call", "contact")
    boolean phoneLabelled = labelled && (elsewhereShaped || chineseMobile || russian)
        && keywordBefore(s, start, PHONE_LABELS, 24);
    // a caller's words right before it, also after a word only near phones ("por SMS al 673100168");
    // not looked for where an outright label already decides
    boolean spoken = mayNeedLabel && !nanpDashOrDot && !columnLabelled && !phoneLabelled && spokenCueJustBefore(s, start);
    boolean nanp = nanpDashOrDot || ((nanp334 || nanp1334) && seps == SEP_SPACE && (labelled || columnLabelled || spoken))
        || (nd == 10 && chunks == 1 && (labelled || columnLabelled || spoken));
    boolean cued = elsewhereShaped && !columnLabelled && (spoken || phoneCueJustBefore(s, start));
    boolean elsewhere = elsewhereShaped && (phoneLabelled || columnLabelled || cued);
    boolean labelledChineseOrRussian = (chineseMobile || russian) && (phoneLabelled || columnLabelled || spoken);
    // an international number whose '+' a spreadsheet dropped, right after a phone label or under a
    // phone column: Tel: 4915112345678, Mobil;…⏎…;447434821275
    boolean withoutPlus = nd >= 11 && nd <= 15 && !nanpDashOrDot && !labelledChineseOrRussian
        && phoneLabelOrColumn(s, start, out);
    // nine digits grouped 3-2-2-2 or 2-3-2-2 (685 90 79 47, 91 421 55 76) are written so only as
    // Spanish and Polish phone numbers: no count or id is grouped in twos at the end
    // (standing alone: not the rest of "+41 12 345 67 89", an international number that failed)
    boolean pairedNine = nd == 9 && chunks == 4 && seps == SEP_SPACE && dg[0] != 0 && ce[2] - cs[2] == 2
        && ce[3] - cs[3] == 2 && ce[0] - cs[0] + ce[1] - cs[1] == 5 && !afterNumber(s, start);
    if (!nanp && !italianMobile && !elsewhere && !labelledChineseOrRussian && !withoutPlus && !pairedNine) {
      return;
    }
    // a cue right before the number is nearer than any other word: "kontoret 21 17 03 57" is no konto
    if (!cued && notPhoneLabelled(s, start)) {
      return;
    }
    String run = sub(s, start, end);
    if (nanp && Phones.validFor(run, "US")) {
      out.add(start, end, "PHONE", PRIO_PHONE);
      return;
    }
    // grouped as a North American number but no valid one, right after a phone label: a Greek
    // mobile (κιν. 697-771-8072) or another country's without a trunk prefix
    if (nanpDashOrDot && keywordBefore(s, start, PHONE_LABELS, 24) && validWithoutTrunkPrefix(run)) {
      out.add(start, end, "PHONE", PRIO_PHONE);
      return;
    }
    if (italianMobile && Phones.validFor(run, "IT")) {
      out.add(start, end, "PHONE", PRIO_PHONE);
      return;
    }
    if (labelledChineseOrRussian && Phones.validFor(run, russian ? "RU" : "CN")) {
      out.add(start, end, "PHONE", PRIO_PHONE);
      return;
    }
    if (elsewhere && validWithoutTrunkPrefix(run)) {
      out.add(start, end, "PHONE", PRIO_PHONE);
      return;
    }
    if (withoutPlus && Phones.validInternational("+".concat(run))) {
      out.add(start, end, "PHONE", PRIO_PHONE);
      return;
    }
    if (pairedNine && (Phones.validFor(run, "ES") || Phones.validFor(run, "PL"))) {
      out.add(start, end, "PHONE", PRIO_PHONE);
    }
  }

  /**
   * Whether the number at {@code start} stands in a fax header line (the sending machine's line
   * on every page it sends): a "FROM:" before it and a "TO:" on the same line.
   */
  private static boolean faxHeaderLine(char[] s, int start) {
    int ls = start;
    while (ls > 0 && start - ls < 160 && s[ls - 1] != '\n' && s[ls - 1] != '\r') {
      ls--;
    }
    int le = start;
    while (le < s.length && le - start < 160 && s[le] != '\n' && s[le] != '\r') {
      le++;
    }
    // colons only are looked at: most lines hold none, or none after "from" and "to"
    boolean from = false;
    boolean to = false;
    for (int j = ls + 2; j < le; j++) {
      if (s[j] != ':') {
        continue;
      }
      if (j < start && j - 4 >= ls && regionMatchesCi(s, j - 4, "from", 0, 4) && (j - 4 == ls || !isLetter(s[j - 5]))) {
        from = true;
      } else if (regionMatchesCi(s, j - 2, "to", 0, 2) && (j - 2 == ls || !isLetter(s[j - 3]))) {
        to = true;
      }
    }
    return from && to;
  }

  /** US states, DC and territories, as an address writes them before a ZIP code. */
  private static final String US_STATES = " AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH"
      + " NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR VI GU AS MP ";

  /** Whether a US state's two-letter code, a word of its own, ends right before {@code at} (spaces between). */
  private static boolean usStateBefore(char[] s, int at) {
    int j = skipSpacesBack(s, at);
    if (j == at || j < 2 || !isUpper(s[j - 1]) || !isUpper(s[j - 2]) || (j > 2 && isLetter(s[j - 3]))) {
      return false;
    }
    return US_STATES.contains(" " + s[j - 2] + s[j - 1] + " ");
  }

  /** Whether {@code run} is a valid national number of one of {@link #NO_TRUNK_REGIONS}. */
  private static boolean validWithoutTrunkPrefix(String run) {
    for (String region : NO_TRUNK_REGIONS) {
      if (Phones.validFor(run, region)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a number ends right before {@code start}, spaces between. */
  private static boolean afterNumber(char[] s, int start) {
    int p = skipSpacesBack(s, start);
    return p > 0 && isDigit(s[p - 1]);
  }

  /**
   * An ISBN-10 as printed, {@code 0-306-40615-2}: four dashed groups ending in the one-digit check
   * (a phone number rarely ends so), ten digits whose weighted sum is divisible by 11. libphonenumber
   * calls {@code 0-306-40615-2} a German number, and "ISBN-10" is too far from a label to be seen.
   */
  private static boolean isbn10(int[] cs, int[] ce, int chunks, int seps, int nd, int[] dg) {
    if (chunks != 4 || seps != SEP_DASH || nd != 10 || ce[3] - cs[3] != 1) {
      return false;
    }
    int sum = 0;
    for (int j = 0; j < 10; j++) {
      sum += (10 - j) * dg[j];
    }
    return sum % 11 == 0;
  }

  private static boolean idShaped(int[] cs, int[] ce, int chunks, int seps) {
    if (chunks == 3 && ce[0] - cs[0] == 3 && ce[1] - cs[1] == 2 && ce[2] - cs[2] == 4) {
      return true;
    }
    return chunks == 2 && seps == SEP_DASH && ce[1] - cs[1] == 4 && (ce[0] - cs[0] == 6 || ce[0] - cs[0] == 8);
  }

  private static boolean dateLike(char[] s, int[] cs, int[] ce, int chunks) {
    if (chunks != 3) {
      return false;
    }
    int a = ce[0] - cs[0];
    int b = ce[1] - cs[1];
    int c = ce[2] - cs[2];
    return (a == 2 && b == 2 && (c == 4 || c == 2)) || (a == 4 && b == 2 && c == 2);
  }

  // ---------------------------------------------------------------- international phone numbers

  private int onPlus(char[] s, int i, Candidates out) {
    int n = s.length;
    // "++" is no country code: a Belgian structured communication is written +++434/3579/46168+++
    if (i + 1 >= n || !isDigit(s[i + 1]) || (i > 0 && (isWordChar(s[i - 1]) || s[i - 1] == '+'))) {
      if (pnr && i >= 6 && isDigit(s[i - 1])) {
        return centenarianPersonnummer(s, i, out);
      }
      return i + 1;
    }
    foldAhead(s, i, 24);
    return phoneRun(s, i, true, out);
  }

  /**
   * YYMMDD+NNNC: a personnummer of someone 100 or older, whose separator is '+' rather than '-'.
   * The '+' is at {@code i}; returns where the scan goes on.
   */
  private static int centenarianPersonnummer(char[] s, int i, Candidates out) {
    int start = i - 6;
    int end = i + 5;
    if (end > s.length || (start > 0 && isWordChar(s[start - 1])) || (end < s.length && isWordChar(s[end]))) {
      return i + 1;
    }
    int[] dg = new int[10];
    for (int k = 0; k < 11; k++) {
      if (k == 6) {
        continue;
      }
      char c = s[start + k];
      if (!isDigit(c)) {
        return i + 1;
      }
      dg[k < 6 ? k : k - 1] = c - '0';
    }
    if (Checks.personnummer(dg, 0)) {
      out.add(start, end, "SE_PERSONNUMMER", PRIO_STRONG);
      return end;
    }
    return i + 1;
  }

  /**
   * A phone number percent-encoded in a URL or form at the {@code %2B} at {@code i}: {@code
   * phone=%2B4915112345678}, {@code tel=%2B49%2030%20123456}, {@code q=%2B33+6+12+34+56+78} (a
   * form's '+' is a space). Decoded into a scratch array, read as any international number there,
   * and the span mapped back onto the encoded text. Returns where the scan goes on.
   */
  private int onEncodedPlus(char[] s, int i, Candidates out) {
    int n = s.length;
    char[] decoded = new char[ENCODED_PHONE_MAX + 1];
    int[] original = new int[ENCODED_PHONE_MAX + 2];
    int m = 0;
    decoded[m] = '+';
    original[m++] = i;
    int k = i + 3;
    while (k < n && m < ENCODED_PHONE_MAX) {
      char c = s[k];
      int width = 1;
      if (c == '+') {
        c = ' ';
      } else if (c == '%' && k + 2 < n && s[k + 1] == '2') {
        char low = s[k + 2];
        c = low == '0' ? ' ' : low == '8' ? '(' : low == '9' ? ')' : low == 'F' || low == 'f' ? '/' : 0;
        width = 3;
      } else if (!isDigit(c) && c != '-' && c != '.') {
        c = 0;
      }
      if (c == 0) {
        break;
      }
      decoded[m] = c;
      original[m++] = k;
      k += width;
    }
    original[m] = k;
    if (k < n && isWordChar(s[k])) {
      decoded[m++] = 'x'; // the number runs on into a word in the text: no boundary after it
    }
    Candidates found = new Candidates();
    phoneRun(Arrays.copyOf(decoded, m), 0, true, found);
    if (found.size() == 0) {
      return i + 3;
    }
    int end = original[found.endAt(0)];
    out.add(i, end, "PHONE", PRIO_PHONE);
    return end;
  }

  /** The longest percent-encoded phone number read, in decoded chars. */
  private static final int ENCODED_PHONE_MAX = 40;

  private int onParen(char[] s, int i, Candidates out) {
    int n = s.length;
    if (i + 5 >= n || !isDigit(s[i + 1]) || (i > 0 && isWordChar(s[i - 1]))) {
      return i + 1;
    }
    int k = i + 1;
    while (k < n && k - i <= 5 && isDigit(s[k])) {
      k++;
    }
    if (k >= n || s[k] != ')' || k - i < 3) {
      return i + 1;
    }
    foldAhead(s, i, 24);
    return phoneRun(s, i, false, out);
  }

  /** Whether {@code s[at]} starts " ddd dd dd" and the number ends there. */
  private static boolean polishGrouping(char[] s, int at) {
    int[] lengths = {3, 2, 2};
    int k = at;
    for (int len : lengths) {
      if (k >= s.length || s[k] != ' ') {
        return false;
      }
      k++;
      for (int d = 0; d < len; d++, k++) {
        if (k >= s.length || !isDigit(s[k])) {
          return false;
        }
      }
    }
    return k >= s.length || !isAlnum(s[k]);
  }

  /** Whether the digits after the '+' at {@code plus} are closed by ')' : (+34) 612 ... */
  private static boolean closesAfterCallingCode(char[] s, int plus) {
    int k = plus + 1;
    while (k < s.length && k - plus <= 4 && isDigit(s[k])) {
      k++;
    }
    return k > plus + 1 && k < s.length && s[k] == ')';
  }

  /** Whether the digit group ending at {@code end} is the "(0)" of "+49 (0)89". */
  private static boolean trunkZeroInParens(char[] s, int end) {
    return end >= 2 && end < s.length && s[end] == ')' && s[end - 1] == '0' && s[end - 2] == '(';
  }

  /**
   * A phone-shaped run from '+' or '(': digits with single separators and parenthesised parts,
   * and once, after the calling code and area code, a spaced slash or dash (+49 30 / 123 456-78).
   * Tries the whole run, then shorter runs ending at earlier chunk ends.
   */
  private int phoneRun(char[] s, int i, boolean international, Candidates out) {
    int n = s.length;
    int k = i + 1;
    int nd = 0;
    int[] ends = new int[12];
    int ne = 0;
    boolean spacedSeen = false;
    while (k < n && nd <= 17) {
      char c = s[k];
      if (isDigit(c)) {
        nd++;
        k++;
        if (k >= n || !isDigit(s[k])) {
          if (ne < ends.length) {
            ends[ne++] = k;
          }
        }
        continue;
      }
      boolean sepc = isSpaceSep(c) || c == '-' || c == '.' || c == '/' || c == '(' || c == ')';
      if (!sepc) {
        break;
      }
      // allow "(0) " and ") " pairs: at most two non-digits in a row
      int j = k + 1;
      if (j < n && !isDigit(s[j])) {
        char c2 = s[j];
        boolean sep2 = isSpaceSep(c2) || c2 == '(' || c2 == '-';
        if (c == ' ' && (c2 == '/' || c2 == '-') && j + 2 < n && s[j + 1] == ' ' && isDigit(s[j + 2])
            && international && (ne == 2 || (ne == 3 && trunkZeroInParens(s, ends[1]))) && !spacedSeen) {
          // a spaced slash or dash, once, after the calling code and area code: +49 30 / 123 456-78,
          // +49 (0)89 / 123 456-0; elsewhere it separates two numbers (+49 30 1234567 / 1234568)
          // or a number from text
          spacedSeen = true;
          j++;
        } else if (!sep2 || j + 1 >= n || !isDigit(s[j + 1])) {
          break;
        }
        j++;
      }
      if (j >= n || !isDigit(s[j])) {
        break;
      }
      k = j;
    }
    if (nd > 17) {
      return skipDotted(s, k);
    }
    String region = null;
    if (!international) {
      region = s[i + 1] == '0' ? "EU" : "US";
      // a Brazilian area code has two digits, a North American one three: (11) 91960-1279 after a phone word
      // and so has a Polish one, its number grouped 3-2-2: tel. (58) 661 99 77, T (22) 621 45 67
      if (s[i + 1] != '0' && i + 3 < n && s[i + 3] == ')') {
        if (keywordBefore(s, i, PHONE_LABELS, 24) || spokenCueJustBefore(s, i)) {
          region = "BR";
        } else if (polishGrouping(s, i + 4)) {
          region = "PL";
        }
      }
    }
    for (int t = ne - 1, tries = 0; t >= 0 && tries < 4; t--, tries++) {
      int e = ends[t];
      if (!boundaryAfter(s, e) || (e < n && s[e] == '.' && e + 1 < n && isDigit(s[e + 1]))) {
        continue;
      }
      String cand = sub(s, i, e);
      int digits = 0;
      for (int j = 0; j < cand.length(); j++) {
        if (isDigit(cand.charAt(j))) {
          digits++;
        }
      }
      if (digits < 7 || digits > 15) {
        continue;
      }
      boolean valid;
      if (international) {
        valid = Phones.validInternational(cand);
      } else if (region.equals("BR")) {
        valid = Phones.validFor(cand, "BR") || Phones.validFor(cand, "PL");
      } else if (region.equals("US") || region.equals("PL")) {
        valid = Phones.validFor(cand, region);
      } else {
        valid = Phones.validNationalTrunkZero(cand);
      }
      if (valid) {
        // "1 (415) 555-2671": the North American national prefix belongs to the number
        int st = i;
        if (international && i > 0 && s[i - 1] == '(' && closesAfterCallingCode(s, i)) {
          st = i - 1; // "(+34) 612 345 678": the parenthesis opened before the '+' belongs to it
        }
        if (!international && region.equals("US") && i >= 2 && s[i - 2] == '1'
            && (s[i - 1] == ' ' || s[i - 1] == '-' || s[i - 1] == '.')
            && (i == 2 || (!isWordChar(s[i - 3]) && s[i - 3] != '+'))) {
          st = i - 2;
        }
        out.add(st, e, "PHONE", PRIO_PHONE);
        return e;
      }
    }
    return international ? skipDotted(s, i + 1) : i + 1;
  }
}
