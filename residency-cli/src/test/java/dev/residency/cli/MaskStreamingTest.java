package dev.residency.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.residency.mask.MaskingPipeline;
import dev.residency.mask.MaskingSettings;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
      String masked = mask(text, workers);

      assertThat(masked).as("%d workers", workers).isEqualTo(oneLineAtATime(text));
      assertThat(masked).contains("[EMAIL]", "[IBAN]", "[PHONE]", "[CREDIT_CARD]");
    }
  }

  @Test
  void aLineLongerThanTheLimitIsCutAtWhitespaceAsBefore() throws Exception {
    String unit = "word alice@example.com ";
    String longLine = unit.repeat(MaskCommand.MAX_LINE * 2 / unit.length() + 3);
    String text = "first bob@example.org\n" + longLine + "\nlast +49 30 901820\n" + longLine;

    for (int workers : new int[] {1, 3}) {
      assertThat(mask(text, workers)).as("%d workers", workers).isEqualTo(oneLineAtATime(text));
    }
  }

  @Test
  void aLongLineWithoutWhitespaceIsCutBetweenCharactersNeverInsideOne() throws Exception {
    // 2-, 3- and 4-byte characters and no whitespace: the cut falls back to MAX_LINE bytes and
    // must back off to the start of a character. The padding puts byte MAX_LINE on the second
    // byte of an 'é', and every piece has emails to mask, so a split character would be decoded
    // and written back as U+FFFD.
    String unit = "\u00e9\u20ac\uD83D\uDE0A,bob@example.org,";
    int unitBytes = unit.getBytes(StandardCharsets.UTF_8).length;
    String pad = "x".repeat(Math.floorMod(MaskCommand.MAX_LINE % unitBytes - 1, unitBytes));
    String longLine = pad + unit.repeat(MaskCommand.MAX_LINE * 3 / unitBytes);
    assertThat(longLine.getBytes(StandardCharsets.UTF_8)[MaskCommand.MAX_LINE] & 0xC0).isEqualTo(0x80);
    String text = "mail bob@example.org\n" + longLine + "\n" + longLine;

    for (int workers : new int[] {1, 3}) {
      String masked = mask(text, workers);

      assertThat(masked).as("%d workers", workers).isEqualTo(oneLineAtATime(text)).doesNotContain("\uFFFD");
    }
  }

  @Test
  void bytesThatAreNotUtf8AreKeptAsTheyCameOnLinesWithNothingMasked() throws Exception {
    byte[] broken = {'o', 'k', ' ', (byte) 0xFF, (byte) 0xC3, ' ', 'x', '\n'};
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.write(broken);
    in.write("mail alice@example.com\n".getBytes(StandardCharsets.UTF_8));
    in.write(broken);

    for (int workers : new int[] {1, 2}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MaskCommand.mask(PIPELINE, "redact", new ByteArrayInputStream(in.toByteArray()), out, workers);

      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      expected.write(broken);
      expected.write("mail [EMAIL]\n".getBytes(StandardCharsets.UTF_8));
      expected.write(broken);
      assertThat(out.toByteArray()).as("%d workers", workers).isEqualTo(expected.toByteArray());
    }
  }

  @Test
  void aFailingBlockStopsTheRunWithItsOwnException() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> blocks = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      blocks.add("block " + i + "\n");
    }

    Throwable thrown = catchThrowable(() -> {
      try (OrderedBlocks ordered = new OrderedBlocks(4, b -> {
        String block = new String(b, StandardCharsets.UTF_8);
        if (block.startsWith("block 17")) {
          throw new IllegalStateException("boom in 17");
        }
        return block.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
      }, out)) {
        for (String b : blocks) {
          ordered.submit(b.getBytes(StandardCharsets.UTF_8));
        }
      }
    });

    assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("boom in 17");
    // everything before the failing block was written, in order, and nothing after it
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("BLOCK 0\nBLOCK 1\n").doesNotContain("BLOCK 17").doesNotContain("BLOCK 18");
  }

  @Test
  void writesResultsInSubmissionOrderWhateverFinishesFirst() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
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
        ordered.submit((i + "\n").getBytes(StandardCharsets.UTF_8));
        expected.append(i).append('\n');
      }
    }

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
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

  private static String mask(String text, int workers) throws Exception {
    ByteArrayOutputStream masked = new ByteArrayOutputStream();
    // a reader that hands out a few bytes at a time, so lines and characters straddle reads
    InputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
      private final Random sizes = new Random(workers);

      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1 + sizes.nextInt(70_000)));
      }
    };
    MaskCommand.mask(PIPELINE, "redact", in, masked, workers);
    return masked.toString(StandardCharsets.UTF_8);
  }

  /**
   * The reference: each line (with its newline) masked alone; a line over MAX_LINE bytes cut into
   * pieces at the last whitespace of the second half of MAX_LINE bytes, else at MAX_LINE bytes
   * backed off to a character boundary, as MaskCommand documents.
   */
  private static String oneLineAtATime(String text) {
    StringBuilder out = new StringBuilder();
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl + 1;
      String line = text.substring(start, end);
      while (line.getBytes(StandardCharsets.UTF_8).length > MaskCommand.MAX_LINE) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        int cut = MaskCommand.MAX_LINE;
        while (cut > MaskCommand.MAX_LINE / 2 && !Character.isWhitespace(bytes[cut - 1])) {
          cut--;
        }
        if (cut == MaskCommand.MAX_LINE / 2) {
          cut = MaskCommand.MAX_LINE;
          while ((bytes[cut] & 0xC0) == 0x80) {
            cut--;
          }
        }
        String piece = new String(bytes, 0, cut, StandardCharsets.UTF_8);
        out.append(PIPELINE.mask(piece, "redact").text());
        line = line.substring(piece.length());
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
