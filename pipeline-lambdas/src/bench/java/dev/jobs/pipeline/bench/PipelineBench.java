package dev.jobs.pipeline.bench;

import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.locallambda.SqsEventSourceMapping;
import dev.jobs.pipeline.s3tosqs.CsvIngestion;
import dev.jobs.pipeline.s3tosqs.IngestionReport;
import dev.jobs.pipeline.s3tosqs.ParseBench;
import dev.jobs.pipeline.s3tosqs.SyntheticCsv;
import dev.jobs.pipeline.sqstodynamo.JobMessageWriter;
import dev.jobs.pipeline.sqstodynamo.SqsToDynamoHandler;
import dev.jobs.store.DynamoJobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The ingestion pipeline's figures on this machine: (1) our CPU cost, parse + validate + serialize
 * with no I/O, in a JVM capped at 256 MB, on a file of {@code bench.bigRows} rows (about 1 GB by
 * default); (2) s3-to-sqs against S3Mock and ElasticMQ; (3) sqs-to-dynamo from ElasticMQ to
 * dynalite, batches of 10, one consumer. Stages 2 and 3 use {@code bench.rows} rows.
 *
 * <p>Run: {@code mvn -Pbench -pl pipeline-lambdas -am verify -DskipTests}.
 */
public final class PipelineBench {

  private static final long ROWS = Long.getLong("bench.rows", 100_000);
  private static final long BIG_ROWS = Long.getLong("bench.bigRows", 3_600_000);

  public static void main(String[] args) throws Exception {
    parseInCappedJvm(BIG_ROWS);

    try (LocalAws aws = LocalAws.inMemory().start(EnumSet.allOf(LocalAws.Service.class))) {
      Path file = Files.createTempFile("synthetic-", ".csv");
      try {
        try (SyntheticCsv csv = new SyntheticCsv(ROWS)) {
          Files.copy(csv, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String key = JobsAwsResources.INGEST_PREFIX + "synthetic.csv";
        aws.s3()
            .putObject(b -> b.bucket(JobsAwsResources.BUCKET).key(key), RequestBody.fromFile(file));

        long start = System.nanoTime();
        IngestionReport report =
            new CsvIngestion(aws.s3(), aws.sqs(), aws.queueUrl())
                .ingest(JobsAwsResources.BUCKET, key);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "s3-to-sqs (S3Mock -> ElasticMQ): %,d rows (%,d MB) in %.1f s = %,.0f rows/s; sent %,d, rejected %,d%n",
            report.rowsRead(),
            Files.size(file) >> 20,
            seconds,
            report.rowsRead() / seconds,
            report.rowsSent(),
            report.rowsRejected());
      } finally {
        Files.deleteIfExists(file);
      }

      SqsToDynamoHandler handler =
          new SqsToDynamoHandler(
              new JobMessageWriter(new DynamoJobStore(aws.dynamoDb(), JobsAwsResources.TABLE)));
      long start = System.nanoTime();
      int batches = new SqsEventSourceMapping(aws.sqs(), aws.queueUrl(), handler).drain();
      double seconds = (System.nanoTime() - start) / 1e9;
      long stored =
          aws
              .dynamoDb()
              .scanPaginator(b -> b.tableName(JobsAwsResources.TABLE).select("COUNT"))
              .stream()
              .mapToLong(page -> page.count())
              .sum();
      System.out.printf(
          Locale.ROOT,
          "sqs-to-dynamo (ElasticMQ -> dynalite, receive + handle + delete, one consumer): %,d batches in %.1f s = %,.0f items/s; the table holds %,d jobs%n",
          batches,
          seconds,
          stored / seconds,
          stored);
    }
  }

  private static void parseInCappedJvm(long rows) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx256m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    ParseBench.class.getName(),
                    String.valueOf(rows)))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("the parse bench failed:\n" + output);
    }
    output.lines().filter(line -> line.startsWith("parse")).forEach(System.out::println);
  }
}
