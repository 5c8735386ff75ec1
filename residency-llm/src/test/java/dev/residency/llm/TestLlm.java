package dev.residency.llm;

import dev.residency.Decision;
import dev.residency.EndpointFact;
import dev.residency.RegionCatalog;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditEvent;
import dev.residency.audit.InMemoryAuditSink;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.Dns;
import okhttp3.OkHttpClient;

/** Policies, guards and a hosts-file DNS shared by the LLM tests. */
final class TestLlm {
  static final String EMAIL = "alice@example.com";
  static final String AZURE = "myres.openai.azure.com";

  private TestLlm() {}

  /**
   * The EEA and Switzerland allowed (what OpenAI's and Mistral's EU regions span), unknown denied; an Azure resource in Sweden Central with a Standard, a DataZone
   * and a GlobalStandard deployment; localhost declared in Frankfurt (the self-hosted server).
   */
  static ResidencyPolicy.Builder euPolicy() {
    RegionCatalog catalog = RegionCatalog.defaultCatalog();
    return ResidencyPolicy.builder()
        .allowJurisdictions("EEA")
        .allowCountries("CH")
        .declareHost("localhost", "aws:eu-central-1")
        .addEndpoint(EndpointFact.host(AZURE, catalog.find("azure:swedencentral"))
            .deployment("gpt-4o-se", "Standard")
            .deployment("gpt-4o-eu", "DataZoneStandard")
            .deployment("gpt-4o-global", "GlobalStandard")
            .build());
  }

  static ResidencyGuard guard(ResidencyPolicy policy, InMemoryAuditSink sink) {
    return ResidencyGuard.builder(policy).setAuditSink(sink).build();
  }

  /** Every host name resolves to loopback, so the real provider host reaches MockWebServer. */
  static Dns loopbackDns() {
    return host -> List.of(InetAddress.getByAddress(host, InetAddress.getLoopbackAddress().getAddress()));
  }

  static OkHttpClient plainClient() {
    return new OkHttpClient.Builder().dns(loopbackDns()).build();
  }

  static List<Decision> decisions(InMemoryAuditSink sink) {
    return sink.events().stream()
        .filter(e -> e.type() == AuditEvent.Type.DECISION)
        .map(AuditEvent::decision)
        .collect(Collectors.toList());
  }

  static List<Map<String, Integer>> maskings(InMemoryAuditSink sink) {
    return sink.events().stream()
        .filter(e -> e.type() == AuditEvent.Type.MASKING)
        .map(AuditEvent::maskCounts)
        .collect(Collectors.toList());
  }

  /** The token the guard's pipeline makes for a value, as a model would echo it. */
  static String token(ResidencyGuard guard, String value) {
    return guard.masking().mask(value, "token").text();
  }
}
