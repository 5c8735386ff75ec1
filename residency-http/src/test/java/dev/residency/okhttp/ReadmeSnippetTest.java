package dev.residency.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.Decision;
import dev.residency.ReasonCode;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.ResidencyViolationException;
import dev.residency.httpclient.ResidencyHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The snippets quoted in residency-http/README.md, compiled and run so they cannot drift (the lead
 * moves them into {@code examples/} later). Each snippet sits between {@code // README:name} and
 * {@code // END}.
 */
class ReadmeSnippetTest {
  static final String POLICY = String.join("\n",
      "residency:",
      "  allow:",
      "    jurisdictions: [EU]",
      "  endpoints:",
      "    - host: api.eu.example",
      "      region: aws:eu-central-1",
      "    - host: api.us.example",
      "      region: aws:us-east-1",
      "audit:",
      "  sink: memory",
      "");

  static ResidencyGuard guard() {
    return ResidencyGuard.builder(ResidencyPolicy.parse(POLICY, "readme.yaml")).build();
  }

  static Decision okHttpSnippet(ResidencyGuard guard, String url) {
    // README:okhttp
    OkHttpClient http = ResidencyOkHttp.builder(guard)
        .setMaskJsonBodies(true) // mask personal data in every JSON request body
        .build()
        .wrap(new OkHttpClient());

    try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
      return null; // allowed: use the response as usual
    } catch (IOException e) {
      ResidencyViolationException violation = ResidencyViolationException.find(e);
      if (violation == null) {
        throw new java.io.UncheckedIOException(e); // an ordinary network failure
      }
      return violation.decision(); // reasonCode(), ruleId(), location(), explanation()
    }
    // END
  }

  static Decision httpClientSnippet(ResidencyGuard guard, String url) throws InterruptedException {
    // README:httpclient
    HttpClient http = ResidencyHttpClient.create(guard)
        .wrap(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build());

    try {
      http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      return null;
    } catch (IOException e) {
      ResidencyViolationException violation = ResidencyViolationException.find(e);
      if (violation == null) {
        throw new java.io.UncheckedIOException(e);
      }
      return violation.decision();
    }
    // END
  }

  @Test
  void okHttpSnippetReportsTheDecisionOfADeniedCall() {
    Decision decision = okHttpSnippet(guard(), "https://api.us.example/orders");

    assertThat(decision.reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
  }

  @Test
  void httpClientSnippetReportsTheDecisionOfADeniedCall() throws Exception {
    Decision decision = httpClientSnippet(guard(), "https://api.us.example/orders");

    assertThat(decision.reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
  }
}
