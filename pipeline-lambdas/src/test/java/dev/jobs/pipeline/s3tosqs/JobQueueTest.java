package dev.jobs.pipeline.s3tosqs;

import static dev.jobs.pipeline.s3tosqs.JobQueue.MAX_BATCH_BYTES;
import static dev.jobs.pipeline.s3tosqs.JobQueue.MAX_BATCH_MESSAGES;
import static dev.jobs.pipeline.s3tosqs.JobQueue.MAX_JOBS_PER_MESSAGE;
import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.jobs.pipeline.IngestionNames;
import dev.jobs.store.DynamoJobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * How jobs are grouped into messages and batches, and failures no emulator produces (ElasticMQ
 * never fails an entry), injected into SQS's answers: each failed entry is retried, and reported if
 * it still fails; nothing is swallowed.
 */
class JobQueueTest {

  /** Fails the entries whose body holds "fail" (always) or "flaky" (on the first try). */
  private static final class FailingSqs implements SqsClient {
    final List<String> sentBodies = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    final List<String> flakyTried = new CopyOnWriteArrayList<>();

    @Override
    public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
      if (calls.incrementAndGet() == 1) {
        throw SqsException.builder().message("service unavailable").statusCode(503).build();
      }
      List<SendMessageBatchResultEntry> ok = new ArrayList<>();
      List<BatchResultErrorEntry> failed = new ArrayList<>();
      for (SendMessageBatchRequestEntry entry : request.entries()) {
        String body = entry.messageBody();
        boolean flakyFirstTry = body.contains("flaky") && !flakyTried.contains(body);
        if (flakyFirstTry) {
          flakyTried.add(body);
        }
        if (body.contains("fail") || flakyFirstTry) {
          failed.add(
              BatchResultErrorEntry.builder()
                  .id(entry.id())
                  .code("InternalError")
                  .senderFault(false)
                  .build());
        } else if (body.contains("refused")) {
          failed.add(
              BatchResultErrorEntry.builder()
                  .id(entry.id())
                  .code("InvalidMessageContents")
                  .senderFault(true)
                  .build());
        } else {
          sentBodies.add(body);
          ok.add(SendMessageBatchResultEntry.builder().id(entry.id()).messageId("m").build());
        }
      }
      return SendMessageBatchResponse.builder().successful(ok).failed(failed).build();
    }

    @Override
    public String serviceName() {
      return "sqs";
    }

    @Override
    public void close() {}
  }

  @Test
  void retriesFailedMessagesAndReportsEachJobOfTheOnesThatStillFail() throws Exception {
    FailingSqs sqs = new FailingSqs();
    List<Rejection> rejected = new CopyOnWriteArrayList<>();

    try (JobQueue queue =
        new JobQueue(sqs, "https://sqs/queue", "job_offers/a.csv", 2, rejected::add)) {
      queue.send(2, "ok-1");
      queue.send(3, "ok-2");
      queue.send(4, "flaky-1");
      queue.send(5, "ok-3");
      queue.send(6, "fail-1");
      queue.send(7, "ok-4");
      queue.send(8, "refused-1");
      queue.flush();

      assertThat(sqs.sentBodies).containsExactlyInAnyOrder("[ok-1,ok-2]", "[flaky-1,ok-3]");
      assertThat(queue.sent()).isEqualTo(4);
    }
    assertThat(rejected)
        .extracting(Rejection::line, Rejection::reason)
        .containsExactlyInAnyOrder(
            tuple(6L, "could not be sent to the queue after 5 attempts: InternalError"),
            tuple(7L, "could not be sent to the queue after 5 attempts: InternalError"),
            tuple(8L, "the queue refused it: InvalidMessageContents"));
    assertThat(rejected)
        .extracting(Rejection::fields)
        .containsExactlyInAnyOrder(List.of("fail-1"), List.of("ok-4"), List.of("refused-1"));
  }

  @Test
  void sendsMessagesOfTwentyFiveJobsTenToABatchWithTheirLines() throws Exception {
    CountingSqs sqs = new CountingSqs();

    try (JobQueue queue = new JobQueue(sqs, "https://sqs/queue", "k", r -> {})) {
      for (int i = 0; i < 300; i++) {
        queue.send(i + 2, "{}");
      }
      queue.flush();
      assertThat(queue.sent()).isEqualTo(300);
    }

    assertThat(sqs.batches).extracting(List::size).containsExactlyInAnyOrder(MAX_BATCH_MESSAGES, 2);
    List<SendMessageBatchRequestEntry> messages =
        sqs.batches.stream().flatMap(List::stream).toList();
    assertThat(messages)
        .allSatisfy(m -> assertThat(m.messageBody().split(",")).hasSize(MAX_JOBS_PER_MESSAGE));
    assertThat(messages)
        .extracting(m -> m.messageAttributes().get(IngestionNames.LINES_ATTRIBUTE).stringValue())
        .contains(
            IntStream.rangeClosed(2, 26).mapToObj(String::valueOf).collect(joining(",")),
            IntStream.rangeClosed(277, 301).mapToObj(String::valueOf).collect(joining(",")));
  }

  @Test
  void keepsEachMessageAndEachBatchWithinSqsSizeLimit() throws Exception {
    CountingSqs sqs = new CountingSqs();
    String large = "x".repeat(100 * 1024);

    try (JobQueue queue = new JobQueue(sqs, "https://sqs/queue", "k", r -> {})) {
      for (int i = 0; i < 5; i++) {
        assertThat(queue.fits(i + 2, large)).isTrue();
        queue.send(i + 2, large);
      }
      assertThat(queue.fits(9, "x".repeat(MAX_BATCH_BYTES))).isFalse();
      queue.flush();
    }

    // Two jobs of 100 KiB to a message, one message to a batch.
    assertThat(sqs.batches).hasSize(3).allSatisfy(batch -> assertThat(batch).hasSize(1));
    assertThat(sqs.batches)
        .flatExtracting(batch -> batch)
        .allSatisfy(m -> assertThat(m.messageBody().length()).isLessThan(MAX_BATCH_BYTES));
  }

  @Test
  void aMessageCarriesAsManyJobsAsOneBatchWriteItemWrites() {
    assertThat(MAX_JOBS_PER_MESSAGE).isEqualTo(DynamoJobStore.MAX_BATCH_WRITE_ITEMS);
  }

  /** Takes every batch, and records its entries. */
  private static final class CountingSqs implements SqsClient {
    final List<List<SendMessageBatchRequestEntry>> batches = new CopyOnWriteArrayList<>();

    @Override
    public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
      batches.add(request.entries());
      return SendMessageBatchResponse.builder()
          .successful(
              request.entries().stream()
                  .map(e -> SendMessageBatchResultEntry.builder().id(e.id()).build())
                  .toList())
          .build();
    }

    @Override
    public String serviceName() {
      return "sqs";
    }

    @Override
    public void close() {}
  }
}
