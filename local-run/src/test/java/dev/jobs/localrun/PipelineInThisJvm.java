package dev.jobs.localrun;

import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.pipeline.s3tosqs.CsvIngestion;
import dev.jobs.pipeline.s3tosqs.S3ToSqsHandler;
import dev.jobs.pipeline.sqstodynamo.JobMessageWriter;
import dev.jobs.pipeline.sqstodynamo.JobRequeue;
import dev.jobs.pipeline.sqstodynamo.SqsToDynamoHandler;
import dev.jobs.store.DynamoJobStore;
import java.time.Duration;
import java.util.List;

/** The local pipeline with the handlers in this JVM, built on the emulators' clients. */
final class PipelineInThisJvm {

  /** Nothing kept on disk, retries at once, one consumer. */
  static final LocalPipeline.Settings SETTINGS =
      new LocalPipeline.Settings(null, List.of(Duration.ZERO, Duration.ZERO), 1);

  private PipelineInThisJvm() {}

  static LocalPipeline start(LocalAws aws) {
    IngestionProgress progress = IngestionProgress.onStandardOutput();
    S3ToSqsHandler s3ToSqs =
        new S3ToSqsHandler(new CsvIngestion(aws.s3(), aws.sqs(), aws.queueUrl(), progress));
    SqsToDynamoHandler sqsToDynamo =
        new SqsToDynamoHandler(
            new JobMessageWriter(
                new DynamoJobStore(aws.dynamoDb(), JobsAwsResources.TABLE),
                new JobRequeue(aws.sqs(), aws.queueUrl()),
                progress));
    return new LocalPipeline(aws, "s3_to_sqs_lambda", s3ToSqs, sqsToDynamo, SETTINGS, progress);
  }
}
