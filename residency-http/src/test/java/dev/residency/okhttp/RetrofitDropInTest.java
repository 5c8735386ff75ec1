package dev.residency.okhttp;

import static dev.residency.okhttp.TestGuards.EU;
import static dev.residency.okhttp.TestGuards.US;
import static dev.residency.okhttp.TestGuards.guard;
import static dev.residency.okhttp.TestGuards.loopbackDns;
import static dev.residency.okhttp.TestGuards.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.residency.ReasonCode;
import dev.residency.ResidencyViolationException;
import dev.residency.audit.AuditSinks;
import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;
import retrofit2.Call;
import retrofit2.Retrofit;
import retrofit2.http.GET;

/** A library that takes an {@code OkHttpClient} (Retrofit) works unchanged with a wrapped one. */
class RetrofitDropInTest {
  interface Greetings {
    @GET("greeting")
    Call<ResponseBody> greeting();
  }

  @StartStop final MockWebServer server = new MockWebServer();

  final OkHttpClient wrapped = ResidencyOkHttp.create(guard(policy().build(), AuditSinks.inMemory()))
      .wrap(new OkHttpClient.Builder().dns(loopbackDns()).build());

  Greetings service(String host) {
    return new Retrofit.Builder()
        .baseUrl(server.url("/").newBuilder().host(host).build())
        .client(wrapped)
        .build()
        .create(Greetings.class);
  }

  @Test
  void retrofitServiceReachesAnAllowedHost() throws IOException {
    server.enqueue(new MockResponse.Builder().body("hallo").build());

    String body = service(EU).greeting().execute().body().string();

    assertThat(body).isEqualTo("hallo");
  }

  @Test
  void retrofitServiceFailsWithTheDecisionForADeniedHost() {
    Throwable thrown = catchThrowable(() -> service(US).greeting().execute());

    assertThat(thrown).isInstanceOf(IOException.class);
    assertThat(ResidencyViolationException.find(thrown).decision().reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
    assertThat(server.getRequestCount()).isZero();
  }
}
