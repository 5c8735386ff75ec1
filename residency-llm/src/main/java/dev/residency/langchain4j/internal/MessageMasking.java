package dev.residency.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.residency.ResidencyGuard;
import dev.residency.llm.internal.JsonFragmentUnmasker;
import dev.residency.mask.MaskResult;
import dev.residency.mask.Unmasker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Internal, may change without notice. Masks the text of LangChain4j messages (system, user text
 * parts, assistant text and tool-call arguments, tool results) and unmasks answers. Images, audio
 * and other non-text content pass unchanged.
 */
final class MessageMasking {
  private final ResidencyGuard guard;
  private final String strategy;

  MessageMasking(ResidencyGuard guard, String strategy) {
    this.guard = guard;
    this.strategy = strategy;
  }

  /** The request with every message masked; one masking audit event when anything changed. */
  ChatRequest mask(ChatRequest request) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<ChatMessage> out = new ArrayList<>(request.messages().size());
    for (ChatMessage m : request.messages()) {
      out.add(mask(m, counts));
    }
    if (counts.isEmpty()) {
      return request;
    }
    guard.audit(MaskResult.of("", counts).toAuditEvent(Instant.now(), "llm.prompt"));
    return request.toBuilder().messages(out).build();
  }

  private ChatMessage mask(ChatMessage m, Map<String, Integer> counts) {
    if (m instanceof SystemMessage) {
      return SystemMessage.from(text(((SystemMessage) m).text(), counts));
    }
    if (m instanceof UserMessage) {
      UserMessage u = (UserMessage) m;
      return u.toBuilder().contents(contents(u.contents(), counts)).build();
    }
    if (m instanceof AiMessage) {
      AiMessage a = (AiMessage) m;
      AiMessage.Builder b = a.toBuilder();
      if (a.text() != null) {
        b.text(text(a.text(), counts));
      }
      // reasoning of earlier turns was unmasked for the caller; it must not go back in clear
      if (a.thinking() != null) {
        b.thinking(text(a.thinking(), counts));
      }
      if (a.hasToolExecutionRequests()) {
        List<ToolExecutionRequest> calls = new ArrayList<>();
        for (ToolExecutionRequest r : a.toolExecutionRequests()) {
          calls.add(r.arguments() == null ? r : r.toBuilder().arguments(json(r.arguments(), counts)).build());
        }
        b.toolExecutionRequests(calls);
      }
      return b.build();
    }
    if (m instanceof ToolExecutionResultMessage) {
      ToolExecutionResultMessage t = (ToolExecutionResultMessage) m;
      return t.toBuilder().contents(contents(t.contents(), counts)).build();
    }
    return m;
  }

  private List<Content> contents(List<Content> contents, Map<String, Integer> counts) {
    List<Content> out = new ArrayList<>(contents.size());
    for (Content c : contents) {
      out.add(c instanceof TextContent ? TextContent.from(text(((TextContent) c).text(), counts)) : c);
    }
    return out;
  }

  private String text(String text, Map<String, Integer> counts) {
    MaskResult r = guard.masking().mask(text, strategy());
    r.counts().forEach((k, v) -> counts.merge(k, v, Integer::sum));
    return r.text();
  }

  /** Tool-call arguments are JSON: masked as JSON so they stay valid; as text if they are not. */
  private String json(String arguments, Map<String, Integer> counts) {
    MaskResult r;
    try {
      r = guard.masking().maskJson(arguments, strategy());
    } catch (IllegalArgumentException notJson) {
      r = guard.masking().mask(arguments, strategy());
    }
    r.counts().forEach((k, v) -> counts.merge(k, v, Integer::sum));
    return r.text();
  }

  private String strategy() {
    return strategy != null ? strategy : guard.masking().settings().llmStrategy();
  }

  /** The response with tokens restored in the assistant's text and tool-call arguments. */
  ChatResponse unmask(ChatResponse response) {
    AiMessage a = response.aiMessage();
    if (a == null) {
      return response;
    }
    return response.toBuilder().aiMessage(unmask(a)).build();
  }

  AiMessage unmask(AiMessage a) {
    Unmasker u = guard.masking().unmasker();
    AiMessage.Builder b = a.toBuilder();
    if (a.text() != null) {
      b.text(u.unmask(a.text()));
    }
    if (a.thinking() != null) {
      b.thinking(u.unmask(a.thinking()));
    }
    if (a.hasToolExecutionRequests()) {
      List<ToolExecutionRequest> calls = new ArrayList<>();
      for (ToolExecutionRequest r : a.toolExecutionRequests()) {
        calls.add(unmask(r));
      }
      b.toolExecutionRequests(calls);
    }
    return b.build();
  }

  /**
   * Restores tokens in the arguments' text as it is, escaping a value restored inside a JSON
   * string. Not parsed and re-written: what a streaming caller assembles from the partial tool
   * calls ({@link JsonFragmentUnmasker} over the same text) must be equal to this.
   */
  ToolExecutionRequest unmask(ToolExecutionRequest r) {
    return r.arguments() == null
        ? r
        : r.toBuilder().arguments(JsonFragmentUnmasker.unmask(guard.masking().unmasker(), r.arguments())).build();
  }
}
