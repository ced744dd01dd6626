package dev.jobs.pipeline.sqstodynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.MessageAttribute;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.junit.WithLocalAws;
import dev.jobs.model.Job;
import dev.jobs.pipeline.IngestionNames;
import dev.jobs.store.InMemoryJobStore;
import dev.jobs.store.JobKey;
import dev.jobs.store.JobRejectedException;
import dev.jobs.store.JobStore;
import dev.jobs.store.StoreUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The writer's rules on the in-memory store, which refuses jobs titled {@value #REFUSED} and does
 * not take those titled {@value #LATE} in time: which messages fail, alone, and which jobs go back
 * to the queue (SQS, on ElasticMQ). The same writer against dynalite is {@link SqsToDynamoTest}.
 */
@WithLocalAws(Service.SQS)
class JobMessageWriterTest {

  /** Refused, as DynamoDB refuses a whole BatchWriteItem, in any call with a job titled so. */
  private static final String REFUSED = "Refused";

  /** Not taken before the deadline, as a throttled table leaves some. */
  private static final String LATE = "Late";

  private static final String KEY = "job_offers/lyon.csv";

  private final InMemoryJobStore store =
      new InMemoryJobStore() {
        @Override
        public List<Job> putAll(List<Job> jobs, Instant deadline) {
          if (jobs.stream().anyMatch(job -> job.getTitle().equals(REFUSED))) {
            throw new JobRejectedException("ValidationException", null);
          }
          List<Job> late = jobs.stream().filter(job -> job.getTitle().startsWith(LATE)).toList();
          super.putAll(jobs.stream().filter(job -> !late.contains(job)).toList(), deadline);
          return late;
        }
      };
  private final AtomicReference<BatchOutcome> outcome = new AtomicReference<>();
  private LocalAws aws;
  private JobMessageWriter writer;

  @BeforeEach
  void emptyQueue(LocalAws localAws) {
    aws = localAws;
    aws.reset();
    writer = new JobMessageWriter(store, new JobRequeue(aws.sqs(), aws.queueUrl()), outcome::set);
  }

  @Test
  void aJobTheStoreRefusesFailsItsMessageAloneAndTheOthersAreWritten() throws Exception {
    List<SQSMessage> batch = new ArrayList<>();
    for (int m = 0; m < 3; m++) {
      batch.add(message("m" + m, jobs(25 * m, 25)));
    }
    String refusedAmongOthers = jobs(100, 24).replace("]", "," + json(id(200), REFUSED) + "]");
    batch.add(message("refused", refusedAmongOthers));
    batch.add(message("not-json", "[{\"id\":"));

    assertThat(write(batch)).containsExactlyInAnyOrder("refused", "not-json");
    assertThat(store.list(1000, Optional.empty(), Optional.empty()).jobs())
        .hasSize(75 + 24)
        .noneMatch(job -> job.getTitle().equals(REFUSED));
    assertThat(queued()).isEmpty();
  }

  @Test
  void aMessageWithAnInvalidJobFailsAndItsValidJobsAreWrittenAllTheSame() throws Exception {
    String oneBad = jobs(0, 3).replace("]", "," + json("NOT-AN-ID", "Bad id") + "]");

    assertThat(write(List.of(message("bad", oneBad), message("good", jobs(10, 2)))))
        .containsExactly("bad");
    assertThat(store.list(100, Optional.empty(), Optional.empty()).jobs()).hasSize(3 + 2);
  }

  @Test
  void ofTwoJobsWithOneKeyTheLaterWinsInOneMessageOrInTwo() throws Exception {
    assertThat(
            write(
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
    assertThat(write(List.of(message("old", json(id(1), "Old format"))))).isEmpty();

    assertThat(store.find(new JobKey(id(1), "Lyon"))).map(Job::getTitle).contains("Old format");
  }

  /** Throttling spends no receive: the late jobs go back as new messages, theirs are done. */
  @Test
  void jobsNotWrittenInTimeGoBackToTheQueueWithTheirFileAndLines() throws Exception {
    SQSMessage first =
        fromFile(
            "first",
            "[" + json(id(1), "One") + "," + json(id(2), LATE) + "," + json(id(3), "Three") + "]",
            "2,3,4");
    SQSMessage second =
        fromFile("second", "[" + json(id(4), LATE) + "," + json(id(5), LATE + " too") + "]", "5,6");

    assertThat(write(List.of(first, second))).isEmpty();

    List<Message> requeued = queued();
    assertThat(requeued)
        .extracting(m -> m.messageAttributes().get(IngestionNames.LINES_ATTRIBUTE).stringValue())
        .containsExactlyInAnyOrder("3", "5,6");
    assertThat(requeued)
        .allSatisfy(
            m ->
                assertThat(
                        m.messageAttributes()
                            .get(IngestionNames.SOURCE_KEY_ATTRIBUTE)
                            .stringValue())
                    .isEqualTo(KEY));
    assertThat(requeued)
        .filteredOn(m -> m.body().contains(id(4)))
        .singleElement()
        .satisfies(m -> assertThat(m.body()).contains(id(5)));
    assertThat(outcome.get().storedLines()).isEqualTo(Map.of(KEY, List.of(2L, 4L)));
    assertThat(outcome.get().jobsRequeued()).isEqualTo(3);
    assertThat(outcome.get().messagesRequeued()).isEqualTo(2);
    assertThat(outcome.get().jobsWritten()).isEqualTo(2);
  }

  /** Both versions of a late key go back in one message, in order: the later still wins. */
  @Test
  void lateJobsOfOneKeyGoBackTogetherInTheirOrder() throws Exception {
    SQSMessage first = fromFile("first", "[" + json(id(1), LATE + " first") + "]", "2");
    SQSMessage second = fromFile("second", "[" + json(id(1), LATE + " second") + "]", "9");

    assertThat(write(List.of(first, second))).isEmpty();

    assertThat(queued())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.body().indexOf(LATE + " first"))
                  .isLessThan(m.body().indexOf(LATE + " second"));
              assertThat(m.messageAttributes().get(IngestionNames.LINES_ATTRIBUTE).stringValue())
                  .isEqualTo("2,9");
            });
  }

  /** A message that fails comes back whole: its late jobs are not sent back besides. */
  @Test
  void aFailedMessagesLateJobsComeBackWithIt() throws Exception {
    String body = "[" + json(id(1), LATE) + "," + json("NOT-AN-ID", "Bad id") + "]";

    assertThat(write(List.of(message("bad", body)))).containsExactly("bad");
    assertThat(queued()).isEmpty();
  }

  @Test
  void anUnavailableStoreFailsTheWholeBatchSoThatItComesBack() {
    JobStore down =
        new InMemoryJobStore() {
          @Override
          public List<Job> putAll(List<Job> jobs, Instant deadline) {
            throw new StoreUnavailableException("down", null);
          }
        };
    JobMessageWriter writer =
        new JobMessageWriter(down, new JobRequeue(aws.sqs(), aws.queueUrl()), b -> {});

    assertThatThrownBy(
            () -> writer.write(List.of(message("m", jobs(1, 1))), Instant.now().plusSeconds(5)))
        .isInstanceOf(StoreUnavailableException.class);
  }

  private java.util.Set<String> write(List<SQSMessage> batch) throws InterruptedException {
    return writer.write(batch, Instant.now().plusSeconds(5));
  }

  private List<Message> queued() {
    List<Message> messages = new ArrayList<>();
    for (List<Message> received = receive(); !received.isEmpty(); received = receive()) {
      messages.addAll(received);
    }
    return messages;
  }

  private List<Message> receive() {
    return aws.direct()
        .sqs()
        .receiveMessage(
            b ->
                b.queueUrl(aws.queueUrl())
                    .maxNumberOfMessages(10)
                    .waitTimeSeconds(0)
                    .messageAttributeNames("All"))
        .messages();
  }

  /** A message body: the JSON array of {@code count} jobs, numbered from {@code first}. */
  private static String jobs(int first, int count) {
    return IntStream.range(first, first + count)
        .mapToObj(i -> json(id(i), "Job " + i))
        .collect(Collectors.joining(",", "[", "]"));
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

  /** A message as s3_to_sqs sends them: with its file and its jobs' lines. */
  private static SQSMessage fromFile(String id, String body, String lines) {
    SQSMessage message = message(id, body);
    Map<String, MessageAttribute> attributes = new HashMap<>();
    attributes.put(IngestionNames.SOURCE_KEY_ATTRIBUTE, text(KEY));
    attributes.put(IngestionNames.LINES_ATTRIBUTE, text(lines));
    message.setMessageAttributes(attributes);
    return message;
  }

  private static MessageAttribute text(String value) {
    MessageAttribute attribute = new MessageAttribute();
    attribute.setDataType("String");
    attribute.setStringValue(value);
    return attribute;
  }
}
