package dev.jobs.pipeline.s3tosqs;

import static dev.jobs.pipeline.IngestionNames.LINES_ATTRIBUTE;
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
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Sends one file's jobs to the queue, up to {@value #MAX_JOBS_PER_MESSAGE} jobs per message (the
 * unit of one BatchWriteItem downstream) and {@value #MAX_BATCH_MESSAGES} messages per
 * SendMessageBatch, several batches in flight at once (at most {@value #MAX_BATCHES_IN_FLIGHT}).
 * Messages that fail are retried with backoff; the jobs of those that still fail, or that SQS
 * refuses as the sender's fault, are handed to the rejection consumer, each with its line. Nothing
 * is swallowed.
 */
final class JobQueue implements AutoCloseable {

  /**
   * A message carries at most as many jobs as one BatchWriteItem writes (the store's {@code
   * MAX_BATCH_WRITE_ITEMS}, which a test holds it to), so that one message is one write downstream.
   */
  static final int MAX_JOBS_PER_MESSAGE = 25;

  /** SendMessageBatch takes at most 10 messages... */
  static final int MAX_BATCH_MESSAGES = 10;

  /** ...of at most 256 KiB together, which is also the most one message may be. */
  static final int MAX_BATCH_BYTES = 256 * 1024;

  private static final int MAX_BATCHES_IN_FLIGHT = 8;
  private static final int MAX_SEND_ATTEMPTS = 5;
  private static final BackoffStrategy BACKOFF =
      BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5));

  /**
   * One message: jobs in JSON and the lines they came from, in the file's order. Its body is the
   * JSON array of the jobs (the shared model's {@code Job}); its {@code lines} attribute their
   * lines.
   */
  record Message(List<Long> lines, List<String> jobs) {

    String body() {
      return "[" + String.join(",", jobs) + "]";
    }

    String linesAttribute() {
      return lines.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
  }

  private final SqsClient sqs;
  private final String queueUrl;
  private final String sourceKey;
  private final int jobsPerMessage;
  private final Consumer<Rejection> onFailure;
  private final ExecutorService senders = Executors.newFixedThreadPool(MAX_BATCHES_IN_FLIGHT);
  private final Semaphore inFlight = new Semaphore(MAX_BATCHES_IN_FLIGHT);
  private final AtomicLong sent = new AtomicLong();
  private List<Long> lines = new ArrayList<>();
  private List<String> jobs = new ArrayList<>();
  private int messageBytes;
  private List<Message> batch = new ArrayList<>(MAX_BATCH_MESSAGES);
  private int batchBytes;

  JobQueue(SqsClient sqs, String queueUrl, String sourceKey, Consumer<Rejection> onFailure) {
    this(sqs, queueUrl, sourceKey, MAX_JOBS_PER_MESSAGE, onFailure);
  }

  JobQueue(
      SqsClient sqs,
      String queueUrl,
      String sourceKey,
      int jobsPerMessage,
      Consumer<Rejection> onFailure) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.sourceKey = sourceKey;
    this.jobsPerMessage = jobsPerMessage;
    this.onFailure = onFailure;
  }

  /**
   * Sends a batch that SQS refuses whole, its two entries having one id (BatchEntryIdsNotDistinct):
   * the send path, entries and attributes included, taken once with nothing sent (SnapStart's
   * priming). Were it ever taken, its messages hold no job.
   */
  void primeSend() {
    Message empty = new Message(List.of(), List.of());
    List<SendMessageBatchRequestEntry> sameId =
        request(List.of(empty, empty)).entries().stream()
            .map(entry -> entry.toBuilder().id("priming").build())
            .toList();
    try {
      sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(sameId));
    } catch (SqsException refused) {
      // As intended.
    }
  }

  /** Whether a message of this job alone is within what SQS takes. */
  boolean fits(long line, String job) {
    return emptyMessageBytes() + jobBytes(line, job) <= MAX_BATCH_BYTES;
  }

  /** Queues a job that {@link #fits}, sending a batch of messages when one is full. */
  void send(long line, String job) throws InterruptedException {
    int size = jobBytes(line, job);
    if (jobs.size() == jobsPerMessage || messageBytes + size > MAX_BATCH_BYTES) {
      closeMessage();
    }
    if (jobs.isEmpty()) {
      messageBytes = emptyMessageBytes();
    }
    lines.add(line);
    jobs.add(job);
    messageBytes += size;
  }

  /** Sends what is queued and waits until every batch is answered. */
  void flush() throws InterruptedException {
    if (!jobs.isEmpty()) {
      closeMessage();
    }
    if (!batch.isEmpty()) {
      dispatch();
    }
    inFlight.acquire(MAX_BATCHES_IN_FLIGHT);
    inFlight.release(MAX_BATCHES_IN_FLIGHT);
  }

  /** The jobs that SQS took. */
  long sent() {
    return sent.get();
  }

  /**
   * The bytes SQS counts for a message without jobs: the brackets of its body and its attributes'
   * names, types and the source key.
   */
  private int emptyMessageBytes() {
    return 2
        + SOURCE_KEY_ATTRIBUTE.length()
        + "String".length()
        + sourceKey.getBytes(StandardCharsets.UTF_8).length
        + LINES_ATTRIBUTE.length()
        + "String".length();
  }

  /** What a job adds to a message: its JSON, its line, and a separator for each. */
  private static int jobBytes(long line, String job) {
    return job.getBytes(StandardCharsets.UTF_8).length + 1 + String.valueOf(line).length() + 1;
  }

  private void closeMessage() throws InterruptedException {
    if (batch.size() == MAX_BATCH_MESSAGES || batchBytes + messageBytes > MAX_BATCH_BYTES) {
      dispatch();
    }
    batch.add(new Message(lines, jobs));
    batchBytes += messageBytes;
    lines = new ArrayList<>();
    jobs = new ArrayList<>();
    messageBytes = 0;
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
        List<Message> failed = new ArrayList<>();
        List<Message> retry = new ArrayList<>();
        for (BatchResultErrorEntry failure : response.failed()) {
          Message message = pending.get(Integer.parseInt(failure.id()));
          failed.add(message);
          if (failure.senderFault()) {
            reject(message, "the queue refused it: " + failure.code());
          } else {
            retry.add(message);
            lastError = failure.code();
          }
        }
        for (Message message : pending) {
          if (!failed.contains(message)) {
            sent.addAndGet(message.jobs().size());
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
                      SOURCE_KEY_ATTRIBUTE, text(sourceKey),
                      LINES_ATTRIBUTE, text(message.linesAttribute())))
              .build());
    }
    return SendMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build();
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  /** Each job of a message that was not sent is reported as its own row. */
  private void reject(Message message, String reason) {
    for (int i = 0; i < message.jobs().size(); i++) {
      onFailure.accept(
          new Rejection(message.lines().get(i), reason, List.of(message.jobs().get(i))));
    }
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
