package dev.residency.mask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.mask.internal.Tokens;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingUnmaskerTest {
  private final MaskingPipeline pipeline = MaskingPipeline.create(TestKeys.withK2().build());
  private final String token = pipeline.maskValue("alice@example.com", "EMAIL", "token");
  private final String masked = "Hi [" + token + "], re: " + token + ".";
  private final String expected = "Hi [alice@example.com], re: alice@example.com.";

  @Test
  void restoresATokenSplitAtEveryPositionAcrossTwoChunks() {
    for (int i = 0; i <= masked.length(); i++) {
      StreamingUnmasker u = pipeline.unmasker().streaming();

      String out = u.push(masked.substring(0, i)) + u.push(masked.substring(i)) + u.finish();

      assertThat(out).as("split at %d", i).isEqualTo(expected);
    }
  }

  @Test
  void restoresATokenSplitAtEveryPairOfPositionsAcrossThreeChunks() {
    for (int i = 0; i <= masked.length(); i++) {
      for (int j = i; j <= masked.length(); j++) {
        StreamingUnmasker u = pipeline.unmasker().streaming();

        String out = u.push(masked.substring(0, i)) + u.push(masked.substring(i, j)) + u.push(masked.substring(j))
            + u.finish();

        assertThat(out).as("split at %d, %d", i, j).isEqualTo(expected);
      }
    }
  }

  @Test
  void restoresATokenFedOneCharacterAtATime() {
    StreamingUnmasker u = pipeline.unmasker().streaming();
    StringBuilder out = new StringBuilder();

    for (char c : masked.toCharArray()) {
      out.append(u.push(String.valueOf(c)));
    }
    out.append(u.finish());

    assertThat(out.toString()).isEqualTo(expected);
  }

  @Test
  void passesPlainTextWithBracketsThroughPromptly() {
    StreamingUnmasker u = pipeline.unmasker().streaming();

    List<String> outs = List.of(
        u.push("see [1] and a[i] "), u.push("[[not a token]] "), u.push("[x]"), u.push("[[EMAIL:k2: nope"), u.push("!"));

    assertThat(outs).containsExactly("see [1] and a[i] ", "[[not a token]] ", "[x]", "[[EMAIL:k2: nope", "!");
    assertThat(u.finish()).isEmpty();
  }

  @Test
  void holdsBackOnlyAPossibleTokenPrefix() {
    StreamingUnmasker u = pipeline.unmasker().streaming();

    String first = u.push("total: 3 [");
    String second = u.push("[EMAIL:k");
    String third = u.push("2:abc] done");

    assertThat(first).isEqualTo("total: 3 ");
    assertThat(second).isEmpty();
    assertThat(third).isEqualTo("[[EMAIL:k2:abc] done");
  }

  @Test
  void flushesAnUnfinishedPrefixAtTheEnd() {
    StreamingUnmasker u = pipeline.unmasker().streaming();
    String half = token.substring(0, 20);

    String pushed = u.push("end " + half);
    String rest = u.finish();

    assertThat(pushed).isEqualTo("end ");
    assertThat(rest).isEqualTo(half);
  }

  @Test
  void keepsBufferingBoundedForEndlessTokenLikeText() {
    StreamingUnmasker u = pipeline.unmasker().streaming();
    StringBuilder out = new StringBuilder(u.push("[[EMAIL:k2:"));
    String run = "a".repeat(1000);

    for (int i = 0; i < 20; i++) {
      out.append(u.push(run));
    }
    out.append(u.finish());

    assertThat(out.length()).isEqualTo("[[EMAIL:k2:".length() + 20_000);
    assertThat(Tokens.MAX_STREAM_TOKEN).isLessThan(20_000);
  }

  @Test
  void leavesTamperedTokensInTheStreamAsTheyAre() {
    String tampered = token.replace("[[EMAIL:", "[[PHONE:");
    StreamingUnmasker u = pipeline.unmasker().streaming();

    String out = u.push(tampered.substring(0, 30)) + u.push(tampered.substring(30)) + u.finish();

    assertThat(out).isEqualTo(tampered);
  }
}
