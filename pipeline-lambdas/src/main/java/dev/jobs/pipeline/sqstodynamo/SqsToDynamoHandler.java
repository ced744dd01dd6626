package dev.jobs.pipeline.sqstodynamo;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.jobs.aws.AwsClients;
import dev.jobs.logging.LambdaLogContext;
import dev.jobs.pipeline.SnapStartPriming;
import dev.jobs.store.DynamoJobStore;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * sqs_to_dynamo_lambda: writes a batch of job messages and answers a partial batch response
 * (ReportBatchItemFailures), so that only the messages that failed come back, and after four
 * receives go to the dead letter queue. Environment: {@code TABLE_NAME}.
 */
public class SqsToDynamoHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

  private static final Logger log = LoggerFactory.getLogger(SqsToDynamoHandler.class);

  private final JobMessageWriter writer;
  private final SnapStartPriming priming;

  /** As Lambda builds it: client and table from the environment, primed before a snapshot. */
  public SqsToDynamoHandler() {
    this(
        new JobMessageWriter(
            new DynamoJobStore(
                AwsClients.build(DynamoDbClient.builder()), AwsClients.required("TABLE_NAME"))),
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
      Set<String> failed = writer.write(event.getRecords());
      log.atInfo()
          .addKeyValue("messages", event.getRecords().size())
          .addKeyValue("failed", failed.size())
          .log("wrote a batch of jobs");
      List<SQSBatchResponse.BatchItemFailure> failures =
          failed.stream().map(SQSBatchResponse.BatchItemFailure::new).toList();
      return new SQSBatchResponse(failures);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing jobs", e);
    }
  }
}
