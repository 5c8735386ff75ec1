package dev.residency.s3;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * An in-process s3proxy (the real S3 protocol, SigV4 checked) whose buckets have regions: s3proxy
 * does not model them, so the blob store answers HeadBucket with the region each bucket was
 * created in, which makes {@code x-amz-bucket-region} appear.
 */
final class S3ProxyFixture implements AutoCloseable {
  static final String ACCESS_KEY = "access";
  static final String SECRET_KEY = "secret";

  final RegionalBlobStore store = new RegionalBlobStore(new TransientNio2BlobStore());
  final S3Proxy proxy;
  final URI endpoint;

  S3ProxyFixture() throws Exception {
    proxy = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(5);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Creates a bucket directly in the store, in the given region. */
  void bucket(String name, String region) {
    store.createContainer(CreateBucketRequest.builder()
        .bucket(name)
        .createBucketConfiguration(c -> c.locationConstraint(region))
        .build());
  }

  S3ClientBuilder clientBuilder() {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.EU_CENTRAL_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .httpClient(UrlConnectionHttpClient.create());
  }

  S3AsyncClientBuilder asyncClientBuilder() {
    return S3AsyncClient.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.EU_CENTRAL_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }

  /** Remembers each bucket's region at creation and reports it on HeadBucket. */
  static final class RegionalBlobStore extends ForwardingBlobStore {
    final Map<String, String> regions = new ConcurrentHashMap<>();
    final AtomicInteger puts = new AtomicInteger();
    /** The key of every put that reached the server, retries included. */
    final java.util.List<String> putKeys = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicInteger headBuckets = new AtomicInteger();
    final AtomicInteger failNextPuts = new AtomicInteger();

    RegionalBlobStore(BlobStore delegate) {
      super(delegate);
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
      headBuckets.incrementAndGet();
      HeadBucketResponse r = super.headBucket(request);
      String region = regions.get(request.bucket());
      return region == null ? r : r.toBuilder().bucketRegion(region).build();
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, java.io.InputStream input) {
      puts.incrementAndGet();
      putKeys.add(request.key());
      if (failNextPuts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        // 503 Service Unavailable: a throttling error the SDK retries.
        throw org.gaul.s3proxy.blobstore.S3Exceptions.fromStatusCode(503);
      }
      return super.putBlob(request, input);
    }
  }
}
