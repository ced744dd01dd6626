package dev.jobs.locallambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.junit.LoggedEvents;
import dev.jobs.localaws.junit.WithLocalAws;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The mapping stopped while the function handles a batch, as the local run is by Ctrl-C in the
 * middle of an ingestion: the batch is not deleted, so it comes back after its visibility timeout,
 * and the log says so without calling it the function's failure.
 */
@WithLocalAws(Service.SQS)
class SqsEventSourceMappingTest {

  @Test
  void aBatchCutShortByTheStopReturnsToTheQueueAndIsNoFailure(LocalAws aws, SqsClient sqs)
      throws Exception {
    String queue = aws.queueUrl();
    sqs.sendMessage(b -> b.queueUrl(queue).messageBody("{}"));
    CountDownLatch invoked = new CountDownLatch(1);
    // As LambdaFunction answers when the invoking thread is interrupted.
    RequestHandler<SQSEvent, SQSBatchResponse> handling =
        (event, context) -> {
          invoked.countDown();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while invoking the function", e);
          }
          return new SQSBatchResponse();
        };
    SqsEventSourceMapping mapping = new SqsEventSourceMapping(sqs, queue, handling).start();
    assertThat(invoked.await(30, TimeUnit.SECONDS)).as("invoked").isTrue();

    List<ILoggingEvent> logged =
        LoggedEvents.during(SqsEventSourceMapping.class.getName(), mapping::close);

    assertThat(logged)
        .extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
        .containsExactly(
            tuple(
                Level.INFO,
                "stopped mid-invocation; its 1 messages return to the queue when their visibility"
                    + " timeout ends"));
    assertThat(
            sqs.getQueueAttributes(
                    b ->
                        b.queueUrl(queue)
                            .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes())
        .as("the batch, not deleted")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "1");
  }
}
