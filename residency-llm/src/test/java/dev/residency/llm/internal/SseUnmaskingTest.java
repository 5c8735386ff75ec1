package dev.residency.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

  static final String AWKWARD = "He said \"hi\"\nC:\\temp\\x\t\u0001 [ok] €";

  String tokenArgs(String value) {
    return "{\"note\":\"" + guard.masking().maskValue(value, "FIELD", "token") + "\",\"n\":1}";
  }

  /** OpenAI tool-call deltas of two calls, cut into {@code size}-character pieces and interleaved. */
  List<String> toolCallEvents(String first, String second, int size) throws Exception {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.max(first.length(), second.length()); i += size) {
      int call = 0;
      for (String args : List.of(first, second)) {
        if (i < args.length()) {
          out.add("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":" + call
              + ",\"function\":{\"arguments\":" + mapper.writeValueAsString(args.substring(i, Math.min(args.length(), i + size)))
              + "}}]}}]}");
        }
        call++;
      }
    }
    return out;
  }

  @Test
  void escapesValuesRestoredInInterleavedToolCallArgumentsAtEveryChunkSize() throws Exception {
    String first = tokenArgs(AWKWARD);
    String second = tokenArgs("C:\\\"quoted\"\\");

    for (int size = 1; size <= 20; size++) {
      SseUnmasking sse = new SseUnmasking(guard.masking().unmasker());
      Map<Integer, StringBuilder> args = new TreeMap<>();
      List<String> events = new ArrayList<>();
      for (String e : toolCallEvents(first, second, size)) {
        events.add(sse.data(e));
      }
      events.addAll(sse.finish());
      for (String e : events) {
        JsonNode call = mapper.readTree(e).at("/choices/0/delta/tool_calls/0");
        args.computeIfAbsent(call.get("index").asInt(), i -> new StringBuilder()).append(call.at("/function/arguments").asText());
      }

      assertThat(mapper.readTree(args.get(0).toString()).get("note").asText()).as("chunk size %d", size).isEqualTo(AWKWARD);
      assertThat(mapper.readTree(args.get(1).toString()).get("note").asText()).as("chunk size %d", size)
          .isEqualTo("C:\\\"quoted\"\\");
    }
  }

  @Test
  void escapesValuesRestoredInAnthropicPartialJson() throws Exception {
    String args = tokenArgs(AWKWARD);
    SseUnmasking sse = new SseUnmasking(guard.masking().unmasker());
    StringBuilder json = new StringBuilder();

    for (int i = 0; i < args.length(); i += 9) {
      String event = "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":"
          + mapper.writeValueAsString(args.substring(i, Math.min(args.length(), i + 9))) + "}}";
      json.append(mapper.readTree(sse.data(event)).at("/delta/partial_json").asText());
    }

    assertThat(sse.finish()).isEmpty();
    assertThat(mapper.readTree(json.toString()).get("note").asText()).isEqualTo(AWKWARD);
  }

  @Test
  void returnsAnEventWhoseStringsComeBackUnchangedAsItCame() {
    SseUnmasking sse = new SseUnmasking(guard.masking().unmasker());
    // "[\"" sends it down the slow path; nothing in it is (or may become) a token.
    String event = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"see [1]\"}}],\"tags\":[\"a\"]}";

    assertThat(sse.data(event)).isSameAs(event);
  }
}
