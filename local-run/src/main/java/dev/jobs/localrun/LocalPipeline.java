package dev.jobs.localrun;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.locallambda.S3Notifications;
import dev.jobs.locallambda.SqsEventSourceMapping;
import dev.jobs.locallambda.runtime.AsyncInvocation;
import dev.jobs.locallambda.runtime.LambdaFunction;
import dev.jobs.pipeline.IngestionNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The ingestion Lambdas wired as terraform/ wires them: the bucket's notification invokes
 * s3_to_sqs_lambda asynchronously (two retries, then the failed ingestions queue), the queue's
 * event source mapping invokes sqs_to_dynamo_lambda. Progress is printed on standard output.
 */
public final class LocalPipeline implements AutoCloseable {

  private final S3Notifications notifications;
  private final SqsEventSourceMapping eventSourceMapping;
  private final IngestionProgress progress;

  LocalPipeline(
      LocalAws aws,
      String s3ToSqsName,
      RequestHandler<S3Event, ?> s3ToSqs,
      RequestHandler<SQSEvent, SQSBatchResponse> sqsToDynamo,
      Settings settings,
      IngestionProgress progress) {
    this.progress = progress;
    String failedIngestions = aws.failedIngestionsQueueUrl();
    // S3's notifications and Lambda's destinations are AWS's own: they reach the emulators
    // directly. The event source mapping's pollers meet SQS's faults, as Lambda's do.
    AsyncInvocation<S3Event> asyncS3ToSqs =
        new AsyncInvocation<>(
            s3ToSqs,
            s3ToSqsName,
            S3Event.class,
            settings.retryDelays(),
            record ->
                aws.direct()
                    .sqs()
                    .sendMessage(b -> b.queueUrl(failedIngestions).messageBody(record)));
    // The bucket's folder object, which terraform/ creates with the notification.
    aws.direct()
        .s3()
        .putObject(
            b -> b.bucket(JobsAwsResources.BUCKET).key(IngestionNames.INGEST_PREFIX),
            RequestBody.empty());
    notifications =
        new S3Notifications(
                aws.direct().s3(),
                IngestionNames.INGEST_PREFIX,
                asyncS3ToSqs,
                settings.handledObjects(),
                aws::makeQueuesDurable)
            .start();
    eventSourceMapping =
        new SqsEventSourceMapping(aws.sqs(), aws.queueUrl(), sqsToDynamo)
            .start(settings.consumers());
  }

  /**
   * @param handledObjects the file that remembers which object versions s3_to_sqs handled, so that
   *     a restart announces again those it did not finish; null to remember them in memory only
   * @param retryDelays the waits before s3_to_sqs's two retries (Lambda: about 1 and 2 minutes)
   * @param consumers the sqs_to_dynamo invocations run at once
   */
  public record Settings(Path handledObjects, List<Duration> retryDelays, int consumers) {}

  /**
   * With the functions deployed from their zips; the progress is read from their log lines, which
   * the caller passes on to it ({@link IngestionProgress#logged}).
   */
  public static LocalPipeline deployed(
      LocalAws aws, LocalLambdas lambdas, Settings settings, IngestionProgress progress) {
    LambdaFunction s3ToSqs = lambdas.function(LocalLambdas.S3_TO_SQS);
    LambdaFunction sqsToDynamo = lambdas.function(LocalLambdas.SQS_TO_DYNAMO);
    requireVisibilityOver(aws, sqsToDynamo.config().timeout());
    return new LocalPipeline(
        aws,
        s3ToSqs.config().name(),
        s3ToSqs.handler(S3Event.class, Void.class),
        sqsToDynamo.handler(SQSEvent.class, SQSBatchResponse.class),
        settings,
        progress);
  }

  /**
   * Lambda refuses an event source mapping whose queue's visibility timeout is below the function's
   * timeout: a message would come back while still being written.
   */
  private static void requireVisibilityOver(LocalAws aws, Duration functionTimeout) {
    long visibility =
        Long.parseLong(
            aws.direct()
                .sqs()
                .getQueueAttributes(
                    b ->
                        b.queueUrl(aws.queueUrl())
                            .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                .attributes()
                .get(QueueAttributeName.VISIBILITY_TIMEOUT));
    if (visibility < functionTimeout.toSeconds()) {
      throw new IllegalStateException(
          "Queue visibility timeout: %d seconds is less than Function timeout: %d seconds"
              .formatted(visibility, functionTimeout.toSeconds()));
    }
  }

  @Override
  public void close() throws InterruptedException {
    notifications.close();
    eventSourceMapping.close();
    progress.close();
  }
}
