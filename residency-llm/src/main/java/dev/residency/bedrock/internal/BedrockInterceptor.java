package dev.residency.bedrock.internal;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.Endpoints;
import dev.residency.InvalidEndpointException;
import dev.residency.Outcome;
import dev.residency.ReasonCode;
import dev.residency.ResidencyGuard;
import dev.residency.audit.AuditEvent;
import dev.residency.http.internal.HttpHops;
import dev.residency.internal.ProviderPaths;
import dev.residency.llm.internal.JsonUnmasking;
import dev.residency.mask.MaskResult;
import dev.residency.mask.Unmasker;
import java.nio.ByteBuffer;
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
import software.amazon.awssdk.services.bedrockruntime.model.ApplyGuardrailRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ApplyGuardrailResponse;
import software.amazon.awssdk.services.bedrockruntime.model.AsyncInvokeOutputDataConfig;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensInput;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.GetAsyncInvokeRequest;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailOutputContent;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithBidirectionalStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ListAsyncInvokesRequest;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningTextBlock;
import software.amazon.awssdk.services.bedrockruntime.model.StartAsyncInvokeRequest;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Internal, may change without notice. The Bedrock Runtime {@link ExecutionInterceptor}. Every
 * request is decided before it leaves; what this class does not recognize is decided on its
 * marshalled path, which the core leaves unknown (denied by default), so nothing passes unchecked.
 *
 * <ul>
 *   <li>{@code beforeExecution} (caller's thread, once per call): decides the <em>logical</em>
 *       endpoint, {@code bedrock-runtime.<client region>.amazonaws.com:443} with the operation's
 *       canonical REST path and method, from {@code AWS_REGION} and the request's fields, so an
 *       {@code endpointOverride} or a VPC endpoint cannot hide where inference runs: {@code
 *       /model/<model id>/<op>} for Converse, ConverseStream, InvokeModel,
 *       InvokeModelWithResponseStream, CountTokens and InvokeModelWithBidirectionalStream; {@code
 *       POST /async-invoke} with the model id as the resource (StartAsyncInvoke); {@code GET
 *       /async-invoke[/<invocation ARN>]} (GetAsyncInvoke, ListAsyncInvokes); {@code POST
 *       /guardrail/<id>/version/<version>/apply} with the guardrail id as the resource
 *       (ApplyGuardrail). StartAsyncInvoke's S3 output location is decided too. A denial throws
 *       before anything is marshalled. InvokeModelWithBidirectionalStream is refused when prompts
 *       are to be masked: its content flows through an input publisher this interceptor never sees.
 *   <li>{@code modifyRequest}: masks Converse/ConverseStream text (messages, system prompt, tool
 *       results, reasoning of earlier turns), the strings inside tool-use input and JSON
 *       tool-result documents, the InvokeModel JSON body, CountTokens input (either form), the text
 *       blocks of ApplyGuardrail content and the strings of StartAsyncInvoke's model input.
 *   <li>{@code modifyHttpRequest} (once per call; before signing and retries): decides a request
 *       {@code beforeExecution} did not recognize on the logical host with its actual path and
 *       method, refusing it unmasked when prompts are to be masked (unless it is a read); then the
 *       <em>physical</em> host too when it differs from the logical one (an endpoint override, a
 *       VPC endpoint name), so that both must be allowed.
 *   <li>{@code modifyResponse}: restores tokens in Converse text, reasoning text, tool-use input
 *       documents, the InvokeModel JSON body and ApplyGuardrail output text.
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
  private static final ExecutionAttribute<Boolean> DECIDED = new ExecutionAttribute<>("residency.bedrock.decided");
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
    Call call = call(request);
    if (call == null) {
      // An operation added to the SDK since: modifyHttpRequest decides it on its marshalled path.
      return;
    }
    attributes.putAttribute(DECIDED, Boolean.TRUE);
    Decision d = decideLogical(attributes, call);
    boolean maskRequired = d.requiresMasking();
    if (request instanceof StartAsyncInvokeRequest) {
      maskRequired |= decideAsyncOutput((StartAsyncInvokeRequest) request).requiresMasking();
    }
    if (maskRequired) {
      attributes.putAttribute(MASK_REQUIRED, Boolean.TRUE);
    }
    if (request instanceof InvokeModelWithBidirectionalStreamRequest && (mask || maskRequired)) {
      refuseUnmaskable(attributes.getAttribute(LOGICAL), maskRequired,
          "InvokeModelWithBidirectionalStream sends its content through an input stream this interceptor cannot mask");
    }
  }

  /**
   * Decides the logical endpoint of a call, puts it in {@link #LOGICAL} when it could be built, and
   * throws when the decision blocks.
   */
  private Decision decideLogical(ExecutionAttributes attributes, Call call) {
    Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
    Endpoint logical;
    Decision d;
    try {
      Endpoint.Builder b = Endpoint.builder(EndpointKind.LLM).path(call.path).attribute(ProviderPaths.METHOD, call.method);
      if (region != null) {
        b.host(logicalHost(region)).port(443).resource(call.resource);
      } else {
        // No Region to build the host from: only the model (or declared resource) can place the call.
        b.resource(call.resource != null ? call.resource : call.model);
      }
      logical = b.build();
      if (logical.host() != null && logical.resource() != null) {
        // A resource the policy declares places a call on its own on any Bedrock host of its
        // partition; but guardrails and models are regional, so the content still reaches the
        // client Region's endpoint first. Both are decided (and audited once).
        d = guard.evaluateAll(List.of(Endpoint.builder(EndpointKind.LLM).host(logical.host()).port(443).build(), logical));
      } else {
        d = guard.evaluate(logical);
      }
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
    return d;
  }

  /**
   * StartAsyncInvoke writes the model's output to an S3 location of the caller's choice, so that
   * location is decided as well: a bucket the policy declares is placed, any other is unknown.
   */
  private Decision decideAsyncOutput(StartAsyncInvokeRequest r) {
    AsyncInvokeOutputDataConfig out = r.outputDataConfig();
    String uri = out == null || out.s3OutputDataConfig() == null ? null : out.s3OutputDataConfig().s3Uri();
    Decision d;
    if (uri == null) {
      // No S3 location (or an output type newer than this interceptor): nowhere that can be placed.
      d = Decision.builder(Outcome.DENY, ReasonCode.DENIED_INVALID_ENDPOINT)
          .ruleId("bedrock.asyncOutput")
          .mode(guard.mode())
          .policyVersion(guard.policyVersion())
          .explanation("DENIED_INVALID_ENDPOINT: StartAsyncInvoke names no S3 output location "
              + "(outputDataConfig.s3OutputDataConfig.s3Uri) that can be placed")
          .build();
      guard.audit(AuditEvent.decision(Instant.now(), d));
    } else {
      try {
        d = guard.evaluateAll(Endpoints.parseAll(EndpointKind.S3, uri));
      } catch (InvalidEndpointException e) {
        d = guard.evaluateTarget(EndpointKind.S3, uri).get(0); // the one audited DENY of an unparseable target
      }
    }
    if (d.isBlocking()) {
      throw ResidencyBedrockException.of("StartAsyncInvoke output location: " + d.explanation(), d);
    }
    return d;
  }

  /**
   * Records (and, in enforce mode, throws) a DENY for content that would leave unmasked although
   * it is to be masked: by the decision ({@code required}) or by the {@code setMaskPrompts} option.
   */
  private void refuseUnmaskable(Endpoint endpoint, boolean required, String why) {
    Decision d = Decision.builder(Outcome.DENY, ReasonCode.DENIED_LOCATION)
        .ruleId("bedrock.masking")
        .endpoint(endpoint)
        .mode(guard.mode())
        .policyVersion(guard.policyVersion())
        .explanation("DENIED_LOCATION: " + (endpoint == null ? "Bedrock Runtime" : endpoint) + ": "
            + (required ? "the location allows data only once masked" : "prompts are to be masked (setMaskPrompts)")
            + ", and " + why)
        .build();
    guard.audit(AuditEvent.decision(Instant.now(), d));
    if (d.isBlocking()) {
      throw ResidencyBedrockException.of(d);
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
      if (hasJson(r.body())) {
        out = r.toBuilder().body(maskJson(r.body(), counts)).build();
      }
    } else if (request instanceof InvokeModelWithResponseStreamRequest) {
      InvokeModelWithResponseStreamRequest r = (InvokeModelWithResponseStreamRequest) request;
      if (hasJson(r.body())) {
        out = r.toBuilder().body(maskJson(r.body(), counts)).build();
      }
    } else if (request instanceof CountTokensRequest) {
      out = maskCountTokens((CountTokensRequest) request, counts);
    } else if (request instanceof ApplyGuardrailRequest) {
      ApplyGuardrailRequest r = (ApplyGuardrailRequest) request;
      if (r.hasContent()) {
        out = r.toBuilder().content(maskGuardrailContent(r.content(), counts)).build();
      }
    } else if (request instanceof StartAsyncInvokeRequest) {
      StartAsyncInvokeRequest r = (StartAsyncInvokeRequest) request;
      if (r.modelInput() != null) {
        out = r.toBuilder().modelInput(DocumentStrings.map(r.modelInput(), v -> maskText(v, counts))).build();
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
    if (attributes.getAttribute(DECIDED) == null) {
      // Not recognized before marshalling: decide the path and method the SDK is about to send, on
      // the logical host, so that the core places a known operation and leaves any other unknown.
      attributes.putAttribute(DECIDED, Boolean.TRUE);
      String method = http.method().name();
      Decision d = decideLogical(attributes, new Call(method, http.encodedPath(), null, null));
      boolean read = method.equals("GET") || method.equals("HEAD");
      if (!read && (mask || d.requiresMasking())) {
        refuseUnmaskable(attributes.getAttribute(LOGICAL), d.requiresMasking(),
            "this interceptor cannot mask the content of a Bedrock Runtime operation it does not know");
      }
    }
    Endpoint logical = attributes.getAttribute(LOGICAL);
    if (logical == null || !http.host().equals(logical.host()) || http.port() != 443) {
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
    if (response instanceof ApplyGuardrailResponse) {
      // The guardrail's rewritten content (masked PII, blocked-input message) around our tokens.
      ApplyGuardrailResponse r = (ApplyGuardrailResponse) response;
      if (r.hasOutputs()) {
        List<GuardrailOutputContent> outputs = new ArrayList<>(r.outputs().size());
        for (GuardrailOutputContent o : r.outputs()) {
          outputs.add(o.text() == null ? o : o.toBuilder().text(unmasker.unmask(o.text())).build());
        }
        return r.toBuilder().outputs(outputs).build();
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

  private static boolean hasJson(SdkBytes body) {
    return body != null && !body.asUtf8String().isBlank(); // blank: nothing to mask, and not JSON
  }

  private SdkBytes maskJson(SdkBytes body, Map<String, Integer> counts) {
    MaskResult m = guard.masking().maskJson(body.asUtf8String(), strategy());
    add(counts, m);
    return SdkBytes.fromUtf8String(m.text());
  }

  /** CountTokens carries a Converse request or an InvokeModel body: each is masked as its operation's. */
  private CountTokensRequest maskCountTokens(CountTokensRequest r, Map<String, Integer> counts) {
    CountTokensInput input = r.input();
    if (input == null) {
      return r;
    }
    if (input.converse() != null) {
      ConverseTokensRequest c = input.converse();
      ConverseTokensRequest.Builder b = c.toBuilder();
      // Only lists the caller set: an empty list would be sent where the caller sent none.
      if (c.hasMessages()) {
        b.messages(maskMessages(c.messages(), counts));
      }
      if (c.hasSystem()) {
        b.system(maskSystem(c.system(), counts));
      }
      return r.toBuilder().input(CountTokensInput.fromConverse(b.build())).build();
    }
    InvokeModelTokensRequest i = input.invokeModel();
    if (i != null && hasJson(i.body())) {
      return r.toBuilder().input(CountTokensInput.fromInvokeModel(i.toBuilder().body(maskJson(i.body(), counts)).build())).build();
    }
    return r;
  }

  /** Text blocks are masked, their qualifiers (grounding source, query, guard content) kept. */
  private List<GuardrailContentBlock> maskGuardrailContent(List<GuardrailContentBlock> content, Map<String, Integer> counts) {
    List<GuardrailContentBlock> out = new ArrayList<>(content.size());
    for (GuardrailContentBlock c : content) {
      if (c.text() != null && c.text().text() != null) {
        out.add(GuardrailContentBlock.fromText(c.text().toBuilder().text(maskText(c.text().text(), counts)).build()));
      } else {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * The canonical REST request of an operation this interceptor knows, as the SDK marshals it;
   * {@code resource} is what the core places the call by besides the path, {@code model} the model
   * id that places it when the client has no Region.
   */
  private record Call(String method, String path, String resource, String model) {}

  /** The call's canonical request, or {@code null} for an operation this interceptor does not know. */
  private static Call call(SdkRequest r) {
    if (r instanceof ConverseRequest) {
      return model("converse", ((ConverseRequest) r).modelId());
    }
    if (r instanceof ConverseStreamRequest) {
      return model("converse-stream", ((ConverseStreamRequest) r).modelId());
    }
    if (r instanceof InvokeModelRequest) {
      return model("invoke", ((InvokeModelRequest) r).modelId());
    }
    if (r instanceof InvokeModelWithResponseStreamRequest) {
      return model("invoke-with-response-stream", ((InvokeModelWithResponseStreamRequest) r).modelId());
    }
    if (r instanceof CountTokensRequest) {
      return model("count-tokens", ((CountTokensRequest) r).modelId());
    }
    if (r instanceof InvokeModelWithBidirectionalStreamRequest) {
      return model("invoke-with-bidirectional-stream", ((InvokeModelWithBidirectionalStreamRequest) r).modelId());
    }
    if (r instanceof StartAsyncInvokeRequest) {
      // The model is in the body: the core reads it only as the endpoint's resource.
      String model = ((StartAsyncInvokeRequest) r).modelId();
      return new Call("POST", "/async-invoke", model, model);
    }
    if (r instanceof GetAsyncInvokeRequest) {
      return new Call("GET", "/async-invoke/" + encode(((GetAsyncInvokeRequest) r).invocationArn()), null, null);
    }
    if (r instanceof ListAsyncInvokesRequest) {
      return new Call("GET", "/async-invoke", null, null);
    }
    if (r instanceof ApplyGuardrailRequest) {
      // A guardrail is placed only by its declaration in the policy: its id is the resource.
      ApplyGuardrailRequest g = (ApplyGuardrailRequest) r;
      return new Call("POST", "/guardrail/" + encode(g.guardrailIdentifier()) + "/version/" + encode(g.guardrailVersion())
          + "/apply", g.guardrailIdentifier(), null);
    }
    return null;
  }

  private static Call model(String operation, String model) {
    return new Call("POST", "/model/" + encode(model) + "/" + operation, null, model);
  }

  private static String logicalHost(Region region) {
    return "bedrock-runtime." + region.id() + ".amazonaws.com";
  }

  /**
   * A path parameter as the SDK encodes it (RFC 3986, '/' included); a missing one leaves an empty
   * segment, which the core does not place.
   */
  private static String encode(String value) {
    return value == null ? "" : SdkHttpUtils.urlEncode(value);
  }
}
