package dev.jobs.pipeline.s3tosqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.model.Job;
import dev.jobs.pipeline.IngestionNames;
import dev.jobs.pipeline.PipelineTestBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What s3_to_sqs puts on the queue: messages of up to 25 jobs in the shared model's JSON, each
 * saying which file and which lines its jobs came from.
 */
class JobMessagesTest extends PipelineTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void sendsTwentyFiveJobsToAMessageWithTheirSourceAndLines() throws Exception {
    StringBuilder csv = new StringBuilder("id,city,company_name,title\n");
    for (int i = 0; i < 60; i++) {
      // Line 12 (the eleventh row) has no city: rejected, and in no message.
      String city = i == 10 ? "" : "Lyon";
      csv.append("%032x,%s,ACME,Job %d\n".formatted(i + 1, city, i));
    }
    String key = upload("sixty.csv", csv.toString().getBytes(StandardCharsets.UTF_8));

    List<Message> messages = receiveAll();

    assertThat(messages)
        .extracting(
            m -> m.messageAttributes().get(IngestionNames.SOURCE_KEY_ATTRIBUTE).stringValue())
        .containsOnly(key);
    List<List<Job>> bodies = new ArrayList<>();
    for (Message message : messages) {
      bodies.add(List.of(JSON.readValue(message.body(), Job[].class)));
    }
    assertThat(bodies).extracting(List::size).containsExactlyInAnyOrder(25, 25, 9);
    List<String> lines =
        messages.stream()
            .map(m -> m.messageAttributes().get(IngestionNames.LINES_ATTRIBUTE).stringValue())
            .toList();
    assertThat(lines)
        .contains(
            LongStream.rangeClosed(2, 27)
                .filter(line -> line != 12)
                .boxed()
                .map(String::valueOf)
                .collect(Collectors.joining(",")));
    for (int m = 0; m < messages.size(); m++) {
      // Each job's line is the line of its row: job i is on line i + 2.
      List<Job> jobs = bodies.get(m);
      String[] jobLines = lines.get(m).split(",");
      assertThat(jobLines).hasSize(jobs.size());
      for (int j = 0; j < jobs.size(); j++) {
        assertThat(jobs.get(j).getTitle()).isEqualTo("Job " + (Long.parseLong(jobLines[j]) - 2));
      }
    }
    assertThat(rejects(key))
        .singleElement()
        .satisfies(r -> assertThat(r.get("line").asLong()).isEqualTo(12));
  }

  @Test
  void primingForSnapStartSendsNothing() {
    new CsvIngestion(aws.s3(), aws.sqs(), aws.queueUrl()).prime(BUCKET);

    assertThat(receiveAll()).isEmpty();
  }

  private List<Message> receiveAll() {
    List<Message> all = new ArrayList<>();
    for (List<Message> received; !(received = receive()).isEmpty(); ) {
      all.addAll(received);
    }
    return all;
  }

  private List<Message> receive() {
    return aws.sqs()
        .receiveMessage(
            b ->
                b.queueUrl(aws.queueUrl())
                    .maxNumberOfMessages(10)
                    .waitTimeSeconds(0)
                    .messageAttributeNames("All"))
        .messages();
  }
}
