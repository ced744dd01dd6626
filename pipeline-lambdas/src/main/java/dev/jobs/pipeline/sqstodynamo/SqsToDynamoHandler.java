package dev.jobs.pipeline.sqstodynamo;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.jobs.lambda.AwsClients;
import dev.jobs.lambda.LambdaLogContext;
import dev.jobs.lambda.SnapStartPriming;
import dev.jobs.store.DynamoJobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * sqs_to_dynamo_lambda: writes a batch of job messages and answers a partial batch response
 * (ReportBatchItemFailures), so that only the messages that failed come back, and after four
 * receives go to the dead letter queue. A throttled table is waited for during three quarters of
 * the invocation's time; what it has not taken by then goes back to the queue as new messages.
 * Environment: {@code TABLE_NAME}, {@code QUEUE_URL} (the queue it is fed by).
 */
public class SqsToDynamoHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

  /** The time to write in when no context tells the invocation's (a test calling it directly). */
  private static final Duration WITHOUT_CONTEXT = Duration.ofSeconds(45);

  private final JobMessageWriter writer;
  private final SnapStartPriming priming;

  /**
   * As Lambda builds it: clients, table and queue from the environment, primed before a snapshot.
   */
  public SqsToDynamoHandler() {
    this(
        new JobMessageWriter(
            new DynamoJobStore(
                AwsClients.build(DynamoDbClient.builder()), AwsClients.required("TABLE_NAME")),
            new JobRequeue(AwsClients.build(SqsClient.builder()), AwsClients.required("QUEUE_URL")),
            new LoggedWrites()),
        true);
  }

  /** Not primed (the tests). */
  public SqsToDynamoHandler(JobMessageWriter writer) {
    this(writer, false);
  }

  private SqsToDynamoHandler(JobMessageWriter writer, boolean primed) {
    this.writer = writer;
    this.priming = primed ? SnapStartPriming.register("sqs_to_dynamo", writer::prime) : null;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    try (LambdaLogContext invocation = LambdaLogContext.open(context)) {
      List<SQSBatchResponse.BatchItemFailure> failures =
          writer.write(event.getRecords(), deadline(context)).stream()
              .map(SQSBatchResponse.BatchItemFailure::new)
              .toList();
      return new SQSBatchResponse(failures);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing jobs", e);
    }
  }

  /** Three quarters of the time left: the rest sends back what is unwritten, and answers. */
  private static Instant deadline(Context context) {
    Duration left =
        context == null
            ? WITHOUT_CONTEXT
            : Duration.ofMillis(context.getRemainingTimeInMillis() * 3L / 4);
    return Instant.now().plus(left);
  }
}
