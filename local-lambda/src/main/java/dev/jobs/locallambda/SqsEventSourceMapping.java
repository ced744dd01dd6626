package dev.jobs.locallambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What Lambda's SQS event source mapping does (batch size 10, ReportBatchItemFailures): receive,
 * invoke the handler, delete only what it did not report as failed. Failed messages, and a batch
 * whose invocation failed or timed out, come back after the queue's visibility timeout, and go to
 * the dead letter queue by its redrive policy.
 */
public final class SqsEventSourceMapping implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SqsEventSourceMapping.class);
  private static final int BATCH_SIZE = 10;
  private static final int LONG_POLL_SECONDS = 2;

  private final SqsClient sqs;
  private final String queueUrl;
  private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
  private volatile boolean running;
  private volatile boolean closed;
  private final List<Thread> pollers = new ArrayList<>();
  // Invocations in flight: close() waits for these, not for pollers waiting on a long poll.
  private final Phaser invocations = new Phaser(1);

  public SqsEventSourceMapping(
      SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.handler = handler;
  }

  /** Polls on a thread of its own until closed (the local run). */
  public SqsEventSourceMapping start() {
    return start(1);
  }

  /**
   * Polls on as many threads until closed, each invoking the function with its own batches, as
   * Lambda's pollers do when it scales a function up to the queue's backlog.
   */
  public SqsEventSourceMapping start(int concurrency) {
    running = true;
    for (int i = 0; i < concurrency; i++) {
      Thread poller =
          new Thread(
              () -> {
                while (running) {
                  try {
                    poll(LONG_POLL_SECONDS, false);
                  } catch (RuntimeException e) {
                    if (running) {
                      log.warn("the event source mapping's poll failed; polling on", e);
                    }
                  }
                }
              },
              "sqs-event-source-mapping-" + i);
      poller.setDaemon(true);
      poller.start();
      pollers.add(poller);
    }
    return this;
  }

  /**
   * Invokes the handler until the queue is empty (tests). A failed message is made visible again at
   * once, as if its visibility timeout had passed, so the redrive policy plays out quickly.
   *
   * @return the number of batches handled
   */
  public int drain() {
    int batches = 0;
    int emptyReceives = 0;
    while (emptyReceives < 2) {
      if (poll(0, true) == 0) {
        emptyReceives++;
      } else {
        emptyReceives = 0;
        batches++;
      }
    }
    return batches;
  }

  private int poll(int waitSeconds, boolean failedVisibleAtOnce) {
    List<Message> messages =
        sqs.receiveMessage(
                b ->
                    b.queueUrl(queueUrl)
                        .maxNumberOfMessages(BATCH_SIZE)
                        .waitTimeSeconds(waitSeconds)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
            .messages();
    if (messages.isEmpty()) {
      return 0;
    }
    invocations.register();
    try {
      if (closed) {
        // Received as it closed: back to the queue after the visibility timeout, uninvoked.
        return 0;
      }
      return invoke(messages, failedVisibleAtOnce);
    } finally {
      invocations.arriveAndDeregister();
    }
  }

  private int invoke(List<Message> messages, boolean failedVisibleAtOnce) {
    SQSBatchResponse response;
    try {
      response = handler.handleRequest(event(messages), null);
    } catch (RuntimeException e) {
      if (failedVisibleAtOnce) {
        throw e;
      }
      // As Lambda's pollers do: nothing is deleted, the batch comes back when its time is up.
      if (closed) {
        // Cut short by close(), as an instance stopped mid-invocation: no failure of the function.
        log.info(
            "stopped mid-invocation; its {} messages return to the queue when their visibility"
                + " timeout ends",
            messages.size());
        return messages.size();
      }
      log.atWarn()
          .addKeyValue("error.message", e.getMessage())
          .log(
              "the function failed; its {} messages return to the queue when their visibility"
                  + " timeout ends",
              messages.size());
      return messages.size();
    }
    Set<String> failed =
        response == null || response.getBatchItemFailures() == null
            ? Set.of()
            : response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .collect(Collectors.toSet());
    List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
    for (Message message : messages) {
      if (!failed.contains(message.messageId())) {
        done.add(
            DeleteMessageBatchRequestEntry.builder()
                .id(String.valueOf(done.size()))
                .receiptHandle(message.receiptHandle())
                .build());
      } else if (failedVisibleAtOnce) {
        sqs.changeMessageVisibility(
            b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
      }
    }
    if (!done.isEmpty()) {
      sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
    }
    return messages.size();
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
      record.setMessageAttributes(
          message.messageAttributes().entrySet().stream()
              .collect(Collectors.toMap(Map.Entry::getKey, e -> attribute(e.getValue()))));
      record.setEventSource("aws:sqs");
      record.setEventSourceArn(
          "arn:aws:sqs:"
              + LocalAws.REGION.id()
              + ":"
              + LocalAws.ACCOUNT_ID
              + ":"
              + JobsAwsResources.QUEUE);
      record.setAwsRegion(LocalAws.REGION.id());
      records.add(record);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  private static SQSEvent.MessageAttribute attribute(MessageAttributeValue value) {
    SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
    attribute.setDataType(value.dataType());
    attribute.setStringValue(value.stringValue());
    return attribute;
  }

  /**
   * Stops polling: waits for the invocations in flight, not for the pollers' long polls, whose
   * messages go back to the queue uninvoked. A batch cut short is not deleted, so it comes back
   * after the visibility timeout, as when a Lambda instance is stopped mid-invocation.
   */
  @Override
  public void close() throws InterruptedException {
    closed = true;
    running = false;
    pollers.forEach(Thread::interrupt);
    try {
      invocations.awaitAdvanceInterruptibly(
          invocations.arrive(), LONG_POLL_SECONDS + 5L, TimeUnit.SECONDS);
    } catch (TimeoutException stillInvoking) {
      log.warn("the event source mapping closed with an invocation still running");
    }
  }
}
