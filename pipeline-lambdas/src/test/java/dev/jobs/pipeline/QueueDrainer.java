package dev.jobs.pipeline;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.jobs.pipeline.sqstodynamo.SqsToDynamoHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What Lambda's SQS event source mapping does, for tests: receive batches of 10, invoke the
 * handler, delete (in one batch) only what it did not report as failed. A failed message is made
 * visible again at once (as if its visibility timeout had passed), so the redrive policy plays out
 * quickly.
 */
public final class QueueDrainer {

  private final SqsClient sqs;
  private final String queueUrl;
  private final SqsToDynamoHandler handler;

  public QueueDrainer(SqsClient sqs, String queueUrl, SqsToDynamoHandler handler) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.handler = handler;
  }

  /** Invokes the handler until the queue is empty; returns how many batches it took. */
  public int drain() {
    int batches = 0;
    int emptyReceives = 0;
    while (emptyReceives < 2) {
      List<Message> messages =
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(0)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                          .messageAttributeNames("All"))
              .messages();
      if (messages.isEmpty()) {
        emptyReceives++;
        continue;
      }
      emptyReceives = 0;
      batches++;
      SQSBatchResponse response = handler.handleRequest(event(messages), null);
      Set<String> failed =
          response.getBatchItemFailures().stream()
              .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
              .collect(Collectors.toSet());
      List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
      for (Message message : messages) {
        if (failed.contains(message.messageId())) {
          sqs.changeMessageVisibility(
              b ->
                  b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
        } else {
          done.add(
              DeleteMessageBatchRequestEntry.builder()
                  .id(String.valueOf(done.size()))
                  .receiptHandle(message.receiptHandle())
                  .build());
        }
      }
      if (!done.isEmpty()) {
        sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
      }
    }
    return batches;
  }

  private SQSEvent event(List<Message> messages) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (Message message : messages) {
      SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
      record.setMessageId(message.messageId());
      record.setReceiptHandle(message.receiptHandle());
      record.setBody(message.body());
      record.setMd5OfBody(message.md5OfBody());
      record.setAttributes(
          message.attributes().entrySet().stream()
              .collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue)));
      record.setEventSource("aws:sqs");
      record.setEventSourceArn("arn:aws:sqs:eu-west-1:000000000000:job-offers-queue");
      record.setAwsRegion("eu-west-1");
      records.add(record);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }
}
