package dev.residency.audit;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.Outcome;
import dev.residency.ReasonCode;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A child JVM for {@link JsonLinesAuditSinkFaultsTest}: writes audit events to a JSON-lines file
 * in a loop until it is killed. Prints {@code ready} after the first event.
 */
final class AuditWriterMain {
  private AuditWriterMain() {}

  public static void main(String[] args) {
    AuditSink sink = AuditSinks.jsonLines(Path.of(args[0]), Long.parseLong(args[1]), 3);
    String padding = "x".repeat(3000); // long lines: a kill is likelier to land inside one write
    for (long i = 0; ; i++) {
      Decision d = Decision.builder(Outcome.DENY, ReasonCode.DENIED_UNKNOWN)
          .endpoint(Endpoint.builder(EndpointKind.HTTP).host("h" + i + ".example").port(443).build())
          .ruleId("residency.unknown")
          .explanation("DENIED_UNKNOWN: " + i + " " + padding)
          .build();
      sink.accept(AuditEvent.decision(Instant.now(), d));
      if (i == 0) {
        System.out.println("ready");
        System.out.flush();
      }
    }
  }
}
