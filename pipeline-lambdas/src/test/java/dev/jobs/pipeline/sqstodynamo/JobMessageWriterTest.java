package dev.jobs.pipeline.sqstodynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.jobs.model.Job;
import dev.jobs.store.InMemoryJobStore;
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
    for (int i = 0; i < 30; i++) {
      batch.add(message("m" + i, json(id(i), "Job " + i)));
    }
    batch.add(message("refused", json(id(99), REFUSED)));
    batch.add(message("not-json", "{\"id\":"));

    assertThat(writer.write(batch)).containsExactlyInAnyOrder("refused", "not-json");
    assertThat(store.list(100, Optional.empty(), Optional.empty()).jobs())
        .hasSize(30)
        .noneMatch(job -> job.getTitle().equals(REFUSED));
  }

  @Test
  void ofTwoMessagesForOneJobTheLaterWins() throws Exception {
    assertThat(
            writer.write(
                List.of(
                    message("first", json(id(1), "First")),
                    message("second", json(id(1), "Second")))))
        .isEmpty();

    assertThat(store.find(id(1))).map(Job::getTitle).contains("Second");
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
            () -> new JobMessageWriter(throttled).write(List.of(message("m", json(id(1), "J")))))
        .isInstanceOf(StoreUnavailableException.class);
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
