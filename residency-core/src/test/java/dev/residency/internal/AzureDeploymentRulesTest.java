package dev.residency.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.EndpointFact;
import dev.residency.EndpointKind;
import dev.residency.Outcome;
import dev.residency.RegionCatalog;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An Azure OpenAI resource declared in Sweden Central with a Standard and a GlobalStandard
 * deployment, under an EU policy: only a request whose deployment can be read is placed by it.
 */
class AzureDeploymentRulesTest {
  private static final String HOST = "myres.openai.azure.com";

  private final ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder()
          .allowJurisdictions("EU")
          .addEndpoint(EndpointFact.host(HOST, RegionCatalog.defaultCatalog().require("azure:swedencentral"))
              .deployment("gpt-4o", "Standard")
              .deployment("gpt-4o-global", "GlobalStandard")
              .build())
          .build())
      .setAuditSink(event -> {})
      .build();

  /** Built directly: Endpoint.parse refuses dot segments, and an adapter's path need not come from it. */
  private static Endpoint request(String method, String path) {
    Endpoint.Builder b = Endpoint.builder(EndpointKind.HTTP).host(HOST).port(443).path(path);
    if (method != null) {
      b.attribute(ProviderPaths.METHOD, method);
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock = """
      # the v1, Responses and model-inference APIs name the deployment in the body, which the endpoint does not carry
      POST | /openai/v1/chat/completions
      POST | /openai/v1/responses
      POST | /openai/responses
      POST | /models/chat/completions
      POST | /openai/v1/embeddings
      GET  | /openai/realtime
      POST | /openai/batches
      # empty segments, escapes, case variants and dot segments around the deployment
      POST | /openai/deployments//gpt-4o-global/chat/completions
      POST | /openai//deployments/gpt-4o-global/chat/completions
      POST | //openai/deployments/gpt-4o-global/chat/completions
      POST | /Openai/deployments/gpt-4o-global/chat/completions
      POST | /openai/Deployments/gpt-4o-global/chat/completions
      POST | /openai/%64eployments/gpt-4o-global/chat/completions
      POST | /openai/deployments%2Fgpt-4o-global/chat/completions
      POST | /openai/deployments/gpt-4o%2Dglobal/chat/completions
      POST | /openai/deployments/gpt-4o/../gpt-4o-global/chat/completions
      POST | /openai/deployments/gpt-4o/%2e%2e/gpt-4o-global/chat/completions
      POST | /openai/deployments/gpt-4o/chat/completions/
      # a listing is a read only when the endpoint says GET or HEAD
      POST | /openai/models
      -    | /openai/models
      GET  | /
      """)
  void deniesARequestWhoseDeploymentCannotBeRead(String method, String path) {
    Decision d = guard.evaluate(request(method, path));

    assertThat(d.outcome()).as("%s %s: %s", method, path, d.explanation()).isEqualTo(Outcome.DENY);
    assertThat(d.location().isUnknown()).isTrue();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock = """
      POST | /openai/deployments/gpt-4o/chat/completions
      POST | /openai/deployments/gpt-4o/embeddings
      GET  | /openai/models
      GET  | /openai/models/gpt-4o-2024-08-06
      HEAD | /openai/v1/models
      GET  | /openai/v1/models/gpt-4o-2024-08-06
      GET  | /openai/deployments
      """)
  void placesAStandardDeploymentOrAReadInTheResourceRegion(String method, String path) {
    Decision d = guard.evaluate(request(method, path));

    assertThat(d.outcome()).as("%s %s: %s", method, path, d.explanation()).isEqualTo(Outcome.ALLOW);
    assertThat(d.location().region().id()).isEqualTo("azure:swedencentral");
  }

  @Test
  void deniesAGlobalDeploymentNamedInThePath() {
    Decision d = guard.evaluate(request("POST", "/openai/deployments/gpt-4o-global/chat/completions"));

    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.location().isGlobal()).isTrue();
  }

  @Test
  void placesTheDeploymentTheResourceNamesOnTheV1Api() {
    Endpoint v1 = request("POST", "/openai/v1/chat/completions");

    Decision standard = guard.evaluate(v1.toBuilder().resource("gpt-4o").build());
    Decision global = guard.evaluate(v1.toBuilder().resource("gpt-4o-global").build());

    assertThat(standard.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(global.outcome()).isEqualTo(Outcome.DENY);
    assertThat(global.location().isGlobal()).isTrue();
  }

  @Test
  void deniesAPathAndResourceThatNameDifferentDeployments() {
    Endpoint disagreeing = request("POST", "/openai/deployments/gpt-4o-global/chat/completions").toBuilder()
        .resource("gpt-4o").build();
    Endpoint malformed = request("POST", "/openai/deployments//gpt-4o-global/chat/completions").toBuilder()
        .resource("gpt-4o").build();
    Endpoint variant = request("POST", "/Openai/deployments/gpt-4o-global/chat/completions").toBuilder()
        .resource("gpt-4o").build();

    assertThat(guard.evaluate(disagreeing).location().isUnknown()).isTrue();
    assertThat(guard.evaluate(malformed).location().isUnknown()).isTrue();
    assertThat(guard.evaluate(variant).location().isUnknown()).isTrue();
  }

  @Test
  void placesAHostOnlyCheckInTheResourceRegion() {
    // A DNS lookup or a connection audit carries no request: each request is decided on its own path.
    Decision d = guard.evaluate(Endpoint.builder(EndpointKind.HTTP).host(HOST).build());

    assertThat(d.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(d.location().basis()).contains("host only");
  }
}
