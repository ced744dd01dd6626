package dev.jobs.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.junit.WithLocalAws;
import dev.jobs.localaws.samples.SampleFiles;
import dev.jobs.pipeline.IngestionNames;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** The local run ingests a file put in the bucket, as AWS would: no direct call to a handler. */
@WithLocalAws
class LocalPipelineTest {

  private static final int LYON = SampleFiles.ROWS.get("lyon_job_offers.csv");

  @Test
  void aFilePutUnderJobOffersEndsInTheTable(LocalAws aws) throws Exception {
    aws.reset();
    try (LocalPipeline pipeline = PipelineInThisJvm.start(aws)) {
      aws.s3()
          .putObject(
              b -> b.bucket(JobsAwsResources.BUCKET).key("job_offers/lyon offers.csv"),
              RequestBody.fromFile(SampleFiles.path("lyon_job_offers.csv")));
      aws.s3()
          .putObject(
              b -> b.bucket(JobsAwsResources.BUCKET).key("elsewhere/ignored.csv"),
              RequestBody.fromFile(SampleFiles.path("bordeaux_job_offers.csv")));

      aws.s3()
          .putObject(
              b -> b.bucket(JobsAwsResources.BUCKET).key("job_offers/bad.csv"),
              RequestBody.fromString("id,city,company_name,title\n\"x\",\"Lyon\",\"A\",\"T\"\n"));

      assertThat(StoredJobs.awaitCount(aws.dynamoDb(), LYON, Duration.ofSeconds(60)))
          .isEqualTo(LYON);
      Thread.sleep(1_500);
      assertThat(StoredJobs.count(aws.dynamoDb()))
          .as("only job_offers/*.csv is ingested")
          .isEqualTo(252);
      assertThat(
              aws.s3()
                  .getObjectAsBytes(
                      b ->
                          b.bucket(JobsAwsResources.BUCKET)
                              .key(IngestionNames.rejectsReportKey("job_offers/bad.csv")))
                  .asUtf8String())
          .contains("\"line\":2", "id: must match");
    }
  }
}
