package dev.residency.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TtlCacheTest {
  private final AtomicLong now = new AtomicLong();

  @Test
  void returnsAValueUntilItExpires() {
    TtlCache<String, String> cache = new TtlCache<>(100, 10, now::get);
    cache.put("b", "eu-west-1");

    now.set(99);
    String fresh = cache.get("b");
    now.set(100);
    String expired = cache.get("b");

    assertThat(fresh).isEqualTo("eu-west-1");
    assertThat(expired).isNull();
  }

  @Test
  void staysWithinItsBound() {
    TtlCache<Integer, Integer> cache = new TtlCache<>(1_000, 3, now::get);

    for (int i = 0; i < 50; i++) {
      cache.put(i, i);
    }

    assertThat(cache.size()).isLessThanOrEqualTo(3);
    assertThat(cache.get(49)).isEqualTo(49);
  }

  @Test
  void dropsExpiredEntriesBeforeLiveOnesWhenFull() {
    TtlCache<String, String> cache = new TtlCache<>(100, 2, now::get);
    cache.put("old", "x");
    now.set(50);
    cache.put("live", "y");
    now.set(120);

    cache.put("new", "z");

    assertThat(cache.get("live")).isEqualTo("y");
    assertThat(cache.get("new")).isEqualTo("z");
  }

  @Test
  void rejectsNonPositiveSettings() {
    assertThatThrownBy(() -> new TtlCache<>(0, 1, now::get)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TtlCache<>(1, 0, now::get)).isInstanceOf(IllegalArgumentException.class);
  }
}
