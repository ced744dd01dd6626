package dev.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.localaws.samples.SampleFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The product's sample data, end to end: every row of every file ends in the table, as written. */
class SampleFilesTest extends PipelineTestBase {

  @Test
  void storesEveryRowOfTheFourFilesWithEveryFieldAsWritten() throws IOException {
    Map<String, Map<String, String>> expected = new HashMap<>();
    for (String file : SampleFiles.ROWS.keySet()) {
      byte[] csv = Files.readAllBytes(SampleFiles.path(file));
      expected.putAll(expectedItems(csv));
      String key = upload(file, csv);
      assertThat(rejects(key)).as(file + " rejects").isEmpty();
    }
    drainQueue();

    List<Map<String, AttributeValue>> items = tableItems();
    assertThat(expected).hasSize(SampleFiles.ALL_ROWS);
    assertThat(items).hasSize(SampleFiles.ALL_ROWS);
    Map<String, Map<String, String>> stored =
        items.stream()
            .collect(
                Collectors.toMap(
                    item -> item.get("id").s() + "/" + item.get("city").s(),
                    PipelineTestBase::strings));
    assertThat(stored).isEqualTo(expected);
  }

  /** The file read independently: NULL and empty fields are absent, the rest kept verbatim. */
  private static Map<String, Map<String, String>> expectedItems(byte[] csv) throws IOException {
    Map<String, Map<String, String>> items = new HashMap<>();
    try (CSVParser parser =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(
                new java.io.StringReader(
                    new String(csv, java.nio.charset.StandardCharsets.UTF_8)))) {
      for (CSVRecord record : parser) {
        Map<String, String> item = new HashMap<>();
        record
            .toMap()
            .forEach(
                (column, value) -> {
                  if (!value.isEmpty() && !value.equals("NULL")) {
                    item.put(column, value);
                  }
                });
        items.put(item.get("id") + "/" + item.get("city"), item);
      }
    }
    return items;
  }
}
