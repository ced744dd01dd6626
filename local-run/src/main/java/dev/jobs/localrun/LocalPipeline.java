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
import java.nio.file.Path;

/**
 * The ingestion Lambdas wired as terraform/ wires them: the bucket's notification invokes
 * s3_to_sqs_lambda's handler, the queue's event source mapping sqs_to_dynamo_lambda's. Progress is
 * printed on standard output.
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

  /** With the objects handled remembered in memory only. */
  public static LocalPipeline start(LocalAws aws) {
    return start(aws, null);
  }

  /**
   * @param handledObjects the file that remembers which object versions s3_to_sqs handled, so that
   *     a restart announces again those it did not finish; null to remember them in memory only
   */
  public static LocalPipeline start(LocalAws aws, Path handledObjects) {
    IngestionProgress progress = new IngestionProgress(System.out, System.console() != null);
    S3ToSqsHandler s3ToSqs =
        new S3ToSqsHandler(new CsvIngestion(aws.s3(), aws.sqs(), aws.queueUrl(), progress));
    SqsToDynamoHandler sqsToDynamo =
        new SqsToDynamoHandler(
            new JobMessageWriter(new DynamoJobStore(aws.dynamoDb(), JobsAwsResources.TABLE)));
    return new LocalPipeline(
        new S3Notifications(aws.s3(), s3ToSqs, handledObjects, aws::makeQueuesDurable).start(),
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
