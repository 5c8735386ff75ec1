package dev.residency.s3.internal;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyViolationException;
import dev.residency.s3.ResidencyS3Exception;
import java.net.URL;
import java.util.List;
import java.util.ArrayList;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.AbortMultipartUploadPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.CompleteMultipartUploadPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.CreateMultipartUploadPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.DeleteObjectPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedAbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedCompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedCreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedDeleteObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedUploadPartRequest;
import software.amazon.awssdk.services.s3.presigner.model.PutObjectPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.UploadPartPresignRequest;

/**
 * Checks every URL an {@link S3Presigner} makes before handing it out: its host, the region it is
 * signed for, and the bucket's region. Internal, may change without notice. Thread-safe.
 *
 * <p>{@code S3Presigner} runs no client interceptors, so it is wrapped; a test fails when the
 * interface gains an abstract method this class does not forward.
 */
public final class ResidencyS3Presigner implements S3Presigner {
  private final S3Presigner delegate;
  private final S3Client lookupClient;
  private final ResidencyGuard guard;
  private final BucketRegions regions;
  private final boolean checkSigningRegion;

  public ResidencyS3Presigner(
      S3Presigner delegate, S3Client lookupClient, ResidencyGuard guard, BucketRegions regions, boolean checkSigningRegion) {
    this.delegate = delegate;
    this.lookupClient = lookupClient;
    this.guard = guard;
    this.regions = regions;
    this.checkSigningRegion = checkSigningRegion;
  }

  @Override
  public PresignedGetObjectRequest presignGetObject(GetObjectPresignRequest r) {
    return checked(delegate.presignGetObject(r), r.getObjectRequest().bucket());
  }

  @Override
  public PresignedPutObjectRequest presignPutObject(PutObjectPresignRequest r) {
    return checked(delegate.presignPutObject(r), r.putObjectRequest().bucket());
  }

  @Override
  public PresignedDeleteObjectRequest presignDeleteObject(DeleteObjectPresignRequest r) {
    return checked(delegate.presignDeleteObject(r), r.deleteObjectRequest().bucket());
  }

  @Override
  public PresignedCreateMultipartUploadRequest presignCreateMultipartUpload(CreateMultipartUploadPresignRequest r) {
    return checked(delegate.presignCreateMultipartUpload(r), r.createMultipartUploadRequest().bucket());
  }

  @Override
  public PresignedUploadPartRequest presignUploadPart(UploadPartPresignRequest r) {
    return checked(delegate.presignUploadPart(r), r.uploadPartRequest().bucket());
  }

  @Override
  public PresignedCompleteMultipartUploadRequest presignCompleteMultipartUpload(CompleteMultipartUploadPresignRequest r) {
    return checked(delegate.presignCompleteMultipartUpload(r), r.completeMultipartUploadRequest().bucket());
  }

  @Override
  public PresignedAbortMultipartUploadRequest presignAbortMultipartUpload(AbortMultipartUploadPresignRequest r) {
    return checked(delegate.presignAbortMultipartUpload(r), r.abortMultipartUploadRequest().bucket());
  }

  @Override
  public void close() {
    delegate.close();
  }

  private <T extends PresignedRequest> T checked(T presigned, String bucket) {
    URL url = presigned.url();
    int port = url.getPort() >= 0 ? url.getPort() : url.getDefaultPort();
    // Every check of this URL is recorded once: one audit event per presigned URL.
    List<Decision> decisions = new ArrayList<>(3);
    decisions.add(guard.decide(Endpoint.builder(EndpointKind.S3)
        .host(url.getHost())
        .port(port)
        .path(url.getPath())
        .resource(bucket)
        .build()));
    String signingRegion = signingRegion(url.getQuery());
    if (checkSigningRegion && signingRegion != null) {
      decisions.add(guard.decide(Endpoint.builder(EndpointKind.S3)
          .host(url.getHost())
          .port(port)
          .resource("signing region of " + url.getHost())
          .resourceLocation("aws:" + signingRegion)
          .build()));
    }
    boolean blocked = decisions.stream().anyMatch(Decision::isBlocking);
    if (!blocked && bucket != null && !bucket.startsWith("arn:")) {
      try {
        String region = regions.regionOf(lookupClient, bucket);
        decisions.add(guard.decide(Endpoint.builder(EndpointKind.S3)
            .host(url.getHost())
            .port(port)
            .resource(bucket)
            .resourceLocation("aws:" + region)
            .build()));
      } catch (BucketRegions.LookupFailedException e) {
        Endpoint ep = Endpoint.builder(EndpointKind.S3).host(url.getHost()).port(port).resource(bucket).build();
        // A lookup refused for its own host (the lookup client's endpoint): that refusal is this URL's too.
        decisions.add(e.refusal() != null
            ? e.refusal()
            : guard.failClosed(ep, "s3.bucketRegion", "the bucket's region could not be found (" + e.getMessage() + ")"));
      }
    }
    check(guard.record(decisions));
    return presigned;
  }


  /** The region in {@code X-Amz-Credential=AKID/date/REGION/s3/aws4_request}, or {@code null}. */
  static String signingRegion(String query) {
    if (query == null) {
      return null;
    }
    for (String p : query.split("&")) {
      if (p.startsWith("X-Amz-Credential=")) {
        String[] parts = URLDecoder.decode(p.substring("X-Amz-Credential=".length()), StandardCharsets.UTF_8).split("/");
        return parts.length == 5 ? parts[2] : null;
      }
    }
    return null;
  }

  private static void check(Decision d) {
    if (d.isBlocking()) {
      throw ResidencyS3Exception.of(new ResidencyViolationException(d));
    }
  }
}
