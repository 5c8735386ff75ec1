package dev.residency.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

class S3RequestFactsTest {
  @Test
  void readsCreateBucketLocationConstraintWithTheLegacyMeanings() {
    CreateBucketRequest none = CreateBucketRequest.builder().bucket("b").build();
    CreateBucketRequest empty = CreateBucketRequest.builder().bucket("b").createBucketConfiguration(c -> c.locationConstraint("")).build();
    CreateBucketRequest eu = CreateBucketRequest.builder().bucket("b")
        .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU)).build();
    CreateBucketRequest paris = CreateBucketRequest.builder().bucket("b")
        .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_3)).build();

    assertThat(ResidencyExecutionInterceptor.locationConstraint(none)).isEqualTo("us-east-1");
    assertThat(ResidencyExecutionInterceptor.locationConstraint(empty)).isEqualTo("us-east-1");
    assertThat(ResidencyExecutionInterceptor.locationConstraint(eu)).isEqualTo("eu-west-1");
    assertThat(ResidencyExecutionInterceptor.locationConstraint(paris)).isEqualTo("eu-west-3");
  }

  @Test
  @SuppressWarnings("deprecation")
  void findsTheCopySourceBucketInBothRequestForms() {
    CopyObjectRequest modern = CopyObjectRequest.builder().sourceBucket("src").sourceKey("k")
        .destinationBucket("dst").destinationKey("k").build();
    CopyObjectRequest legacy = CopyObjectRequest.builder().copySource("%2Fsrc-2%2Fa%2Fb.txt")
        .destinationBucket("dst").destinationKey("k").build();

    assertThat(ResidencyExecutionInterceptor.sourceBucket(modern)).isEqualTo("src");
    assertThat(ResidencyExecutionInterceptor.sourceBucket(legacy)).isEqualTo("src-2");
    assertThat(ResidencyExecutionInterceptor.sourceBucket(PutObjectRequest.builder().bucket("b").key("k").build())).isNull();
  }

  @Test
  void readsTheSigningRegionOfAPresignedUrl() {
    String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261124%2Feu-central-1%2Fs3%2Faws4_request&X-Amz-Expires=300";

    assertThat(ResidencyS3Presigner.signingRegion(query)).isEqualTo("eu-central-1");
    assertThat(ResidencyS3Presigner.signingRegion("X-Amz-Expires=300")).isNull();
    assertThat(ResidencyS3Presigner.signingRegion(null)).isNull();
  }
}
