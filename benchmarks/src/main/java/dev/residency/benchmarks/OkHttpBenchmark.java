package dev.residency.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.audit.AuditSink;
import dev.residency.okhttp.ResidencyOkHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.ResponseBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Wrapped vs plain OkHttp against a loopback server in the same run: small GETs on a kept-alive
 * connection, and 4 KB JSON POSTs with body masking on (the masked figure minus the plain POST is
 * the time masking adds per request). The audit sink is a no-op so that only the wrapper is
 * measured; sink costs are measured with the core.
 *
 * <p>Plain and wrapped run <em>at the same time</em>, one thread each, in a JMH group ({@code
 * get}, {@code post}), so both see the same machine load; on a shared machine that is what makes
 * their ratio meaningful. Each thread has its own client (and connection pool).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar OkHttpBenchmark -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OkHttpBenchmark {
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  HttpServer server;
  ExecutorService serverThreads;
  OkHttpClient plain;
  OkHttpClient wrapped;
  OkHttpClient masking;
  HttpUrl getUrl;
  HttpUrl postUrl;
  byte[] json4k;
  String json4kText;
  ResidencyGuard guard;
  OkHttpClient plainInMemory;
  OkHttpClient wrappedInMemory;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    // Without it the JDK server's Nagle + the client's delayed ACK cost ~40 ms per exchange.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      exchange.sendResponseHeaders(200, ok.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(ok);
      }
    });
    serverThreads = Executors.newFixedThreadPool(4);
    server.setExecutor(serverThreads);
    server.start();
    int port = server.getAddress().getPort();
    getUrl = HttpUrl.get("http://localhost:" + port + "/small");
    postUrl = HttpUrl.get("http://localhost:" + port + "/orders");

    ResidencyPolicy policy = ResidencyPolicy.builder()
        .allowJurisdictions("EU")
        .declareHost("localhost", "aws:eu-central-1")
        .build();
    guard = ResidencyGuard.builder(policy).setAuditSink(AuditSink.NOOP).build();
    // Separate pools: the two threads of a group must not share (or wait for) one connection.
    plain = new OkHttpClient();
    wrapped = ResidencyOkHttp.create(guard).wrap(new OkHttpClient());
    masking = ResidencyOkHttp.builder(guard).setMaskJsonBodies(true).build().wrap(new OkHttpClient());
    Interceptor answer = chain -> new Response.Builder()
        .request(chain.request())
        .protocol(Protocol.HTTP_1_1)
        .code(200)
        .message("OK")
        .body(ResponseBody.create(ok, MediaType.get("text/plain")))
        .build();
    plainInMemory = new OkHttpClient.Builder().addInterceptor(answer).build();
    wrappedInMemory = ResidencyOkHttp.create(guard).wrap(new OkHttpClient()).newBuilder().addInterceptor(answer).build();
    json4kText = json4k();
    json4k = json4kText.getBytes(StandardCharsets.UTF_8);
  }

  /** About 4 KB of nested JSON: 40 customers, each with an email and ordinary fields. */
  public static String json4k() {
    StringBuilder sb = new StringBuilder("{\"orders\":[");
    for (int i = 0; sb.length() < 4000; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"id\":").append(i)
          .append(",\"customer\":{\"name\":\"Customer ").append(i)
          .append("\",\"email\":\"customer").append(i).append("@example.com\"},\"total\":").append(i * 7 % 100)
          .append(".50}");
    }
    return sb.append("]}").toString();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    server.stop(0);
    serverThreads.shutdownNow();
    for (OkHttpClient c : new OkHttpClient[] {plain, wrapped, masking}) {
      c.dispatcher().executorService().shutdown();
      c.connectionPool().evictAll();
    }
  }

  static int call(OkHttpClient client, Request request) throws IOException {
    try (Response r = client.newCall(request).execute()) {
      return r.body().bytes().length;
    }
  }

  /**
   * The application hook's CPU cost without the network: an interceptor added after the wrapper
   * answers every call from memory, so the two figures differ only by the residency interceptor
   * (URL decision, tagging). The network interceptor does similar work on the skip path.
   */
  @Benchmark
  public int inMemoryPlain() throws IOException {
    return call(plainInMemory, new Request.Builder().url(getUrl).build());
  }

  /** See {@link #inMemoryPlain()}. */
  @Benchmark
  public int inMemoryWrapped() throws IOException {
    return call(wrappedInMemory, new Request.Builder().url(getUrl).build());
  }

  /** The masking pipeline alone on the same body, to split the masked POST's extra time. */
  @Benchmark
  public String maskJson4kAlone() {
    return guard.masking().maskJson(json4kText, "redact").text();
  }

  @Benchmark
  @Group("get")
  @GroupThreads(1)
  public int getPlain() throws IOException {
    return call(plain, new Request.Builder().url(getUrl).build());
  }

  @Benchmark
  @Group("get")
  @GroupThreads(1)
  public int getWrapped() throws IOException {
    return call(wrapped, new Request.Builder().url(getUrl).build());
  }

  @Benchmark
  @Group("post")
  @GroupThreads(1)
  public int postJson4kPlain() throws IOException {
    return call(plain, new Request.Builder().url(postUrl).post(RequestBody.create(json4k, JSON)).build());
  }

  @Benchmark
  @Group("post")
  @GroupThreads(1)
  public int postJson4kWrappedMasked() throws IOException {
    return call(masking, new Request.Builder().url(postUrl).post(RequestBody.create(json4k, JSON)).build());
  }
}
