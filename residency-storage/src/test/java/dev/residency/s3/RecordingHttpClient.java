package dev.residency.s3;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The wire, for S3 clients without {@code endpointOverride}: records every request the SDK hands
 * to its HTTP client (after the endpoint rules, signing and every interceptor) and answers it
 * without a network. {@code HeadBucket} gets the bucket region given at construction, anything
 * else an empty 200.
 */
final class RecordingHttpClient implements SdkHttpClient {
  private final String bucketRegion;
  final List<SdkHttpRequest> requests = new CopyOnWriteArrayList<>();

  RecordingHttpClient(String bucketRegion) {
    this.bucketRegion = bucketRegion;
  }

  /** {@code METHOD host/path} of every request that reached the wire, in order. */
  List<String> wire() {
    return requests.stream().map(r -> r.method() + " " + r.host() + r.encodedPath()).toList();
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        requests.add(request.httpRequest());
        SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(200).putHeader("Content-Length", "0");
        if (request.httpRequest().method() == software.amazon.awssdk.http.SdkHttpMethod.HEAD) {
          response.putHeader("x-amz-bucket-region", bucketRegion);
        } else {
          response.putHeader("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\"");
        }
        return HttpExecuteResponse.builder()
            .response(response.build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(new byte[0])))
            .build();
      }

      @Override
      public void abort() {
        // Nothing in flight: call() answers at once.
      }
    };
  }

  @Override
  public void close() {
    // Holds no resources.
  }
}
