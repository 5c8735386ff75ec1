package dev.residency.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseUnmaskingTest {
  final ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU").build())
      .setAuditSink(AuditSink.NOOP).build();
  final ObjectMapper mapper = new ObjectMapper();

  List<String> chunks(String text, int size) throws Exception {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < text.length(); i += size) {
      out.add("{\"choices\":[{\"index\":0,\"delta\":{\"content\":"
          + mapper.writeValueAsString(text.substring(i, Math.min(text.length(), i + size))) + "}}]}");
    }
    return out;
  }

  String replay(List<String> events) throws Exception {
    SseUnmasking sse = new SseUnmasking(guard.masking().unmasker());
    StringBuilder out = new StringBuilder();
    for (String e : events) {
      out.append(mapper.readTree(sse.data(e)).at("/choices/0/delta/content").asText());
    }
    for (String e : sse.finish()) {
      out.append(mapper.readTree(e).at("/choices/0/delta/content").asText());
    }
    return out.toString();
  }

  @Test
  void restoresTokensCutAtEveryChunkSize() throws Exception {
    String text = "To " + guard.masking().mask("alice@example.com", "token").text() + " and "
        + guard.masking().mask("bob@example.org", "token").text() + " [1] see [[wiki]] end [";

    for (int size = 1; size <= 12; size++) {
      assertThat(replay(chunks(text, size))).as("chunk size %d", size)
          .isEqualTo("To alice@example.com and bob@example.org [1] see [[wiki]] end [");
    }
  }

  @Test
  void leavesEventsWithoutTokenCharactersUntouched() throws Exception {
    SseUnmasking sse = new SseUnmasking(guard.masking().unmasker());
    String event = chunks("plain text, nothing to restore", 100).get(0);

    assertThat(sse.data(event)).isSameAs(event);
    assertThat(sse.data("[DONE]")).isEqualTo("[DONE]");
  }

  @Test
  void mayHoldOnlyWhatCouldStillBecomeAToken() {
    assertThat(SseUnmasking.mayHold("see [[EMAIL:k2:abc", false)).isTrue();
    assertThat(SseUnmasking.mayHold("end [", false)).isTrue();
    assertThat(SseUnmasking.mayHold("[1] ok", false)).isFalse();
    assertThat(SseUnmasking.mayHold("def]] ok", true)).isFalse();
    assertThat(SseUnmasking.mayHold("def]", true)).isTrue();
    assertThat(SseUnmasking.mayHold("plain", false)).isFalse();
  }

  @Test
  void finishesOneIndexAndLeavesTheOthersHolding() throws Exception {
    SseUnmasking sse = new SseUnmasking(guard.masking().unmasker());
    sse.data("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a [\"}}");
    sse.data("{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"b [[EM\"}}");

    List<String> first = sse.finishIndex(0);

    assertThat(first).hasSize(1);
    assertThat(mapper.readTree(first.get(0)).at("/delta/text").asText()).isEqualTo("[");
    assertThat(mapper.readTree(first.get(0)).get("index").asInt()).isZero();
    assertThat(sse.holding()).isTrue();
    assertThat(sse.finishIndex(0)).isEmpty();
    assertThat(sse.finish()).singleElement().satisfies(e -> assertThat(mapper.readTree(e).at("/delta/text").asText()).isEqualTo("[[EM"));
    assertThat(sse.holding()).isFalse();
  }
}
