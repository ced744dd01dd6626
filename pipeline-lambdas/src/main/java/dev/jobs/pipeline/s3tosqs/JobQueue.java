package dev.jobs.pipeline.s3tosqs;

import static dev.jobs.pipeline.IngestionNames.LINE_ATTRIBUTE;
import static dev.jobs.pipeline.IngestionNames.SOURCE_KEY_ATTRIBUTE;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends one file's jobs to the queue: SendMessageBatch of {@value #MAX_BATCH_MESSAGES}, several
 * batches in flight at once (at most {@value #MAX_BATCHES_IN_FLIGHT}). Entries that fail are
 * retried with backoff; those that still fail, or that SQS refuses as the sender's fault, are
 * handed to the rejection consumer. Nothing is swallowed.
 */
final class JobQueue implements AutoCloseable {

  /** SendMessageBatch takes at most 10 messages... */
  static final int MAX_BATCH_MESSAGES = 10;

  /** ...of at most 256 KiB together, which is also the most one message may be. */
  static final int MAX_BATCH_BYTES = 256 * 1024;

  private static final int MAX_BATCHES_IN_FLIGHT = 8;
  private static final int MAX_SEND_ATTEMPTS = 5;
  private static final BackoffStrategy BACKOFF =
      BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5));

  /** One job to send: its body, and the line it came from. */
  record Message(long line, String body) {}

  private final SqsClient sqs;
  private final String queueUrl;
  private final String sourceKey;
  private final Consumer<Rejection> onFailure;
  private final ExecutorService senders = Executors.newFixedThreadPool(MAX_BATCHES_IN_FLIGHT);
  private final Semaphore inFlight = new Semaphore(MAX_BATCHES_IN_FLIGHT);
  private final AtomicLong sent = new AtomicLong();
  private List<Message> batch = new ArrayList<>(MAX_BATCH_MESSAGES);
  private int batchBytes;

  JobQueue(SqsClient sqs, String queueUrl, String sourceKey, Consumer<Rejection> onFailure) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.sourceKey = sourceKey;
    this.onFailure = onFailure;
  }

  /** The bytes SQS counts for a message: its body and its attributes. */
  int sizeOf(Message message) {
    return message.body().getBytes(StandardCharsets.UTF_8).length
        + attributeBytes(SOURCE_KEY_ATTRIBUTE, "String", sourceKey)
        + attributeBytes(LINE_ATTRIBUTE, "Number", String.valueOf(message.line()));
  }

  private static int attributeBytes(String name, String type, String value) {
    return name.length() + type.length() + value.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Queues a message of at most {@link #MAX_BATCH_BYTES}, sending a batch when one is full. */
  void send(Message message) throws InterruptedException {
    int size = sizeOf(message);
    if (batch.size() == MAX_BATCH_MESSAGES || batchBytes + size > MAX_BATCH_BYTES) {
      dispatch();
    }
    batch.add(message);
    batchBytes += size;
  }

  /** Sends what is queued and waits until every batch is answered. */
  void flush() throws InterruptedException {
    if (!batch.isEmpty()) {
      dispatch();
    }
    inFlight.acquire(MAX_BATCHES_IN_FLIGHT);
    inFlight.release(MAX_BATCHES_IN_FLIGHT);
  }

  long sent() {
    return sent.get();
  }

  private void dispatch() throws InterruptedException {
    List<Message> full = batch;
    batch = new ArrayList<>(MAX_BATCH_MESSAGES);
    batchBytes = 0;
    inFlight.acquire();
    senders.execute(
        () -> {
          try {
            sendWithRetries(full);
          } finally {
            inFlight.release();
          }
        });
  }

  private void sendWithRetries(List<Message> messages) {
    List<Message> pending = messages;
    String lastError = "";
    for (int attempt = 1; attempt <= MAX_SEND_ATTEMPTS && !pending.isEmpty(); attempt++) {
      if (attempt > 1 && !pause(attempt - 1)) {
        break;
      }
      try {
        SendMessageBatchResponse response = sqs.sendMessageBatch(request(pending));
        sent.addAndGet(response.successful().size());
        List<Message> retry = new ArrayList<>();
        for (BatchResultErrorEntry failure : response.failed()) {
          Message message = pending.get(Integer.parseInt(failure.id()));
          if (failure.senderFault()) {
            reject(message, "the queue refused it: " + failure.code());
          } else {
            retry.add(message);
            lastError = failure.code();
          }
        }
        pending = retry;
      } catch (SdkException e) {
        lastError = e.getClass().getSimpleName();
      }
    }
    String error = lastError;
    pending.forEach(
        message ->
            reject(
                message,
                "could not be sent to the queue after "
                    + MAX_SEND_ATTEMPTS
                    + " attempts: "
                    + error));
  }

  /** Batch entry ids are the messages' indexes in the batch: unique, and valid for SQS. */
  private SendMessageBatchRequest request(List<Message> messages) {
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      entries.add(
          SendMessageBatchRequestEntry.builder()
              .id(String.valueOf(i))
              .messageBody(message.body())
              .messageAttributes(
                  Map.of(
                      SOURCE_KEY_ATTRIBUTE,
                      MessageAttributeValue.builder()
                          .dataType("String")
                          .stringValue(sourceKey)
                          .build(),
                      LINE_ATTRIBUTE,
                      MessageAttributeValue.builder()
                          .dataType("Number")
                          .stringValue(String.valueOf(message.line()))
                          .build()))
              .build());
    }
    return SendMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build();
  }

  private void reject(Message message, String reason) {
    onFailure.accept(new Rejection(message.line(), reason, List.of(message.body())));
  }

  private static boolean pause(int retry) {
    try {
      Thread.sleep(BACKOFF.computeDelay(retry).toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    senders.shutdown();
    if (!senders.awaitTermination(1, TimeUnit.MINUTES)) {
      senders.shutdownNow();
    }
  }
}
