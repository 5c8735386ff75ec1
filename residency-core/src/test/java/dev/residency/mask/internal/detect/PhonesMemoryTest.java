package dev.residency.mask.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: the phone verdict cache stays within its limit over far more distinct candidates than it
 * holds (200,000 against a limit of 8,192), because it is cleared rather than grown.
 */
class PhonesMemoryTest {
  @Test
  void verdictCacheStaysWithinItsLimitOverManyDistinctNumbers() throws Exception {
    int limit = staticInt("CACHE_LIMIT");
    int max = 0;

    for (int i = 0; i < 200_000; i++) {
      Phones.validInternational("+49 30 " + (1_000_000 + i));
      if ((i & 255) == 0) {
        max = Math.max(max, cache().size());
      }
    }

    assertThat(max).isLessThanOrEqualTo(limit);
    assertThat(cache().size()).isLessThanOrEqualTo(limit);
  }

  private static Map<?, ?> cache() throws ReflectiveOperationException {
    Field f = Phones.class.getDeclaredField("CACHE");
    f.setAccessible(true);
    return (Map<?, ?>) f.get(null);
  }

  private static int staticInt(String name) throws ReflectiveOperationException {
    Field f = Phones.class.getDeclaredField(name);
    f.setAccessible(true);
    return f.getInt(null);
  }
}
