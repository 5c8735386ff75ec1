package dev.residency.benchmarks;

import dev.residency.mask.MaskingSettings;
import dev.residency.mask.Span;
import dev.residency.mask.internal.DetectionEngine;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@link DetectionEngine#detect} over ~1 MB of realistic mixed text (support
 * tickets, logs, JSON, SQL rows, LLM prompts, multilingual EU text with emoji), against two
 * baselines over the same text in the same run: a char-sum loop (the cost of touching every char)
 * and a {@code String.indexOf('@')} scan. MB/s = ops/s x {@link #TEXT_CHARS} / 10^6 (chars, not
 * bytes; the text is almost all ASCII). The main text is dense: about 6,400 detected spans per MB, one
 * every ~160 chars, so validation work dominates; {@link #detectSparse} runs over text where prose
 * dominates. Both repeat a small set of values (so caches of validation verdicts hit); {@link
 * #detectVaried} is the dense text with every email, phone number, card and IBAN generated anew,
 * as in real data where values rarely repeat.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DetectionBenchmark -f 1 -wi 2 -i 3}. Warm-up
 * iterations are 10 s: on a loaded machine C2 needs that long to compile the scanner.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 3)
public class DetectionBenchmark {
  /** Size of the benchmark text in chars. */
  public static final int TEXT_CHARS = 1 << 20;

  private String text;
  private String sparseText;
  /** Distinct texts taken in turn, so phone verdicts are mostly first-sight (the cache holds 8,192). */
  private String[] variedTexts;
  private int nextVaried;
  private DetectionEngine engine;

  /** Builds the text and the engine with every built-in detector. */
  @Setup
  public void setup() {
    text = realisticText(TEXT_CHARS, 42, true);
    sparseText = realisticText(TEXT_CHARS, 42, false);
    variedTexts = new String[16];
    for (int i = 0; i < variedTexts.length; i++) {
      variedTexts[i] = realisticText(TEXT_CHARS, 42 + i, true, true);
    }
    engine = DetectionEngine.create(MaskingSettings.defaults());
    System.out.printf("%ntext: %d chars, %d spans detected; sparse text: %d chars, %d spans; varied text: %d chars,"
        + " %d spans%n", text.length(), engine.detect(text).size(), sparseText.length(), engine.detect(sparseText).size(),
        variedTexts[0].length(), engine.detect(variedTexts[0]).size());
  }

  /** Detection with every built-in detector. */
  @Benchmark
  public List<Span> detect() {
    return engine.detect(text);
  }

  /** Detection over text where prose dominates (about a fifth of the segments carry personal data). */
  @Benchmark
  public List<Span> detectSparse() {
    return engine.detect(sparseText);
  }

  /**
   * Detection over dense text whose values do not repeat: sixteen such 1 MB texts in turn (about
   * 14,000 phone candidates in all, more than the 8,192 verdicts the engine caches before it clears
   * them), so validation is mostly first-sight, as in real data.
   */
  @Benchmark
  public List<Span> detectVaried() {
    String t = variedTexts[nextVaried];
    nextVaried = (nextVaried + 1) % variedTexts.length;
    return engine.detect(t);
  }

  /** Baseline: touch every char once. */
  @Benchmark
  public int baselineCharSum() {
    String s = text;
    int sum = 0;
    for (int i = 0; i < s.length(); i++) {
      sum += s.charAt(i);
    }
    return sum;
  }

  /** Baseline: find every '@' with the JDK's intrinsic indexOf. */
  @Benchmark
  public int baselineIndexOfAt() {
    String s = text;
    int count = 0;
    int i = s.indexOf('@');
    while (i >= 0) {
      count++;
      i = s.indexOf('@', i + 1);
    }
    return count;
  }

  private static final String[] NAMES = {"Anna Müller", "José García", "Zoë Dupont", "Łukasz Nowak", "Søren Jansen",
    "Giulia Rossi", "John Smith", "Chloé Lefèvre"};
  private static final String[] EMAILS = {"anna.mueller@example.de", "jose.garcia@correo.es", "zoe+shop@exemple.fr",
    "l.nowak@poczta.pl", "søren@voorbeeld.nl", "giulia_rossi@posta.it", "john.smith@company.co.uk"};
  private static final String[] PHONES = {"+49 30 12345678", "+44 20 7946 0958", "+33 6 12 34 56 78",
    "(415) 555-2671", "030 1234567", "+39 312 345 6789"};
  private static final String[] CARDS = {"4111 1111 1111 1111", "5555555555554444", "3782 822463 10005",
    "6011-1111-1111-1117"};
  private static final String[] IBANS = {"DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432",
    "FR1420041010050500013M02606", "NL91ABNA0417164300"};
  private static final String[] PROSE = {
    "Thanks for getting back to me so quickly, the issue started after the last update and it still happens "
        + "every morning when I open the dashboard. ",
    "Vielen Dank für Ihre schnelle Antwort; leider tritt das Problem weiterhin auf, besonders nach dem Login. ",
    "Bonjour, je n'arrive toujours pas à télécharger ma facture depuis l'espace client 😊. ",
    "Hola, el pedido llegó incompleto y la caja estaba dañada, ¿pueden enviarme el resto? ",
    "The customer mentioned that the export to CSV fails for reports larger than 10 MB (see attached screenshot). ",
    "Please summarise the conversation below and propose a polite reply that does not promise a refund. ",
  };

  /** Realistic mixed text, deterministic for a seed; {@code dense} false makes prose four fifths of it. */
  static String realisticText(int chars, long seed, boolean dense) {
    return realisticText(chars, seed, dense, false);
  }

  /** As above; {@code varied} generates each email, phone number, card and IBAN anew. */
  static String realisticText(int chars, long seed, boolean dense, boolean varied) {
    Random r = new Random(seed);
    Values v = new Values(r, varied);
    StringBuilder b = new StringBuilder(chars + 1024);
    while (b.length() < chars) {
      switch (dense || r.nextInt(5) == 0 ? r.nextInt(7) : 4) {
        case 0:
          b.append("Subject: Order problem\r\nHi, I'm ").append(pick(r, NAMES)).append(". ")
              .append(pick(r, PROSE)).append(pick(r, PROSE)).append("You can reach me at ").append(v.phone())
              .append(" or ").append(v.email()).append(". Order ORD-2024-").append(100000 + r.nextInt(899999))
              .append(" placed on 2024-11-").append(10 + r.nextInt(18)).append(".\r\n\r\n");
          break;
        case 1:
          b.append("2024-11-24T10:").append(10 + r.nextInt(50)).append(":").append(10 + r.nextInt(50))
              .append(".123Z INFO  [http-nio-8080-exec-").append(r.nextInt(20)).append("] GET /api/v2/orders/")
              .append(r.nextInt(100000)).append(" status=200 latency=").append(r.nextInt(900)).append("ms user=")
              .append(v.email()).append(" ip=10.").append(r.nextInt(256)).append(".").append(r.nextInt(256))
              .append(".").append(1 + r.nextInt(254)).append(" trace=").append(Long.toHexString(r.nextLong()))
              .append(" version=2.14.").append(r.nextInt(9)).append(".").append(r.nextInt(99)).append('\n');
          break;
        case 2:
          b.append("{\"id\": ").append(r.nextInt(1000000)).append(", \"name\": \"").append(pick(r, NAMES))
              .append("\", \"email\": \"").append(v.email()).append("\", \"created_at\": ")
              .append(1700000000 + r.nextInt(10000000)).append(", \"max_tokens\": 1024, \"note\": \"")
              .append(pick(r, PROSE)).append("\", \"request_id\": \"550e8400-e29b-41d4-a716-")
              .append(Long.toHexString(0x100000000000L + r.nextInt(1 << 30))).append("\"}\n");
          break;
        case 3:
          b.append("INSERT INTO payments VALUES (").append(r.nextInt(100000)).append(", '").append(pick(r, NAMES))
              .append("', '").append(v.card()).append("', '").append(v.iban()).append("', 19.99, 'EUR', '")
              .append("2024-11-24 10:15:30');\n");
          break;
        case 4:
          b.append(pick(r, PROSE)).append(pick(r, PROSE)).append(pick(r, PROSE)).append('\n');
          break;
        case 5:
          b.append("Sehr geehrte Frau Schäfer, Ihre Steuer-ID 86 095 742 719 ist hinterlegt; die Erstattung über ")
              .append(r.nextInt(200)).append(",").append(10 + r.nextInt(89)).append(" € geht an ").append(v.iban())
              .append(". Rückfragen unter ").append(v.phone()).append(" 🙏\n");
          break;
        default:
          b.append("POST /v1/chat/completions HTTP/1.1\r\nHost: api.example.com\r\nAuthorization: Bearer sk-proj-")
              .append(Long.toHexString(r.nextLong())).append("Ab1").append(Long.toHexString(r.nextLong()))
              .append("\r\nContent-Type: application/json\r\n\r\n{\"model\": \"gpt-4o\", \"messages\": [{\"role\": ")
              .append("\"user\", \"content\": \"").append(pick(r, PROSE)).append("\"}]}\r\n");
          break;
      }
    }
    b.setLength(chars);
    return b.toString();
  }

  private static String pick(Random r, String[] xs) {
    return xs[r.nextInt(xs.length)];
  }

  /** Values from the fixed lists, or generated anew (valid check digits, realistic formats). */
  private static final class Values {
    private final Random r;
    private final boolean varied;

    Values(Random r, boolean varied) {
      this.r = r;
      this.varied = varied;
    }

    String email() {
      if (!varied) {
        return pick(r, EMAILS);
      }
      String[] domains = {"example.de", "correo.es", "exemple.fr", "poczta.pl", "voorbeeld.nl", "posta.it", "company.co.uk"};
      return pick(r, new String[] {"anna", "jose", "zoe", "lukasz", "soren", "giulia", "john"}) + "." + digits(1 + r.nextInt(5))
          + "@" + pick(r, domains);
    }

    String phone() {
      if (!varied) {
        return pick(r, PHONES);
      }
      switch (r.nextInt(6)) {
        case 0: return "+49 30 " + digits(8);
        case 1: return "+44 20 79" + digits(2) + " " + digits(4);
        case 2: return "+33 6 " + digits(2) + " " + digits(2) + " " + digits(2) + " " + digits(2);
        case 3: return "(" + (2 + r.nextInt(8)) + digits(2) + ") " + (2 + r.nextInt(8)) + digits(2) + "-" + digits(4);
        case 4: return "030 " + digits(7);
        default: return "+39 3" + digits(2) + " " + digits(3) + " " + digits(4);
      }
    }

    String card() {
      if (!varied) {
        return pick(r, CARDS);
      }
      int[] d = new int[16];
      d[0] = 4;
      for (int i = 1; i < 15; i++) {
        d[i] = r.nextInt(10);
      }
      int sum = 0;
      for (int i = 0; i < 15; i++) {
        int x = d[14 - i];
        sum += i % 2 == 0 ? (x * 2 > 9 ? x * 2 - 9 : x * 2) : x;
      }
      d[15] = (10 - sum % 10) % 10;
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 16; i++) {
        if (i > 0 && i % 4 == 0) {
          sb.append(' ');
        }
        sb.append(d[i]);
      }
      return sb.toString();
    }

    String iban() {
      if (!varied) {
        return pick(r, IBANS);
      }
      String bban = digits(18);
      // DE + check digits: 98 - (BBAN + "DE00" as digits) mod 97
      java.math.BigInteger n = new java.math.BigInteger(bban + "131400");
      int check = 98 - n.mod(java.math.BigInteger.valueOf(97)).intValue();
      return "DE" + (check < 10 ? "0" : "") + check + bban;
    }

    private String digits(int n) {
      StringBuilder sb = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        sb.append((char) ('0' + r.nextInt(10)));
      }
      return sb.toString();
    }
  }
}
