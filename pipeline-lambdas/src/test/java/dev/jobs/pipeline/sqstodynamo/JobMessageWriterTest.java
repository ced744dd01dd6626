package dev.jobs.pipeline.sqstodynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.jobs.model.Job;
import dev.jobs.store.InMemoryJobStore;
import dev.jobs.store.JobKey;
import dev.jobs.store.JobRejectedException;
import dev.jobs.store.JobStore;
import dev.jobs.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The writer's rules on the in-memory store, in milliseconds: which messages fail, alone. The same
 * writer against dynalite and SQS is {@link SqsToDynamoTest}.
 */
class JobMessageWriterTest {

  /** Refuses, as DynamoDB refuses a whole BatchWriteItem, any call with a job titled so. */
  private static final String REFUSED = "Refused";

  private final InMemoryJobStore store =
      new InMemoryJobStore() {
        @Override
        public List<Job> putAll(List<Job> jobs) {
          if (jobs.stream().anyMatch(job -> job.getTitle().equals(REFUSED))) {
            throw new JobRejectedException("ValidationException", null);
          }
          return super.putAll(jobs);
        }
      };
  private final JobMessageWriter writer = new JobMessageWriter(store);

  @Test
  void aJobTheStoreRefusesFailsItsMessageAloneAndTheOthersAreWritten() throws Exception {
    List<SQSMessage> batch = new ArrayList<>();
    for (int m = 0; m < 3; m++) {
      batch.add(message("m" + m, jobs(25 * m, 25)));
    }
    String refusedAmongOthers = jobs(100, 24).replace("]", "," + json(id(200), REFUSED) + "]");
    batch.add(message("refused", refusedAmongOthers));
    batch.add(message("not-json", "[{\"id\":"));

    assertThat(writer.write(batch)).containsExactlyInAnyOrder("refused", "not-json");
    assertThat(store.list(1000, Optional.empty(), Optional.empty()).jobs())
        .hasSize(75 + 24)
        .noneMatch(job -> job.getTitle().equals(REFUSED));
  }

  @Test
  void aMessageWithAnInvalidJobFailsAndItsValidJobsAreWrittenAllTheSame() throws Exception {
    String oneBad = jobs(0, 3).replace("]", "," + json("NOT-AN-ID", "Bad id") + "]");

    assertThat(writer.write(List.of(message("bad", oneBad), message("good", jobs(10, 2)))))
        .containsExactly("bad");
    assertThat(store.list(100, Optional.empty(), Optional.empty()).jobs()).hasSize(3 + 2);
  }

  @Test
  void ofTwoJobsWithOneKeyTheLaterWinsInOneMessageOrInTwo() throws Exception {
    assertThat(
            writer.write(
                List.of(
                    message(
                        "first", "[" + json(id(1), "First") + "," + json(id(1), "Second") + "]"),
                    message("other", "[" + json(id(2), "First") + "]"),
                    message("second", "[" + json(id(2), "Second") + "]"))))
        .isEmpty();

    assertThat(store.find(new JobKey(id(1), "Lyon"))).map(Job::getTitle).contains("Second");
    assertThat(store.find(new JobKey(id(2), "Lyon"))).map(Job::getTitle).contains("Second");
  }

  @Test
  void aMessageOfOneJobAsTheyWereBeforeIsStillWritten() throws Exception {
    assertThat(writer.write(List.of(message("old", json(id(1), "Old format"))))).isEmpty();

    assertThat(store.find(new JobKey(id(1), "Lyon"))).map(Job::getTitle).contains("Old format");
  }

  @Test
  void anUnavailableStoreFailsTheWholeBatchSoThatItComesBack() {
    JobStore throttled =
        new InMemoryJobStore() {
          @Override
          public List<Job> putAll(List<Job> jobs) {
            throw new StoreUnavailableException("throttled", null);
          }
        };

    assertThatThrownBy(
            () -> new JobMessageWriter(throttled).write(List.of(message("m", jobs(1, 1)))))
        .isInstanceOf(StoreUnavailableException.class);
  }

  /** A message body: the JSON array of {@code count} jobs, numbered from {@code first}. */
  private static String jobs(int first, int count) {
    List<String> jobs = new ArrayList<>();
    for (int i = first; i < first + count; i++) {
      jobs.add(json(id(i), "Job " + i));
    }
    return "[" + String.join(",", jobs) + "]";
  }

  private static String id(int i) {
    return "%032x".formatted(i + 1);
  }

  private static String json(String id, String title) {
    return "{\"id\":\""
        + id
        + "\",\"city\":\"Lyon\",\"company_name\":\"ACME\",\"title\":\""
        + title
        + "\"}";
  }

  private static SQSMessage message(String id, String body) {
    SQSMessage message = new SQSMessage();
    message.setMessageId(id);
    message.setBody(body);
    return message;
  }
}
