package dev.residency.bedrock.internal;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.InvalidEndpointException;
import dev.residency.ResidencyGuard;
import dev.residency.http.internal.HttpHops;
import dev.residency.internal.ProviderPaths;
import dev.residency.llm.internal.JsonUnmasking;
import dev.residency.mask.MaskResult;
import dev.residency.mask.Unmasker;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningTextBlock;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * Internal, may change without notice. The Bedrock Runtime {@link ExecutionInterceptor}.
 *
 * <ul>
 *   <li>{@code beforeExecution} (caller's thread, once per call): decides the <em>logical</em>
 *       endpoint, {@code bedrock-runtime.<client region>.amazonaws.com/model/<model id>/<operation>},
 *       from {@code AWS_REGION} and the request's model id, so an {@code endpointOverride} or a VPC
 *       endpoint cannot hide where inference runs. A denial throws before anything is marshalled.
 *   <li>{@code modifyRequest}: masks Converse/ConverseStream text (messages, system prompt, tool
 *       results, reasoning of earlier turns), the strings inside tool-use input and JSON
 *       tool-result documents, and the InvokeModel JSON body.
 *   <li>{@code modifyHttpRequest} (once per call; before signing and retries): decides the
 *       <em>physical</em> host too when it differs from the logical one (an endpoint override, a VPC
 *       endpoint name), so that both must be allowed.
 *   <li>{@code modifyResponse}: restores tokens in Converse text, reasoning text, tool-use input
 *       documents and the InvokeModel JSON body.
 *   <li>{@code modifyAsyncHttpResponseContent} (async client, once per response): wraps a
 *       successful ConverseStream or InvokeModelWithResponseStream event stream so that tokens are
 *       restored frame by frame before the SDK decodes it ({@link ConverseStreamUnmasking}, {@link
 *       InvokeStreamUnmasking}).
 * </ul>
 *
 * <p>Answers are unmasked whatever the decision: a token in an answer can only come from a masked
 * prompt, and a stream without one passes through byte for byte.
 */
public final class BedrockInterceptor implements ExecutionInterceptor {
  private static final ExecutionAttribute<Endpoint> LOGICAL = new ExecutionAttribute<>("residency.bedrock.logical");
  private static final ExecutionAttribute<Boolean> MASK_REQUIRED = new ExecutionAttribute<>("residency.bedrock.maskRequired");

  private final ResidencyGuard guard;
  private final String strategy;
  private final boolean mask;

  /** Creates the interceptor; {@code strategy} null means the policy's {@code masking.llm}. */
  public BedrockInterceptor(ResidencyGuard guard, String strategy, boolean mask) {
    this.guard = guard;
    this.strategy = strategy;
    this.mask = mask;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    String model = modelId(request);
    if (model == null) {
      return;
    }
    Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
    Endpoint.Builder b = Endpoint.builder(EndpointKind.LLM).path("/model/" + encode(model) + "/" + operation(request))
        .attribute(ProviderPaths.METHOD, "POST");
    if (region != null) {
      b.host("bedrock-runtime." + region.id() + ".amazonaws.com").port(443);
    } else {
      b.resource(model);
    }
    Endpoint logical;
    Decision d;
    try {
      logical = b.build();
      d = guard.evaluate(logical);
    } catch (InvalidEndpointException e) {
      logical = null;
      d = HttpHops.decideInvalid(guard, "bedrock-runtime." + region + ".amazonaws.com");
    }
    if (d.isBlocking()) {
      throw ResidencyBedrockException.of(d);
    }
    if (logical != null) {
      attributes.putAttribute(LOGICAL, logical);
    }
    if (d.requiresMasking()) {
      attributes.putAttribute(MASK_REQUIRED, Boolean.TRUE);
    }
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    if (!mask && attributes.getAttribute(MASK_REQUIRED) == null) {
      return request;
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    SdkRequest out = request;
    if (request instanceof ConverseRequest) {
      ConverseRequest r = (ConverseRequest) request;
      out = r.toBuilder().messages(maskMessages(r.messages(), counts)).system(maskSystem(r.system(), counts)).build();
    } else if (request instanceof ConverseStreamRequest) {
      ConverseStreamRequest r = (ConverseStreamRequest) request;
      out = r.toBuilder().messages(maskMessages(r.messages(), counts)).system(maskSystem(r.system(), counts)).build();
    } else if (request instanceof InvokeModelRequest) {
      InvokeModelRequest r = (InvokeModelRequest) request;
      if (r.body() != null && !r.body().asUtf8String().isBlank()) { // blank: nothing to mask, and not JSON
        MaskResult m = guard.masking().maskJson(r.body().asUtf8String(), strategy());
        add(counts, m);
        out = r.toBuilder().body(SdkBytes.fromUtf8String(m.text())).build();
      }
    } else if (request instanceof InvokeModelWithResponseStreamRequest) {
      InvokeModelWithResponseStreamRequest r = (InvokeModelWithResponseStreamRequest) request;
      if (r.body() != null && !r.body().asUtf8String().isBlank()) { // blank: nothing to mask, and not JSON
        MaskResult m = guard.masking().maskJson(r.body().asUtf8String(), strategy());
        add(counts, m);
        out = r.toBuilder().body(SdkBytes.fromUtf8String(m.text())).build();
      }
    }
    if (!counts.isEmpty()) {
      guard.audit(MaskResult.of("", counts).toAuditEvent(Instant.now(), "llm.prompt"));
    }
    return out;
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    SdkHttpRequest http = context.httpRequest();
    Endpoint logical = attributes.getAttribute(LOGICAL);
    if (logical == null) {
      return http;
    }
    if (!http.host().equals(logical.host()) || http.port() != 443) {
      Endpoint physical = HttpHops.endpoint(http.host(), http.port(), http.encodedPath(), http.method().name(), List.of());
      Decision d = physical == null ? HttpHops.decideInvalid(guard, http.host()) : guard.evaluate(physical);
      if (d.isBlocking()) {
        throw ResidencyBedrockException.of(d);
      }
    }
    return http;
  }

  @Override
  public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
    SdkResponse response = context.response();
    Unmasker unmasker = guard.masking().unmasker();
    if (response instanceof ConverseResponse) {
      ConverseResponse r = (ConverseResponse) response;
      if (r.output() == null || r.output().message() == null) {
        return r;
      }
      List<ContentBlock> blocks = new ArrayList<>();
      for (ContentBlock c : r.output().message().content()) {
        if (c.text() != null) {
          blocks.add(ContentBlock.fromText(unmasker.unmask(c.text())));
        } else if (c.toolUse() != null && c.toolUse().input() != null) {
          ToolUseBlock t = c.toolUse();
          blocks.add(ContentBlock.fromToolUse(t.toBuilder().input(DocumentStrings.map(t.input(), unmasker::unmask)).build()));
        } else if (reasoningText(c) != null) {
          blocks.add(withReasoningText(c, unmasker.unmask(reasoningText(c))));
        } else {
          blocks.add(c);
        }
      }
      Message m = r.output().message().toBuilder().content(blocks).build();
      return r.toBuilder().output(o -> o.message(m)).build();
    }
    if (response instanceof InvokeModelResponse) {
      InvokeModelResponse r = (InvokeModelResponse) response;
      if (r.body() != null) {
        return r.toBuilder().body(SdkBytes.fromUtf8String(JsonUnmasking.unmask(unmasker, r.body().asUtf8String()))).build();
      }
    }
    return response;
  }

  @Override
  public Optional<Publisher<ByteBuffer>> modifyAsyncHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    Optional<Publisher<ByteBuffer>> body = context.responsePublisher();
    // Error responses are JSON documents, not event streams; the SDK raises them as exceptions.
    if (body.isEmpty() || !context.httpResponse().isSuccessful()) {
      return body;
    }
    Unmasker unmasker = guard.masking().unmasker();
    if (context.request() instanceof ConverseStreamRequest) {
      return Optional.of(new EventStreamUnmaskingPublisher(body.get(), () -> new ConverseStreamUnmasking(unmasker)));
    }
    if (context.request() instanceof InvokeModelWithResponseStreamRequest) {
      return Optional.of(new EventStreamUnmaskingPublisher(body.get(), () -> new InvokeStreamUnmasking(unmasker)));
    }
    return body;
  }

  private String strategy() {
    return strategy != null ? strategy : guard.masking().settings().llmStrategy();
  }

  private List<Message> maskMessages(List<Message> messages, Map<String, Integer> counts) {
    List<Message> out = new ArrayList<>(messages.size());
    for (Message m : messages) {
      List<ContentBlock> blocks = new ArrayList<>(m.content().size());
      for (ContentBlock c : m.content()) {
        if (c.text() != null) {
          blocks.add(ContentBlock.fromText(maskText(c.text(), counts)));
        } else if (c.toolUse() != null && c.toolUse().input() != null) {
          // Earlier assistant turns: the arguments a tool was called with.
          ToolUseBlock t = c.toolUse();
          blocks.add(ContentBlock.fromToolUse(t.toBuilder().input(DocumentStrings.map(t.input(), v -> maskText(v, counts))).build()));
        } else if (reasoningText(c) != null) {
          // Reasoning of earlier turns was unmasked for the caller; masking it again gives back the
          // same deterministic tokens, so the text matches the signature the model made for it.
          blocks.add(withReasoningText(c, maskText(reasoningText(c), counts)));
        } else if (c.toolResult() != null) {
          ToolResultBlock t = c.toolResult();
          List<ToolResultContentBlock> parts = new ArrayList<>();
          for (ToolResultContentBlock p : t.content()) {
            if (p.text() != null) {
              parts.add(ToolResultContentBlock.fromText(maskText(p.text(), counts)));
            } else if (p.json() != null) {
              parts.add(ToolResultContentBlock.fromJson(DocumentStrings.map(p.json(), v -> maskText(v, counts))));
            } else {
              parts.add(p);
            }
          }
          blocks.add(ContentBlock.fromToolResult(t.toBuilder().content(parts).build()));
        } else {
          blocks.add(c);
        }
      }
      out.add(m.toBuilder().content(blocks).build());
    }
    return out;
  }

  private static String reasoningText(ContentBlock c) {
    ReasoningContentBlock r = c.reasoningContent();
    return r == null || r.reasoningText() == null ? null : r.reasoningText().text();
  }

  private static ContentBlock withReasoningText(ContentBlock c, String text) {
    ReasoningTextBlock t = c.reasoningContent().reasoningText();
    return text.equals(t.text()) ? c : ContentBlock.fromReasoningContent(
        ReasoningContentBlock.fromReasoningText(t.toBuilder().text(text).build()));
  }

  private List<SystemContentBlock> maskSystem(List<SystemContentBlock> system, Map<String, Integer> counts) {
    List<SystemContentBlock> out = new ArrayList<>(system.size());
    for (SystemContentBlock s : system) {
      out.add(s.text() != null ? SystemContentBlock.fromText(maskText(s.text(), counts)) : s);
    }
    return out;
  }

  private String maskText(String text, Map<String, Integer> counts) {
    MaskResult m = guard.masking().mask(text, strategy());
    add(counts, m);
    return m.text();
  }

  private static void add(Map<String, Integer> counts, MaskResult m) {
    m.counts().forEach((k, v) -> counts.merge(k, v, Integer::sum));
  }

  private static String modelId(SdkRequest r) {
    if (r instanceof ConverseRequest) {
      return ((ConverseRequest) r).modelId();
    }
    if (r instanceof ConverseStreamRequest) {
      return ((ConverseStreamRequest) r).modelId();
    }
    if (r instanceof InvokeModelRequest) {
      return ((InvokeModelRequest) r).modelId();
    }
    if (r instanceof InvokeModelWithResponseStreamRequest) {
      return ((InvokeModelWithResponseStreamRequest) r).modelId();
    }
    return null;
  }

  private static String operation(SdkRequest r) {
    if (r instanceof ConverseRequest) {
      return "converse";
    }
    if (r instanceof ConverseStreamRequest) {
      return "converse-stream";
    }
    if (r instanceof InvokeModelRequest) {
      return "invoke";
    }
    return "invoke-with-response-stream";
  }

  private static String encode(String model) {
    return URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
