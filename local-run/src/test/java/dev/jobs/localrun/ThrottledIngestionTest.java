package dev.jobs.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.localaws.rehearsal.Rehearsal;
import dev.jobs.localaws.rehearsal.TableCapacity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Ingestion into a table throttled at its provisioned capacity. */
class ThrottledIngestionTest extends RehearsedIngestion {

  /**
   * A table of 5 write units and no burst credit: 250 rows take at least 50 s, five times the
   * function's timeout (a message is parked at its fifth receive), and most writes are throttled.
   * The writer waits, sends back what it could not write in time, and spends no receive.
   */
  @Test
  void aThrottledTableIsWaitedForAndNoRowIsParked() throws Exception {
    aws.rehearse(new Rehearsal(TableCapacity.provisioned(5, 5, 0), 0));
    int rows = 250;
    Instant start = Instant.now();
    try (Pipeline pipeline = deploy()) {
      upload("throttled.csv", rows);

      waitingFor("every row stored", Duration.ofMinutes(4)).until(() -> stored() >= rows);
      assertThat(Duration.between(start, Instant.now()))
          .as("no faster than 5 units a second allow")
          .isGreaterThan(Duration.ofSeconds(rows / 5));
      waitingFor("the file's summary", Duration.ofSeconds(10))
          .until(() -> terminal.toString(StandardCharsets.UTF_8).contains("ingested job_offers/"));
    }

    assertThat(storedIds()).isEqualTo(ids(rows));
    assertThat(aws.rehearsal().events())
        .hasEntrySatisfying("DynamoDB requests throttled", count -> assertThat(count).isPositive());
    assertThat(sum("jobs_requeued")).as("jobs sent back to the queue").isPositive();
    assertThat(parked(aws.deadLetterQueueUrl())).isEmpty();
    assertThat(parked(aws.failedIngestionsQueueUrl())).isEmpty();
    assertThat(terminal.toString(StandardCharsets.UTF_8))
        .contains("ingested job_offers/throttled.csv: 250 rows, 250 stored, none rejected");
  }
}
