package dev.residency.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TokenPropertiesTest {
  private static final MaskingPipeline PIPELINE = MaskingPipeline.create(TestKeys.withK2().build());

  @Property(tries = 2000)
  void aTokenOpeningIsFoundWhereIndexOfFindsIt(
      @ForAll @StringLength(max = 12) @CharRange(from = 'Z', to = ']') String s, @ForAll @IntRange(max = 13) int from) {
    assertThat(dev.residency.mask.internal.Tokens.indexOfOpening(s, from)).isEqualTo(s.indexOf("[[", from));
  }

  @Property(tries = 300)
  void anyValueRoundTripsThroughATokenInAnyText(
      @ForAll @StringLength(min = 1, max = 200) String value,
      @ForAll @StringLength(max = 40) String before,
      @ForAll @StringLength(max = 40) String after) {
    String token = PIPELINE.maskValue(value, "COLUMN", "token");

    String restored = PIPELINE.unmasker().unmask(before + token + after);

    assertThat(restored).isEqualTo(before + value + after);
  }

  @Property(tries = 300)
  void streamingEqualsWholeTextUnmaskForAnyChunking(
      @ForAll @StringLength(max = 60) String prose,
      @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 400) Integer> cuts) {
    String t = PIPELINE.maskValue("bob@example.org", "EMAIL", "token");
    String text = prose + t + "[" + prose + "[[" + t + t + "]";
    List<Integer> sorted = new ArrayList<>();
    for (int c : cuts) {
      sorted.add(Math.min(c, text.length()));
    }
    sorted.sort(null);
    StreamingUnmasker u = PIPELINE.unmasker().streaming();
    StringBuilder out = new StringBuilder();
    int pos = 0;

    for (int c : sorted) {
      out.append(u.push(text.substring(pos, c)));
      pos = c;
    }
    out.append(u.push(text.substring(pos))).append(u.finish());

    assertThat(out.toString()).isEqualTo(PIPELINE.unmasker().unmask(text));
  }

  @Test
  void masksAndUnmasksConcurrentlyFromManyThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        int n = i;
        results.add(pool.submit(() -> {
          String text = "user" + n + "@example.com wrote to other" + n + "@example.org";
          for (int k = 0; k < 50; k++) {
            String masked = PIPELINE.mask(text, k % 2 == 0 ? "token" : "hash").text();
            if (k % 2 == 0 && !PIPELINE.unmasker().unmask(masked).equals(text)) {
              return false;
            }
          }
          return true;
        }));
      }

      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
