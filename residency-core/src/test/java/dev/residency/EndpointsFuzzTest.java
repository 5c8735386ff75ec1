package dev.residency;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.residency.internal.HostNames;
import dev.residency.internal.ProviderResolver;

/**
 * Coverage-guided fuzzing of target parsing with Jazzer. In a normal build only the inputs kept
 * under {@code src/test/resources/dev/residency/EndpointsFuzzTestInputs/} run (as regression
 * tests); {@code JAZZER_FUZZ=1 mvn -pl residency-core test -Dtest=EndpointsFuzzTest} fuzzes.
 */
class EndpointsFuzzTest {
  private static final ProviderResolver PROVIDER = new ProviderResolver(RegionCatalog.defaultCatalog());

  @FuzzTest(maxDuration = "60s")
  void anyTargetParsesToNormalizedHostsOrIsRefused(byte[] data) {
    String target = new String(data, java.nio.charset.StandardCharsets.UTF_8);
    if (target.isBlank()) {
      return;
    }
    for (EndpointKind kind : new EndpointKind[] {null, EndpointKind.HTTP, EndpointKind.JDBC, EndpointKind.LLM}) {
      java.util.List<Endpoint> endpoints;
      try {
        endpoints = Endpoints.parseAll(kind, target);
      } catch (InvalidEndpointException e) {
        continue;
      }
      for (Endpoint e : endpoints) {
        if (e.host() != null) {
          assertThat(HostNames.normalize(e.host())).isEqualTo(e.host());
        }
        PROVIDER.resolve(e); // never throws
      }
    }
  }
}
