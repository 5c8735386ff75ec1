package dev.residency.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditSink;
import dev.residency.langchain4j.ResidencyLangChain4jTest.FakeToolCallingModel;
import dev.residency.langchain4j.ResidencyLangChain4jTest.Piece;
import dev.residency.langchain4j.ResidencyLangChain4jTest.ToolCallRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** However a model cuts its tool-call arguments, the caller assembles exactly the restored arguments. */
class PartialToolCallPropertiesTest {
  static final ResidencyGuard GUARD = ResidencyGuard.builder(
      ResidencyPolicy.builder().allowJurisdictions("EEA").allowCountries("CH").build()).setAuditSink(AuditSink.NOOP).build();
  static final Endpoint EU_OPENAI = Endpoint.parse(EndpointKind.LLM, "https://eu.api.openai.com/v1");
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String NOTE = "say \"hi\" \\ C:\\x\n\t€ [[not a token]]";

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(1, 10_000).list().ofMaxSize(15);
  }

  @Property(tries = 200)
  void assembledPartialArgumentsEqualTheCompleteOnesAndParse(@ForAll("cuts") List<Integer> cuts) throws Exception {
    String args = "{\"to\": \"" + GUARD.masking().maskValue("alice@example.com", "EMAIL", "token") + "\", \"note\": \""
        + GUARD.masking().maskValue(NOTE, "FIELD", "token") + "\", \"tags\": [\"[x]\", 1]}";
    TreeSet<Integer> at = new TreeSet<>();
    for (int c : cuts) {
      at.add(1 + Math.floorMod(c, args.length() - 1));
    }
    List<Piece> pieces = new ArrayList<>();
    int from = 0;
    for (int cut : at) {
      pieces.add(new Piece(0, args.substring(from, cut)));
      from = cut;
    }
    pieces.add(new Piece(0, args.substring(from)));
    FakeToolCallingModel fake = new FakeToolCallingModel();
    fake.pieces = r -> pieces;
    ToolCallRecorder seen = new ToolCallRecorder(true);

    ResidencyLangChain4j.builder(GUARD).setEndpoint(EU_OPENAI).build().wrap(fake)
        .chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(), seen);

    String assembled = seen.assembled(0);
    assertThat(assembled).isEqualTo(seen.complete.get(0)).isEqualTo(seen.finalArguments(0));
    JsonNode parsed = MAPPER.readTree(assembled);
    assertThat(parsed.get("to").asText()).isEqualTo("alice@example.com");
    assertThat(parsed.get("note").asText()).isEqualTo(NOTE);
    assertThat(parsed.at("/tags/0").asText()).isEqualTo("[x]");
  }
}
