package dev.residency.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;

/**
 * The demo's embedded defaults, all on loopback: PostgreSQL (real binaries, seeded customers), an
 * in-process S3 server whose buckets have regions, and an OpenAI-compatible LLM stand-in. Nothing
 * here is residency-aware: the tool server wraps its clients around these like around real ones.
 */
final class EmbeddedBackends implements AutoCloseable {
  static final String S3_ACCESS_KEY = "demo-access";
  static final String S3_SECRET_KEY = "demo-secret";
  /** An EU bucket: documents may be read and written. */
  static final String EU_BUCKET = "eu-support-docs";
  /** A US bucket: the S3 interceptor refuses it after looking up its region. */
  static final String US_BUCKET = "us-analytics-exports";

  final EmbeddedPostgres postgres;
  final HikariDataSource pool;
  final S3Proxy s3proxy;
  final URI s3Endpoint;
  final LlmStandIn llm;

  private EmbeddedBackends(EmbeddedPostgres postgres, HikariDataSource pool, S3Proxy s3proxy, URI s3Endpoint, LlmStandIn llm) {
    this.postgres = postgres;
    this.pool = pool;
    this.s3proxy = s3proxy;
    this.s3Endpoint = s3Endpoint;
    this.llm = llm;
  }

  static EmbeddedBackends start() throws Exception {
    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
    HikariDataSource pool = null;
    S3Proxy proxy = null;
    LlmStandIn llm = null;
    try {
      seed(pg);
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres");
      config.setUsername("postgres");
      config.setPassword("postgres");
      config.setMaximumPoolSize(4);
      config.setPoolName("customers");
      pool = new HikariDataSource(config);

      RegionalBlobStore store = new RegionalBlobStore(new TransientNio2BlobStore());
      proxy = S3Proxy.builder()
          .blobStore(store)
          .endpoint(URI.create("http://127.0.0.1:0"))
          .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_ACCESS_KEY, S3_SECRET_KEY)
          .build();
      proxy.start();
      while (!"STARTED".equals(proxy.getState())) {
        Thread.sleep(5);
      }
      store.create(EU_BUCKET, "eu-central-1");
      store.create(US_BUCKET, "us-east-1");
      store.putBlob(software.amazon.awssdk.services.s3.model.PutObjectRequest.builder()
              .bucket(EU_BUCKET).key("tickets/4711.txt").contentType("text/plain").build(),
          RequestBody.fromString(TICKET).contentStreamProvider().newStream());
      llm = new LlmStandIn();
      return new EmbeddedBackends(pg, pool, proxy, URI.create("http://127.0.0.1:" + proxy.getPort()), llm);
    } catch (Exception e) {
      closeQuietly(llm, proxy, pool, pg);
      throw e;
    }
  }

  static final String TICKET = "Anna Schmidt (anna.schmidt@example.de, +49 30 901820) reports a double charge on "
      + "IBAN DE89370400440532013000. She asks for a refund of EUR 49.90 and a call back before Friday.\n";

  private static void seed(EmbeddedPostgres pg) throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE customers (id BIGINT PRIMARY KEY, name TEXT NOT NULL, email TEXT, phone TEXT, "
          + "iban TEXT, country CHAR(2), status TEXT)");
      s.execute("INSERT INTO customers VALUES "
          + "(1, 'Anna Schmidt', 'anna.schmidt@example.de', '+49 30 901820', 'DE89370400440532013000', 'DE', 'active'),"
          + "(2, 'Luc Martin', 'luc.martin@example.fr', '+33 1 42 68 53 00', 'FR1420041010050500013M02606', 'FR', 'active'),"
          + "(3, 'Giulia Rossi', 'giulia.rossi@example.it', '+39 06 6982 1234', 'IT60X0542811101000000123456', 'IT', 'overdue'),"
          + "(4, 'Jan de Vries', 'jan.devries@example.nl', '+31 20 123 4567', 'NL91ABNA0417164300', 'NL', 'active')");
    }
  }

  @Override
  public void close() {
    closeQuietly(llm, s3proxy, pool, postgres);
  }

  private static void closeQuietly(Object... resources) {
    for (Object r : resources) {
      if (r == null) {
        continue;
      }
      try {
        if (r instanceof S3Proxy) {
          ((S3Proxy) r).stop();
        } else if (r instanceof AutoCloseable) {
          ((AutoCloseable) r).close();
        }
      } catch (Exception ignored) {
        // shutting down: nothing useful to do
      }
    }
  }

  /** s3proxy does not model bucket regions: remember them and answer HeadBucket with them. */
  static final class RegionalBlobStore extends ForwardingBlobStore {
    private final Map<String, String> regions = new ConcurrentHashMap<>();

    RegionalBlobStore(BlobStore delegate) {
      super(delegate);
    }

    void create(String bucket, String region) {
      createContainer(CreateBucketRequest.builder().bucket(bucket)
          .createBucketConfiguration(c -> c.locationConstraint(region)).build());
    }

    @Override
    public software.amazon.awssdk.services.s3.model.CreateBucketResponse createContainer(CreateBucketRequest request) {
      String region = request.createBucketConfiguration() == null
          || request.createBucketConfiguration().locationConstraintAsString() == null
          ? "us-east-1"
          : request.createBucketConfiguration().locationConstraintAsString();
      regions.put(request.bucket(), region);
      return super.createContainer(request);
    }

    @Override
    public HeadBucketResponse headBucket(HeadBucketRequest request) {
      HeadBucketResponse r = super.headBucket(request);
      String region = regions.get(request.bucket());
      return region == null ? r : r.toBuilder().bucketRegion(region).build();
    }
  }
}
