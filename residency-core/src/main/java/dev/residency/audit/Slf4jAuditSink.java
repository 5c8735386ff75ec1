package dev.residency.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each event as one JSON object: denials at WARN, the rest at INFO, to logger {@code dev.residency.audit}. */
final class Slf4jAuditSink implements AuditSink {
  private static final Logger LOG = LoggerFactory.getLogger("dev.residency.audit");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void accept(AuditEvent event) {
    boolean denied = event.decision() != null && event.decision().isDenied();
    if (denied ? !LOG.isWarnEnabled() : !LOG.isInfoEnabled()) {
      return;
    }
    String line;
    try {
      line = JSON.writeValueAsString(event.toMap());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit event not serializable", e);
    }
    if (denied) {
      LOG.warn(line);
    } else {
      LOG.info(line);
    }
  }
}
