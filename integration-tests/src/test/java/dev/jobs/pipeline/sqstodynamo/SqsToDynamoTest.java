package dev.jobs.pipeline.sqstodynamo;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.locallambda.SqsEventSourceMapping;
import dev.jobs.pipeline.PipelineTestBase;
import dev.jobs.store.DynamoJobStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** sqs_to_dynamo_lambda: partial batch failures, duplicates, poison messages, redelivery. */
class SqsToDynamoTest extends PipelineTestBase {

  private static String job(String id, String title) {
    return "{\"id\":\""
        + id
        + "\",\"city\":\"Lyon\",\"company_name\":\"ACME\",\"title\":\""
        + title
        + "\"}";
  }

  private static String id(int i) {
    return "%032x".formatted(i + 1);
  }

  /** A message body: the JSON array of {@code count} jobs, numbered from {@code first}. */
  private static String jobs(int first, int count) {
    List<String> jobs = new ArrayList<>();
    for (int i = first; i < first + count; i++) {
      jobs.add(job(id(i), "Job " + i));
    }
    return "[" + String.join(",", jobs) + "]";
  }

  @Test
  void reportsOnlyTheMessagesThatFailAndWritesTheOthers() {
    List<SQSEvent.SQSMessage> batch = new ArrayList<>();
    for (int m = 0; m < 8; m++) {
      batch.add(message("m" + m, jobs(25 * m, 25)));
    }
    batch.add(message("not-json", "[{\"id\":"));
    batch.add(message("not-a-job", "[" + job("NOT-AN-ID", "Bad id") + "]"));

    SQSBatchResponse response = sqsToDynamo.handleRequest(event(batch), null);

    assertThat(response.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactlyInAnyOrder("not-json", "not-a-job");
    assertThat(tableItems()).hasSize(8 * 25);
  }

  @Test
  void ofTwoJobsWithOneKeyTheLaterWinsInOneMessageOrInTwo() {
    SQSBatchResponse response =
        sqsToDynamo.handleRequest(
            event(
                List.of(
                    message(
                        "first",
                        "["
                            + job(id(1), "First version")
                            + ","
                            + job(id(2), "First version")
                            + ","
                            + job(id(1), "Second version")
                            + "]"),
                    message("second", "[" + job(id(2), "Second version") + "]"))),
            null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(tableItems())
        .hasSize(2)
        .allSatisfy(item -> assertThat(item.get("title").s()).isEqualTo("Second version"));
  }

  @Test
  void aPoisonMessageEndsInTheDeadLetterQueueAfterFourReceivesAndNothingElseDoes() {
    for (int m = 0; m < 4; m++) {
      String body = jobs(25 * m, 25);
      aws.sqs().sendMessage(b -> b.queueUrl(aws.queueUrl()).messageBody(body));
    }
    aws.sqs().sendMessage(b -> b.queueUrl(aws.queueUrl()).messageBody("poison"));

    new SqsEventSourceMapping(aws.sqs(), aws.queueUrl(), sqsToDynamo).drain();

    assertThat(tableItems()).hasSize(4 * 25);
    List<Message> dead =
        aws.sqs()
            .receiveMessage(
                b ->
                    b.queueUrl(aws.deadLetterQueueUrl())
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1)
                        .messageSystemAttributeNames(
                            MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
            .messages();
    assertThat(dead).extracting(Message::body).containsExactly("poison");
    assertThat(dead.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
        .isEqualTo("5");
  }

  @Test
  void primingForSnapStartWritesNothing() {
    new JobMessageWriter(
            new DynamoJobStore(aws.dynamoDb(), JobsAwsResources.TABLE),
            new JobRequeue(aws.sqs(), aws.queueUrl()),
            WriteListener.NONE)
        .prime();

    assertThat(tableItems()).isEmpty();
    assertThat(
            aws.direct()
                .sqs()
                .receiveMessage(b -> b.queueUrl(aws.queueUrl()).waitTimeSeconds(0))
                .messages())
        .isEmpty();
  }

  @Test
  void theSameFileDeliveredTwiceIsStoredOnce() {
    byte[] csv =
        ("id,city,company_name,title\n"
                + "\""
                + id(1)
                + "\",\"Lyon\",\"ACME\",\"One\"\n"
                + "\""
                + id(2)
                + "\",\"Paris\",\"ACME\",\"Two\"\n")
            .getBytes(StandardCharsets.UTF_8);

    upload("twice.csv", csv);
    upload("twice.csv", csv);
    drainQueue();

    assertThat(tableItems()).hasSize(2);
  }

  private static SQSEvent.SQSMessage message(String id, String body) {
    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
    message.setMessageId(id);
    message.setBody(body);
    message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
    message.setEventSource("aws:sqs");
    return message;
  }

  private static SQSEvent event(List<SQSEvent.SQSMessage> messages) {
    SQSEvent event = new SQSEvent();
    event.setRecords(messages);
    return event;
  }
}
