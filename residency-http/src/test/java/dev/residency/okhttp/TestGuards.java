package dev.residency.okhttp;

import dev.residency.Decision;
import dev.residency.Mode;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditEvent;
import dev.residency.audit.InMemoryAuditSink;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.Dns;

/** Policies, guards and a loopback DNS shared by the HTTP tests. */
final class TestGuards {
  static final String EU = "api.eu.example";
  static final String EU2 = "api2.eu.example";
  static final String US = "api.us.example";
  static final String PROXY_EU = "proxy.eu.example";
  static final String PROXY_US = "proxy.us.example";

  private TestGuards() {}

  /** EU allowed (the seed catalog has only eu-central-1 and us-east-1); test hosts declared in EU or US; unknown denied. */
  static ResidencyPolicy.Builder policy() {
    return ResidencyPolicy.builder()
        .allowJurisdictions("EU")
        .declareHost(EU, "aws:eu-central-1")
        .declareHost(EU2, "aws:eu-central-1")
        .declareHost(PROXY_EU, "aws:eu-central-1")
        .declareHost(US, "aws:us-east-1")
        .declareHost(PROXY_US, "aws:us-east-1");
  }

  static ResidencyGuard guard(ResidencyPolicy policy, InMemoryAuditSink sink) {
    return ResidencyGuard.builder(policy).setAuditSink(sink).build();
  }

  static ResidencyGuard guard(ResidencyPolicy policy, InMemoryAuditSink sink, Mode mode) {
    return ResidencyGuard.builder(policy).setAuditSink(sink).setMode(mode).build();
  }

  /** Every decision event's host and outcome, in order, e.g. {@code api.eu.example=ALLOW}. */
  static List<String> decisions(InMemoryAuditSink sink) {
    return sink.events().stream()
        .filter(e -> e.type() == AuditEvent.Type.DECISION)
        .map(AuditEvent::decision)
        .map(TestGuards::describe)
        .collect(Collectors.toList());
  }

  static String describe(Decision d) {
    return d.endpoint().host() + "=" + d.outcome();
  }

  static List<Map<String, Integer>> maskings(InMemoryAuditSink sink) {
    return sink.events().stream()
        .filter(e -> e.type() == AuditEvent.Type.MASKING)
        .map(AuditEvent::maskCounts)
        .collect(Collectors.toList());
  }

  /** Resolves every test host name to loopback (or to the given address), like a hosts file. */
  static Dns loopbackDns() {
    return dnsTo(InetAddress.getLoopbackAddress());
  }

  static Dns dnsTo(InetAddress address) {
    return host -> {
      if (host.endsWith(".example") || host.equals("localhost")) {
        return List.of(InetAddress.getByAddress(host, address.getAddress()));
      }
      throw new UnknownHostException(host);
    };
  }
}
