package dev.residency.mask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.mask.internal.DetectionEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Guards against super-linear behaviour: 1 MB of one pathological pattern must finish well
 * under the (generous) bound. Not a benchmark.
 */
class DetectionEngineLinearityTest {
  private static final DetectionEngine ENGINE = DetectionEngine.create(MaskingSettings.defaults());

  @ParameterizedTest(name = "1 MB of \"{0}\"")
  @ValueSource(strings = {"7", "@", " ", "a@", "@a.", "1 ", "1-", "1.", "+1 ", "+49 30 1234567 ", "(0", "::",
      "1:", "a:", "eyJ", "eyJhbGciOiJIUzI1NiJ9.", "api_key=", "\"token\": \"", "AKIA", "DE89", "4111 ", "0 ",
      "1.1.1.1.", "x", "é", "😊", "\u00A0", "1\t111222333\n", "x\t111 222 333\t415 555 2671\n",
      // one long line of values that need a label (minified JSON, rows flattened or in a box table)
      "{\"nhs\":\"6687141619\",\"order\":\"508985992\"},", "id;bsn ¶ 12;111222333 ¶ ", "│ 1 │ 6687141619 ",
      "nhs,x\n6687141619,6687141619\n",
      // secrets' names as table fields (each row a key/value pair, each line a header), fixed-width rows
      "| Password | Xk9#mP2qL! |\n", "api_token,client_secret\n", "api_token,x\n\n", "6687141619  x\n",
      "NHS  X\n6687141619  x\n", "1 131196197 218-492-5491 2079671394 "})
  void megabyteOfOnePatternIsLinear(String unit) {
    StringBuilder b = new StringBuilder(1 << 20);
    while (b.length() < (1 << 20)) {
      b.append(unit);
    }
    String text = b.toString();

    // CPU time of this thread: the machines running the build are shared, wall time is noisy
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long t0 = mx.getCurrentThreadCpuTime();
    ENGINE.detect(text);
    Duration took = Duration.ofNanos(mx.getCurrentThreadCpuTime() - t0);
    System.out.printf("%-24s %6d ms%n", unit.replace("\n", "\\n"), took.toMillis());

    assertThat(took).isLessThan(Duration.ofSeconds(2));
  }
}
