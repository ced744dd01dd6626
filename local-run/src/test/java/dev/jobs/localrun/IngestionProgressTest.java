package dev.jobs.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobs.pipeline.s3tosqs.IngestionReport;
import dev.jobs.pipeline.sqstodynamo.BatchOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the terminal says of a file, across restarts and redeliveries. */
class IngestionProgressTest {

  private static final String KEY = "job_offers/big.csv";

  @TempDir Path records;
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();

  @Test
  void aFileStoredAcrossARestartWithRedeliveriesIsSummedUpOnceNeverOverItsRows() throws Exception {
    try (IngestionProgress before = progress()) {
      before.reading(KEY, 10_000, 0, 0, 0, 0);
      before.ingested(new IngestionReport("b", KEY, 10_000, false, 100, 100, 0, 50, null));
      before.written(stored(2, 52)); // rows 1 to 50: lines 2 to 51
    }
    // Killed: the messages not yet deleted come again, some of them already counted.
    try (IngestionProgress after = progress()) {
      after.written(stored(40, 70));
      after.written(stored(70, 102));

      String summary = awaitLine("ingested " + KEY);

      assertThat(summary)
          .startsWith("ingested " + KEY + ": 100 rows, 100 stored, none rejected, 12 redelivered");
    }
    String printed = output.toString(StandardCharsets.UTF_8);
    assertThat(Pattern.compile("stored ([0-9,]+)|([0-9,]+) stored").matcher(printed).results())
        .as("every count of rows stored in:%n%s", printed)
        .isNotEmpty()
        .allSatisfy(
            count ->
                assertThat(Long.parseLong(count.group().replaceAll("[^0-9]", "")))
                    .isLessThanOrEqualTo(100));
    assertThat(printed.lines()).filteredOn(line -> line.startsWith("ingested ")).hasSize(1);
  }

  @Test
  void aFileUploadedAgainOnceDoneIsCountedAfresh() throws Exception {
    try (IngestionProgress progress = progress()) {
      progress.ingested(new IngestionReport("b", KEY, 100, false, 2, 2, 0, 5, null));
      progress.written(stored(2, 4));
      awaitLine("ingested " + KEY + ": 2 rows, 2 stored");

      progress.reading(KEY, 100, 0, 0, 0, 0);
      progress.ingested(new IngestionReport("b", KEY, 100, false, 2, 2, 0, 5, null));
      progress.written(stored(2, 4));

      awaitLine(KEY + ": 2 rows, 2 stored", 2);
    }
    assertThat(output.toString(StandardCharsets.UTF_8)).doesNotContain("redelivered");
  }

  @Test
  void aKeyThatS3ToSqsSkipsGetsALineThatSaysWhy() throws Exception {
    try (IngestionProgress progress = progress()) {
      progress.logged(
          "{\"@timestamp\":\"2026-12-06T20:21:19Z\",\"message\":\"ignored job_offers/image.png:"
              + " not a .csv file\",\"key\":\"job_offers/image.png\",\"reason\":\"not a .csv"
              + " file\"}");

      assertThat(awaitLine("ignored ")).isEqualTo("ignored job_offers/image.png: not a .csv file");
    }
  }

  /** sqs_to_dynamo's line, from its zip: jobs sent back to the queue are not stored yet. */
  @Test
  void rowsCountAsStoredWhenSqsToDynamoLogsThemSoNotWhenItSendsThemBack() throws Exception {
    try (IngestionProgress progress = progress()) {
      progress.ingested(new IngestionReport("b", KEY, 100, false, 4, 4, 0, 5, null));
      progress.logged(
          "{\"message\":\"wrote a batch of jobs\",\"messages\":1,\"jobs_written\":2,"
              + "\"jobs_requeued\":2,\"stored_lines\":{\""
              + KEY
              + "\":\"2,3\"}}");
      await("no summary while rows are sent back")
          .during(Duration.ofMillis(300))
          .until(() -> !output.toString(StandardCharsets.UTF_8).contains("ingested " + KEY));

      progress.logged(
          "{\"message\":\"wrote a batch of jobs\",\"stored_lines\":{\"" + KEY + "\":\"4,5\"}}");

      assertThat(awaitLine("ingested " + KEY)).startsWith("ingested " + KEY + ": 4 rows, 4 stored");
    }
  }

  private IngestionProgress progress() {
    return new IngestionProgress(
        new PrintStream(output, true, StandardCharsets.UTF_8), false, records);
  }

  /** A batch that stored the rows of the file on lines {@code from} (inclusive) to {@code to}. */
  private static BatchOutcome stored(int from, int to) {
    List<Long> lines = LongStream.range(from, to).boxed().toList();
    return new BatchOutcome(1, Set.of(), lines.size(), 0, 0, Map.of(KEY, lines));
  }

  private String awaitLine(String start) {
    return awaitLine(start, 1);
  }

  /** The {@code nth} line printed that contains {@code text}, once it is. */
  private String awaitLine(String text, int nth) {
    await("line " + nth + " with " + text)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () ->
                assertThat(linesWith(text))
                    .as("printed:%n%s", output)
                    .hasSizeGreaterThanOrEqualTo(nth));
    return linesWith(text).get(nth - 1);
  }

  private List<String> linesWith(String text) {
    return output.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(text)).toList();
  }
}
