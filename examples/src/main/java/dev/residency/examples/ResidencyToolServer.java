package dev.residency.examples;

import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.jdbc.ResidencyJdbc;
import dev.residency.llm.ResidencyLlm;
import dev.residency.okhttp.ResidencyOkHttp;
import dev.residency.s3.ResidencyS3;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import okhttp3.OkHttpClient;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The example MCP tool server for a CrewAI crew, on embedded defaults (PostgreSQL, an S3 server and
 * an LLM stand-in, all on loopback and declared in-region by the policy).
 *
 * <ul>
 *   <li>no option: the demo — starts everything, plays a scripted session through a real MCP client
 *       over Streamable HTTP, prints it, prints the audit trail, stops everything, exits 0;
 *   <li>{@code --serve stdio}: serves MCP on stdin/stdout for a crew ({@code MCPServerAdapter});
 *   <li>{@code --serve http [--port 8765]}: serves MCP Streamable HTTP at {@code /mcp}.
 * </ul>
 */
@Command(name = "residency-demo", mixinStandardHelpOptions = true,
    description = "MCP tool server with residency enforced on every outbound path.")
public final class ResidencyToolServer implements Callable<Integer> {
  @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (default: the bundled residency-demo.yaml).")
  Path policyFile;

  @Option(names = "--serve", paramLabel = "TRANSPORT", description = "stdio or http: serve instead of running the demo.")
  String serve;

  @Option(names = "--port", paramLabel = "PORT", description = "Port for --serve http (default 8765).")
  int port = 8765;

  /** Runs the demo or the server. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ResidencyToolServer()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (serve != null && !serve.equals("stdio") && !serve.equals("http")) {
      System.err.println("--serve takes stdio or http");
      return 2;
    }
    ResidencyPolicy policy = loadPolicy(policyFile);
    if (serve == null) {
      return new Demo(policy).run();
    }
    ResidencyGuard guard = ResidencyGuard.builder(policy).build();
    EmbeddedBackends backends = EmbeddedBackends.start();
    Running running;
    try {
      running = start(guard, backends, serve, port);
    } catch (Exception e) {
      backends.close();
      throw e;
    }
    // Stop everything from the shutdown hook itself (Ctrl-C, SIGTERM, stdin closed): the JVM does
    // not wait for the main thread, and an embedded PostgreSQL must not outlive us.
    Thread cleanup = new Thread(() -> {
      try {
        running.close();
      } catch (Exception ignored) {
        // shutting down
      }
      backends.close();
    }, "residency-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(cleanup);
    if (serve.equals("http")) {
      System.err.println("residency demo tools: MCP Streamable HTTP on http://127.0.0.1:" + running.port() + "/mcp");
    }
    running.awaitStop();
    return 0;
  }

  /** The bundled demo policy, or the file given. */
  static ResidencyPolicy loadPolicy(Path file) throws IOException {
    if (file != null) {
      return ResidencyPolicy.load(file);
    }
    try (InputStream in = ResidencyToolServer.class.getResourceAsStream("/residency-demo.yaml")) {
      if (in == null) {
        throw new IOException("bundled residency-demo.yaml missing");
      }
      return ResidencyPolicy.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "residency-demo.yaml");
    }
  }

  /** Wraps every client the tools use with the guard. */
  static Backends wrap(ResidencyGuard guard, EmbeddedBackends embedded) {
    javax.sql.DataSource customers = ResidencyJdbc.builder(guard).setMaskResults(true).build().wrap(embedded.pool);
    OkHttpClient http = ResidencyOkHttp.create(guard).wrap(new OkHttpClient());
    S3Client s3 = ResidencyS3.create(guard).configure(S3Client.builder())
        .endpointOverride(embedded.s3Endpoint)
        .forcePathStyle(true)
        .region(Region.EU_CENTRAL_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(EmbeddedBackends.S3_ACCESS_KEY, EmbeddedBackends.S3_SECRET_KEY)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
    OkHttpClient llmHttp = ResidencyLlm.create(guard).wrap(new OkHttpClient());
    Map<String, String> models = Map.of(
        OpenAiSummarizer.DEFAULT_MODEL, embedded.llm.baseUrl() + "/v1",
        "gpt-4o", "https://api.openai.com/v1");
    return new Backends(customers, http, new S3Documents(s3), new OpenAiSummarizer(llmHttp, models));
  }

  /** A running server; {@link #close()} stops it. */
  interface Running extends AutoCloseable {
    int port();

    void awaitStop() throws InterruptedException;

    @Override
    void close() throws Exception;
  }

  /** Starts the MCP server on the transport. */
  static Running start(ResidencyGuard guard, EmbeddedBackends embedded, String transport, int port) throws Exception {
    ToolServer tools = new ToolServer(guard, wrap(guard, embedded));
    McpSchema.ServerCapabilities caps = McpSchema.ServerCapabilities.builder().tools(true).build();
    if (transport.equals("stdio")) {
      CountDownLatch stdinClosed = new CountDownLatch(1);
      // The client ending the session closes our stdin: notice it, so the server (and the embedded
      // PostgreSQL) stop instead of waiting forever.
      InputStream in = new java.io.FilterInputStream(System.in) {
        @Override
        public int read() throws IOException {
          return eof(super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return eof(super.read(b, off, len));
        }

        private int eof(int n) {
          if (n < 0) {
            stdinClosed.countDown();
          }
          return n;
        }
      };
      StdioServerTransportProvider stdio = new StdioServerTransportProvider(ToolServer.JSON, in, System.out);
      McpSyncServer server = McpServer.sync(stdio).serverInfo("residency-demo-tools", "0.1.0").capabilities(caps)
          .tools(tools.tools()).build();
      return new Running() {
        @Override
        public int port() {
          return -1;
        }

        @Override
        public void awaitStop() throws InterruptedException {
          stdinClosed.await();
        }

        @Override
        public void close() {
          server.closeGracefully();
        }
      };
    }
    HttpServletStreamableServerTransportProvider http = HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(ToolServer.JSON)
        .mcpEndpoint("/mcp")
        .build();
    McpSyncServer server = McpServer.sync(http).serverInfo("residency-demo-tools", "0.1.0").capabilities(caps)
        .tools(tools.tools()).build();
    Server jetty = new Server(new InetSocketAddress("127.0.0.1", port));
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(http), "/*");
    jetty.setHandler(context);
    jetty.start();
    int actualPort = ((org.eclipse.jetty.server.ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    CountDownLatch stopped = new CountDownLatch(1);
    return new Running() {
      @Override
      public int port() {
        return actualPort;
      }

      @Override
      public void awaitStop() throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
        stopped.await();
      }

      @Override
      public void close() throws Exception {
        server.closeGracefully();
        jetty.stop();
        stopped.countDown();
      }
    };
  }
}
