package dev.jobs.pipeline.s3tosqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Failures no emulator produces (ElasticMQ never fails an entry), injected into SQS's answers: each
 * failed entry is retried, and reported if it still fails; nothing is swallowed.
 */
class JobQueueTest {

  /** Fails the entries whose body starts with "fail" (always) or "flaky" (on the first try). */
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
        boolean flakyFirstTry = body.startsWith("flaky") && !flakyTried.contains(body);
        if (flakyFirstTry) {
          flakyTried.add(body);
        }
        if (body.startsWith("fail") || flakyFirstTry) {
          failed.add(
              BatchResultErrorEntry.builder()
                  .id(entry.id())
                  .code("InternalError")
                  .senderFault(false)
                  .build());
        } else if (body.startsWith("refused")) {
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
  void retriesFailedEntriesAndReportsTheOnesThatStillFail() throws Exception {
    FailingSqs sqs = new FailingSqs();
    List<Rejection> rejected = new CopyOnWriteArrayList<>();

    try (JobQueue queue =
        new JobQueue(sqs, "https://sqs/queue", "job_offers/a.csv", rejected::add)) {
      queue.send(new JobQueue.Message(2, "ok-1"));
      queue.send(new JobQueue.Message(3, "flaky-1"));
      queue.send(new JobQueue.Message(4, "fail-1"));
      queue.send(new JobQueue.Message(5, "refused-1"));
      queue.send(new JobQueue.Message(6, "ok-2"));
      queue.flush();

      assertThat(sqs.sentBodies).containsExactlyInAnyOrder("ok-1", "flaky-1", "ok-2");
      assertThat(queue.sent()).isEqualTo(3);
    }
    assertThat(rejected)
        .extracting(Rejection::line, Rejection::reason)
        .containsExactlyInAnyOrder(
            tuple(4L, "could not be sent to the queue after 5 attempts: InternalError"),
            tuple(5L, "the queue refused it: InvalidMessageContents"));
    assertThat(rejected).allSatisfy(r -> assertThat(r.fields()).hasSize(1));
  }

  @Test
  void sendsBatchesOfAtMostTenMessages() throws Exception {
    FailingSqs sqs = new FailingSqs();
    sqs.calls.set(1); // no outage in this test
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    SqsClient counting =
        new SqsClient() {
          @Override
          public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
            sizes.add(request.entries().size());
            return sqs.sendMessageBatch(request);
          }

          @Override
          public String serviceName() {
            return "sqs";
          }

          @Override
          public void close() {}
        };

    try (JobQueue queue = new JobQueue(counting, "https://sqs/queue", "k", r -> {})) {
      for (int i = 0; i < 25; i++) {
        queue.send(new JobQueue.Message(i + 2, "ok-" + i));
      }
      queue.flush();
    }

    assertThat(sizes).containsExactlyInAnyOrder(10, 10, 5);
  }
}
