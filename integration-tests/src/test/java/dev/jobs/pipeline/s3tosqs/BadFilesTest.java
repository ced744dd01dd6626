package dev.jobs.pipeline.s3tosqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobs.pipeline.IngestionNames;
import dev.jobs.pipeline.PipelineTestBase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Files with one kind of fault each: what is stored, what is rejected, and at which line. No row is
 * lost silently: stored + rejected = rows of the file.
 */
class BadFilesTest extends PipelineTestBase {

  private static final String HEADER =
      "id,city,company_name,title,url,contract_type,company_sector,user_experience,keyword,created_date,provider";
  private static final String ID_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
  private static final String ID_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2";
  private static final String ID_C = "ccccccccccccccccccccccccccccccc3";

  private static String row(String id, String title) {
    return "\""
        + id
        + "\",\"Lyon\",\"ACME\",\""
        + title
        + "\",\"NULL\",\"cdi\",\"\",\"2 years\",\"devops\",\"2019-09-06 10:49:26.61\",\"wttj\"";
  }

  private static byte[] csv(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsQuotingBomCrlfBlankLinesAndAnyColumnOrder() {
    String text =
        "\uFEFFtitle,\"city\",id,company_name,url,keyword\r\n"
            + "\"Data, \"\"big\"\" engineer\",Lyon,"
            + ID_A
            + ",\"ACME\",\"https://x.example/a b\",NULL\r\n"
            + "\r\n"
            + "\"Two\nlines\",Lyon,"
            + ID_B
            + ",\"Caf\u00e9 \u00ab\u00a0SAS\u00a0\u00bb\",,\"\"\r\n"
            + "\n"
            + "\"Replacement \uFFFD kept\",Nantes,"
            + ID_C
            + ",ACME,NULL,devops\r\n";

    String key = upload("tricky.csv", text.getBytes(StandardCharsets.UTF_8));
    drainQueue();

    assertThat(rejects(key)).isEmpty();
    Map<String, Map<String, String>> stored = storedById();
    assertThat(stored.get(ID_A))
        .containsOnly(
            Map.entry("id", ID_A),
            Map.entry("city", "Lyon"),
            Map.entry("company_name", "ACME"),
            Map.entry("title", "Data, \"big\" engineer"),
            Map.entry("url", "https://x.example/a b"));
    assertThat(stored.get(ID_B))
        .containsEntry("title", "Two\nlines")
        .containsEntry("company_name", "Caf\u00e9 \u00ab\u00a0SAS\u00a0\u00bb")
        .doesNotContainKeys("url", "keyword");
    assertThat(stored.get(ID_C)).containsEntry("title", "Replacement \uFFFD kept");
    assertThat(stored).hasSize(3);
  }

  @Test
  void rejectsRowsWithTheWrongNumberOfFields() {
    String key =
        upload(
            "fields.csv",
            csv(
                HEADER,
                row(ID_A, "Ten fields").replace(",\"wttj\"", ""),
                row(ID_B, "Twelve fields") + ",\"extra\"",
                row(ID_C, "Right")));
    drainQueue();

    assertRejected(
        key,
        Map.of(
            2L,
            "has 10 fields where the header has 11",
            3L,
            "has 12 fields where the header has 11"));
    assertThat(storedById()).containsOnlyKeys(ID_C);
  }

  @Test
  void rejectsRowsWithoutIdOrCity() {
    String key =
        upload(
            "keys.csv",
            csv(
                HEADER,
                row("", "No id"),
                row(ID_B, "No city").replace("\"Lyon\"", "\"NULL\""),
                row(ID_C, "Right")));
    drainQueue();

    assertRejected(key, Map.of(2L, "lacks its id", 3L, "lacks its city"));
    assertThat(storedById()).containsOnlyKeys(ID_C);
  }

  @Test
  void rejectsRowsThatBreakTheContract() {
    String key =
        upload(
            "constraints.csv",
            csv(
                HEADER,
                row(ID_A.toUpperCase(), "Upper-case id"),
                row(ID_B, "x".repeat(301)),
                row(ID_C, "Bad date").replace("2019-09-06 10:49:26.61", "yesterday"),
                row("ddddddddddddddddddddddddddddddd4", "No company")
                    .replace("\"ACME\"", "\"NULL\""),
                row("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeee5", "Right")));
    drainQueue();

    List<JsonNode> rejects = rejects(key);
    assertThat(rejects).extracting(r -> r.get("line").asLong()).containsExactly(2L, 3L, 4L, 5L);
    assertThat(rejects.get(0).get("reason").asText()).startsWith("id: must match");
    assertThat(rejects.get(1).get("reason").asText())
        .isEqualTo("title: size must be between 1 and 300");
    assertThat(rejects.get(2).get("reason").asText()).startsWith("created_date: must match");
    assertThat(rejects.get(3).get("reason").asText()).isEqualTo("company_name: must not be null");
    assertThat(rejects.get(1).get("fields").get(3).asText()).isEqualTo("x".repeat(301));
    assertThat(storedById()).containsOnlyKeys("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeee5");
  }

  @Test
  void rejectsARowWithBytesThatAreNotUtf8AndNoOther() throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(csv(HEADER));
    String[] aroundBadBytes = row(ID_A, "Bad @ title").split("@");
    file.write(aroundBadBytes[0].getBytes(StandardCharsets.UTF_8));
    file.write(new byte[] {(byte) 0xC3, 0x28});
    file.write(aroundBadBytes[1].getBytes(StandardCharsets.UTF_8));
    file.write('\n');
    file.write(csv(row(ID_B, "D\u00e9veloppeur \uFFFD"), row(ID_C, "Right")));

    String key = upload("utf8.csv", file.toByteArray());
    drainQueue();

    assertRejected(key, Map.of(2L, "holds bytes that are not valid UTF-8"));
    assertThat(storedById().get(ID_B)).containsEntry("title", "D\u00e9veloppeur \uFFFD");
    assertThat(storedById()).containsOnlyKeys(ID_B, ID_C);
  }

  @Test
  void reportsTheLineWhereARowStartsAfterMultiLineFields() {
    String key =
        upload(
            "lines.csv",
            csv(
                HEADER,
                row(ID_A, "One\nTwo\nThree"),
                "",
                row(ID_B, "Short").replace(",\"wttj\"", ""),
                row(ID_C, "Right")));
    drainQueue();

    assertRejected(key, Map.of(6L, "has 10 fields where the header has 11"));
    assertThat(storedById()).containsOnlyKeys(ID_A, ID_C);
  }

  @Test
  void reportsTheRestOfAFileWhoseQuoteIsNeverClosed() {
    String key =
        upload(
            "quote.csv",
            csv(HEADER, row(ID_A, "Right"), "\"" + ID_B + "\",\"Lyon\",\"never closed"));
    drainQueue();

    List<JsonNode> rejects = rejects(key);
    assertThat(rejects)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("line").asLong()).isEqualTo(3);
              assertThat(r.get("reason").asText()).contains("quoting is broken");
            });
    assertThat(storedById()).containsOnlyKeys(ID_A);
  }

  @Test
  void rejectsAFileThatIsNotACsvOfJobOffersAsAWholeWithoutFailing() {
    byte[] png = {
      (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'
    };

    String image = upload("image.csv", png);
    String json = upload("jobs.csv", "{\"jobs\": []}\n".getBytes(StandardCharsets.UTF_8));
    drainQueue();

    for (String key : List.of(image, json)) {
      assertThat(rejects(key))
          .as(key)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.get("line").asLong()).isEqualTo(1);
                assertThat(r.get("reason").asText())
                    .startsWith("the file is not a CSV of job offers");
              });
    }
    assertThat(tableItems()).isEmpty();
  }

  @Test
  void reportsAnEmptyFileAsEmptyWithNothingRejected() throws InterruptedException {
    CsvIngestion ingestion = new CsvIngestion(aws.s3(), aws.sqs(), aws.queueUrl());
    for (byte[] nothing :
        List.of(new byte[0], new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})) {
      String key = IngestionNames.INGEST_PREFIX + "empty.csv";
      aws.s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(nothing));

      IngestionReport report = ingestion.ingest(BUCKET, key);

      assertThat(report.empty()).isTrue();
      assertThat(report.bytes()).isEqualTo(nothing.length);
      assertThat(report.rowsRead()).isZero();
      assertThat(report.rowsRejected()).isZero();
      assertThat(report.rejectsReport()).isNull();
      assertThat(rejects(key)).isEmpty();
    }
    String headerOnly = upload("header-only.csv", csv(HEADER));
    assertThat(rejects(headerOnly)).isEmpty();
    assertThat(tableItems()).isEmpty();
  }

  @Test
  void takesCsvInAnyCaseAndSaysWhyItSkipsAnyOtherKey() {
    Map<String, String> ignored = new java.util.LinkedHashMap<>();
    s3ToSqs =
        new S3ToSqsHandler(
            new CsvIngestion(
                aws.s3(),
                aws.sqs(),
                aws.queueUrl(),
                new IngestionListener() {
                  @Override
                  public void ignored(String key, String reason) {
                    ignored.put(key, reason);
                  }
                }));

    upload("EXPORT.CSV", csv(HEADER, row(ID_A, "Upper case")));
    upload("image.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    upload("2024/", new byte[0]);
    drainQueue();

    assertThat(storedById()).containsOnlyKeys(ID_A);
    assertThat(ignored)
        .containsExactly(
            Map.entry(
                "job_offers/image.png",
                "not a .csv file (only names ending in .csv, in any case, are ingested)"),
            Map.entry("job_offers/2024/", "a folder, not a file"));
  }

  @Test
  void decodesTheKeyOfTheEvent() {
    String key = upload("a file+name é.csv", csv(HEADER, row(ID_A, "Right")));
    drainQueue();

    assertThat(rejects(key)).isEmpty();
    assertThat(storedById()).containsOnlyKeys(ID_A);
  }

  private void assertRejected(String key, Map<Long, String> reasonsByLine) {
    assertThat(
            rejects(key).stream()
                .collect(
                    Collectors.toMap(r -> r.get("line").asLong(), r -> r.get("reason").asText())))
        .isEqualTo(reasonsByLine);
  }

  private Map<String, Map<String, String>> storedById() {
    return tableItems().stream()
        .collect(Collectors.toMap(item -> item.get("id").s(), PipelineTestBase::strings));
  }
}
