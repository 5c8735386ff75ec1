package dev.residency.examples;

import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Documents in S3 through a client carrying the residency execution interceptor. */
final class S3Documents implements Backends.Documents {
  private static final int MAX_BYTES = 256 * 1024;

  private final S3Client s3;

  S3Documents(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public String fetch(String bucket, String key) {
    byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException("document larger than 256 KB");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public String store(String bucket, String key, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/plain; charset=utf-8"), RequestBody.fromBytes(bytes));
    return "stored s3://" + bucket + "/" + key + " (" + bytes.length + " bytes)";
  }
}
