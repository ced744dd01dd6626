package dev.jobs.localrun;

import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.S3Notifications;
import dev.jobs.localaws.SqsEventSourceMapping;
import dev.jobs.pipeline.s3tosqs.CsvIngestion;
import dev.jobs.pipeline.s3tosqs.S3ToSqsHandler;
import dev.jobs.pipeline.sqstodynamo.JobMessageWriter;
import dev.jobs.pipeline.sqstodynamo.SqsToDynamoHandler;
import dev.jobs.store.DynamoJobStore;

/**
 * The ingestion Lambdas wired as terraform/ wires them: the bucket's notification invokes
 * s3_to_sqs_lambda's handler, the queue's event source mapping sqs_to_dynamo_lambda's.
 */
public final class LocalPipeline implements AutoCloseable {

  private final S3Notifications notifications;
  private final SqsEventSourceMapping eventSourceMapping;
  private final IngestionProgress progress;

  private LocalPipeline(
      S3Notifications notifications,
      SqsEventSourceMapping eventSourceMapping,
      IngestionProgress progress) {
    this.notifications = notifications;
    this.eventSourceMapping = eventSourceMapping;
    this.progress = progress;
  }

  public static LocalPipeline start(LocalAws aws) {
    S3ToSqsHandler s3ToSqs =
        new S3ToSqsHandler(new CsvIngestion(aws.s3(), aws.sqs(), aws.queueUrl()));
    SqsToDynamoHandler sqsToDynamo =
        new SqsToDynamoHandler(
            new JobMessageWriter(new DynamoJobStore(aws.dynamoDb(), JobsAwsResources.TABLE)));
    IngestionProgress progress = new IngestionProgress();
    return new LocalPipeline(
        new S3Notifications(aws.s3(), s3ToSqs).start(),
        new SqsEventSourceMapping(aws.sqs(), aws.queueUrl(), sqsToDynamo, progress::stored).start(),
        progress);
  }

  @Override
  public void close() throws InterruptedException {
    notifications.close();
    eventSourceMapping.close();
    progress.close();
  }
}
