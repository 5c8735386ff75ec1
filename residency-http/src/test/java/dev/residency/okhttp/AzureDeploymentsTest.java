package dev.residency.okhttp;

import static dev.residency.okhttp.TestGuards.decisions;
import static dev.residency.okhttp.TestGuards.guard;
import static dev.residency.okhttp.TestGuards.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.residency.EndpointFact;
import dev.residency.Outcome;
import dev.residency.RegionCatalog;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An Azure OpenAI resource declared in Sweden Central with a Standard and a GlobalStandard
 * deployment. The OkHttp wrapper sees the URL and the method, never the body: a request whose
 * deployment is only in the body (the v1, Responses and model-inference APIs) or behind a path it
 * cannot read is denied before it is sent.
 */
class AzureDeploymentsTest {
  static final String AZURE = "myres.openai.azure.com";
  static final String CHAT = "{\"model\":\"gpt-4o-global\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @StartStop final MockWebServer server = new MockWebServer();

  final InMemoryAuditSink sink = AuditSinks.inMemory();
  final OkHttpClient client = ResidencyOkHttp.create(guard(policy()
          .addEndpoint(EndpointFact.host(AZURE, RegionCatalog.defaultCatalog().require("azure:swedencentral"))
              .deployment("gpt-4o", "Standard")
              .deployment("gpt-4o-global", "GlobalStandard")
              .build())
          .build(), sink))
      .wrap(new OkHttpClient.Builder()
          .dns(host -> List.of(InetAddress.getByAddress(host, InetAddress.getLoopbackAddress().getAddress())))
          .build());

  HttpUrl url(String encodedPath) {
    return new HttpUrl.Builder().scheme("http").host(AZURE).port(server.getPort()).encodedPath(encodedPath)
        .addQueryParameter("api-version", "2024-10-21").build();
  }

  String post(HttpUrl url) throws IOException {
    Request request = new Request.Builder().url(url)
        .post(RequestBody.create(CHAT, MediaType.get("application/json"))).build();
    try (Response r = client.newCall(request).execute()) {
      return r.code() + " " + r.body().string();
    }
  }

  @Test
  void deniesTheV1ApiWhoseDeploymentIsInTheBody() {
    Throwable thrown = catchThrowable(() -> post(url("/openai/v1/chat/completions")));

    assertThat(thrown).isInstanceOf(IOException.class);
    ResidencyViolationException v = ResidencyViolationException.find(thrown);
    assertThat(v).isNotNull();
    assertThat(v.decision().outcome()).isEqualTo(Outcome.DENY);
    assertThat(v.decision().location().isUnknown()).isTrue();
    assertThat(v.decision().endpoint().host()).isEqualTo(AZURE);
    assertThat(server.getRequestCount()).isZero();
    assertThat(decisions(sink)).containsExactly(AZURE + "=DENY");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/openai/v1/responses",
        "/openai/responses",
        "/models/chat/completions",
        "/openai/deployments//gpt-4o-global/chat/completions",
        "/openai//deployments/gpt-4o-global/chat/completions",
        "/Openai/deployments/gpt-4o-global/chat/completions",
        "/openai/%64eployments/gpt-4o-global/chat/completions",
        "/openai/models"
      })
  void deniesARequestWhoseDeploymentItCannotReadBeforeSendingIt(String path) {
    Throwable thrown = catchThrowable(() -> post(url(path)));

    assertThat(thrown).isInstanceOf(IOException.class);
    assertThat(ResidencyViolationException.find(thrown).decision().location().isUnknown()).isTrue();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void sendsARequestToAStandardDeploymentNamedInThePath() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{}").build());

    String body = post(url("/openai/deployments/gpt-4o/chat/completions"));

    assertThat(body).isEqualTo("200 {}");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(decisions(sink)).containsExactly(AZURE + "=ALLOW");
  }

  @Test
  void sendsAGetThatListsModels() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{\"data\":[]}").build());

    try (Response r = client.newCall(new Request.Builder().url(url("/openai/models")).build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
    }

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(decisions(sink)).containsExactly(AZURE + "=ALLOW");
  }
}
