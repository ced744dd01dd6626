package dev.jobs.pipeline.s3tosqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.junit.WithLocalAws;
import dev.jobs.localaws.rehearsal.Rehearsal;
import dev.jobs.localaws.rehearsal.TableCapacity;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reading an object whose every GET (S3Mock behind a front that fails every call) breaks halfway
 * through its body.
 */
@WithLocalAws(Service.S3)
class ResumingObjectStreamTest {

  private static final String KEY = "job_offers/big.csv";

  private LocalAws aws;
  private final byte[] content = new byte[1 << 20];

  @BeforeEach
  void putAnObject(LocalAws localAws) {
    aws = localAws;
    aws.reset();
    new Random(42).nextBytes(content);
    aws.s3()
        .putObject(b -> b.bucket(JobsAwsResources.BUCKET).key(KEY), RequestBody.fromBytes(content));
    aws.rehearse(new Rehearsal(TableCapacity.ON_DEMAND, 1));
  }

  @Test
  void readsOnFromWhereEachBreakLeftIt() throws IOException {
    byte[] read;
    try (ResumingObjectStream object =
        ResumingObjectStream.open(aws.s3(), JobsAwsResources.BUCKET, KEY)) {
      read = object.readAllBytes();
    }

    assertThat(read).isEqualTo(content);
    // Each GET breaks after half of what it returns: about log2(1 MiB) of them.
    assertThat(aws.rehearsal().events().get("S3 objects reset mid-body")).isBetween(15L, 25L);
  }

  @Test
  void anObjectReplacedWhileItIsReadFailsRatherThanSplicingTwoFiles() throws IOException {
    try (ResumingObjectStream object =
        ResumingObjectStream.open(aws.s3(), JobsAwsResources.BUCKET, KEY)) {
      object.readNBytes(1_000);
      aws.direct()
          .s3()
          .putObject(
              b -> b.bucket(JobsAwsResources.BUCKET).key(KEY), RequestBody.fromString("id,city\n"));

      assertThatThrownBy(object::readAllBytes)
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    }
  }
}
