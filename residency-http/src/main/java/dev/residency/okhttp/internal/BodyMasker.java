package dev.residency.okhttp.internal;

import dev.residency.Decision;
import dev.residency.Mode;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditEvent;
import dev.residency.http.internal.ResidencyIOException;
import dev.residency.mask.MaskResult;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;

/**
 * Internal, may change without notice. Masks a JSON (or, when masking is required, plain-text)
 * request body with the guard's masking pipeline and reports the counts as one audit event.
 */
final class BodyMasker {
  static final String AUDIT_CONTEXT = "http.body";

  private final ResidencyGuard guard;
  private final String strategy;

  BodyMasker(ResidencyGuard guard, String strategy) {
    this.guard = guard;
    this.strategy = strategy;
  }

  /**
   * Returns the request with a masked body. When {@code required} (an ALLOW_MASKED decision), a
   * body that cannot be masked fails the call; otherwise only JSON bodies are touched.
   */
  Request mask(Request request, Decision decision, boolean required) throws IOException {
    // Report-only never blocks: a body that cannot be masked then goes as it is (the decision is audited).
    boolean mayFail = decision.mode() == Mode.ENFORCE;
    RequestBody body = request.body();
    if (body == null) {
      return request;
    }
    MediaType type = body.contentType();
    boolean json = isJson(type);
    boolean text = type != null && type.type().equalsIgnoreCase("text");
    if (!json && !(required && text)) {
      if (required && mayFail) {
        throw cannotMask("a request body of type " + (type == null ? "(none)" : type.type() + "/" + type.subtype())
            + " cannot be masked", decision);
      }
      return request;
    }
    if (body.isDuplex()) {
      if (required && mayFail) {
        throw cannotMask("a duplex request body cannot be masked", decision);
      }
      return request;
    }
    Charset charset = type.charset(StandardCharsets.UTF_8);
    Buffer buffer = new Buffer();
    body.writeTo(buffer);
    String original = buffer.readString(charset);
    if (original.isBlank()) {
      // No value, so nothing to hide: maskJson refuses blank input as not JSON, but refusing an
      // empty body would not protect anything.
      return body.isOneShot() ? request.newBuilder().method(request.method(),
          RequestBody.create(original.getBytes(charset), type)).build() : request;
    }
    String strategyName = strategy != null ? strategy : guard.masking().settings().defaultStrategy();
    MaskResult result;
    try {
      result = json ? guard.masking().maskJson(original, strategyName) : guard.masking().mask(original, strategyName);
    } catch (IllegalArgumentException e) {
      if (!mayFail) {
        return body.isOneShot() ? request.newBuilder().method(request.method(),
            RequestBody.create(original.getBytes(charset), type)).build() : request;
      }
      // Never send what we could not mask; the message says why, never what.
      throw cannotMask("the request body is declared as JSON but is not valid JSON, so it cannot be masked", decision);
    }
    if (result.changed()) {
      guard.audit(AuditEvent.masking(Instant.now(), AUDIT_CONTEXT, result.counts()));
    } else if (!body.isOneShot()) {
      return request;
    }
    // A byte-array body reports its exact length, so OkHttp writes the right Content-Length.
    RequestBody masked = RequestBody.create(result.text().getBytes(charset), type);
    return request.newBuilder().method(request.method(), masked).build();
  }

  static boolean isJson(MediaType type) {
    if (type == null) {
      return false;
    }
    String sub = type.subtype().toLowerCase(Locale.ROOT);
    return sub.equals("json") || sub.endsWith("+json");
  }

  private static ResidencyIOException cannotMask(String why, Decision decision) {
    return new ResidencyIOException(why + " (" + decision.outcome() + " " + decision.reasonCode() + ")",
        new ResidencyViolationException(decision));
  }
}
