package dev.residency.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.residency.mask.MaskingPipeline;
import dev.residency.mask.MaskingSettings;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@code residency mask} masks blocks of lines on several threads: the output must be exactly the
 * one-line-at-a-time result, in input order, and memory must not grow with the input.
 */
class MaskStreamingTest {
  private static final MaskingPipeline PIPELINE = MaskingPipeline.create(MaskingSettings.defaults());

  @Test
  void masksManyBlocksInInputOrderExactlyAsOneLineAtATime() throws Exception {
    String text = mixedText(new Random(20261124), 3_000_000);

    for (int workers : new int[] {1, 4}) {
      StringWriter masked = new StringWriter();
      MaskCommand.mask(PIPELINE, "redact", new StringReader(text), masked, workers);

      assertThat(masked.toString()).as("%d workers", workers).isEqualTo(oneLineAtATime(text));
      assertThat(masked.toString()).contains("[EMAIL]", "[IBAN]", "[PHONE]", "[CREDIT_CARD]");
    }
  }

  @Test
  void aLineLongerThanTheLimitIsCutAtWhitespaceAsBefore() throws Exception {
    String unit = "word alice@example.com ";
    String longLine = unit.repeat(MaskCommand.MAX_LINE * 2 / unit.length() + 3);
    String text = "first bob@example.org\n" + longLine + "\nlast +49 30 901820\n" + longLine;

    for (int workers : new int[] {1, 3}) {
      StringWriter masked = new StringWriter();
      MaskCommand.mask(PIPELINE, "redact", new StringReader(text), masked, workers);

      assertThat(masked.toString()).as("%d workers", workers).isEqualTo(oneLineAtATime(text));
    }
  }

  @Test
  void aFailingBlockStopsTheRunWithItsOwnException() {
    StringWriter out = new StringWriter();
    List<String> blocks = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      blocks.add("block " + i + "\n");
    }

    Throwable thrown = catchThrowable(() -> {
      try (OrderedBlocks ordered = new OrderedBlocks(4, b -> {
        if (b.startsWith("block 17")) {
          throw new IllegalStateException("boom in 17");
        }
        return b.toUpperCase();
      }, out)) {
        for (String b : blocks) {
          ordered.submit(b);
        }
      }
    });

    assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("boom in 17");
    // everything before the failing block was written, in order, and nothing after it
    assertThat(out.toString()).startsWith("BLOCK 0\nBLOCK 1\n").doesNotContain("BLOCK 17").doesNotContain("BLOCK 18");
  }

  @Test
  void writesResultsInSubmissionOrderWhateverFinishesFirst() throws Exception {
    StringWriter out = new StringWriter();
    StringBuilder expected = new StringBuilder();
    Random r = new Random(7);
    try (OrderedBlocks ordered = new OrderedBlocks(4, b -> {
      try {
        Thread.sleep(r.nextInt(3));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return b;
    }, out)) {
      for (int i = 0; i < 300; i++) {
        ordered.submit(i + "\n");
        expected.append(i).append('\n');
      }
    }

    assertThat(out).hasToString(expected.toString());
  }

  /**
   * A child JVM with a 40 MB heap masks 256 MB streamed through its standard input: the input never
   * fits in memory, so success shows memory is bounded by the window of blocks, not the input.
   */
  @Test
  void masksFarMoreThanTheHeapInConstantMemory() throws Exception {
    long bytes = 256L << 20;
    Process child = new ProcessBuilder(javaBin(), "-Xmx40m", "-cp", System.getProperty("java.class.path"),
        ResidencyCli.class.getName(), "mask", "--strategy", "redact")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    AtomicLong outLines = new AtomicLong();
    AtomicLong masked = new AtomicLong();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          outLines.incrementAndGet();
          if (line.contains("[EMAIL]")) {
            masked.incrementAndGet();
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    reader.start();

    long inLines = 0;
    long withEmail = 0;
    try (OutputStream in = child.getOutputStream()) {
      byte[] plain = "2026-11-24T10:15:02Z INFO order=88231 status=shipped total=49.90 EUR, nothing personal\n"
          .getBytes(StandardCharsets.UTF_8);
      long written = 0;
      while (written < bytes) {
        byte[] line = inLines % 10 == 0
            ? ("ticket " + inLines + " from user" + inLines + "@example.com about order " + inLines + "\n")
                .getBytes(StandardCharsets.UTF_8)
            : plain;
        in.write(line);
        written += line.length;
        withEmail += inLines % 10 == 0 ? 1 : 0;
        inLines++;
      }
    }
    boolean exited = child.waitFor(5, TimeUnit.MINUTES);
    reader.join(TimeUnit.MINUTES.toMillis(1));

    assertThat(exited).isTrue();
    assertThat(child.exitValue()).isZero();
    assertThat(outLines.get()).isEqualTo(inLines);
    assertThat(masked.get()).isEqualTo(withEmail);
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The reference: each line (with its newline) masked alone; over-long lines cut as MaskCommand documents. */
  private static String oneLineAtATime(String text) {
    StringBuilder out = new StringBuilder();
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl + 1;
      String line = text.substring(start, end);
      while (line.length() > MaskCommand.MAX_LINE) {
        int cut = MaskCommand.MAX_LINE;
        while (cut > MaskCommand.MAX_LINE / 2 && !Character.isWhitespace(line.charAt(cut - 1))) {
          cut--;
        }
        if (cut == MaskCommand.MAX_LINE / 2) {
          cut = MaskCommand.MAX_LINE;
        }
        out.append(PIPELINE.mask(line.substring(0, cut), "redact").text());
        line = line.substring(cut);
      }
      out.append(PIPELINE.mask(line, "redact").text());
      start = end;
    }
    return out.toString();
  }

  private static String mixedText(Random r, int chars) {
    String[] pieces = {
      "Ticket %d: Anna Schmidt (anna.schmidt%d@example.de, +49 30 901820) asks about IBAN DE89370400440532013000.",
      "2026-11-24T10:15:02Z INFO order=%d status=shipped tracking=1Z999AA10123456784 total=49.90 EUR %d",
      "Card 4111 1111 1111 1111 declined for luc%d.martin@example.fr on attempt %d \uD83D\uDE0A",
      "{\"user\":\"giulia%d@example.it\",\"ip\":\"203.0.113.%d\",\"version\":\"1.4.2.10\"}",
      "Plain prose line %d without anything personal, just words and numbers like %d.",
      "Crème brûlée für Zoë – Straße %d, no data here %d\r",
    };
    StringBuilder sb = new StringBuilder(chars + 200);
    int i = 0;
    while (sb.length() < chars) {
      sb.append(String.format(pieces[r.nextInt(pieces.length)], i, i % 250)).append('\n');
      i++;
    }
    sb.append("no final newline carol@example.com");
    return sb.toString();
  }
}
