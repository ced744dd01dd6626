package dev.jobs.localrun;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.Terraform;
import dev.jobs.localaws.bench.BenchFigures;
import dev.jobs.localaws.samples.SyntheticCsv;
import dev.jobs.locallambda.S3Events;
import dev.jobs.locallambda.SqsEventSourceMapping;
import dev.jobs.locallambda.runtime.LambdaFunction;
import dev.jobs.locallambda.runtime.LambdaFunction.Report;
import dev.jobs.pipeline.IngestionNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Ingestion as deployed, from the functions' zips on the emulators (S3Mock, ElasticMQ, dynalite,
 * all on this machine's cores with the functions): (1) s3_to_sqs on a file of {@code bench.rows}
 * rows, then of {@code bench.bigRows}: rows/s and the function's Max Memory Used; (2) the queue of
 * the first file drained into the table by {@code bench.consumers} sqs_to_dynamo environments; (3)
 * end to end, as the local run wires it: from the upload to every row stored.
 */
public final class IngestionBench {

  private static final long ROWS = Long.getLong("bench.rows", 100_000);
  private static final long BIG_ROWS = Long.getLong("bench.bigRows", 1_000_000);
  private static final int CONSUMERS = Integer.getInteger("bench.consumers", 2);
  private static final Terraform TERRAFORM =
      Terraform.read(Path.of(System.getProperty("terraform", "terraform")));

  private IngestionBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("ingestion-bench");
    try (LocalAws aws = LocalAws.inMemory().start(EnumSet.allOf(LocalAws.Service.class))) {
      s3ToSqs(aws, work, BIG_ROWS);
      aws.reset();
      s3ToSqs(aws, work, ROWS);
      drain(aws, work, ROWS);
      aws.reset();
      endToEnd(aws, work, ROWS);
    }
  }

  /** Invokes a fresh s3_to_sqs on a file of {@code rows} rows, as its S3 event would. */
  private static void s3ToSqs(LocalAws aws, Path work, long rows) throws IOException {
    String key = upload(aws, work, rows);
    try (LocalLambdas lambdas = deploy(aws, work, LocalLambdas.S3_TO_SQS)) {
      LambdaFunction function = lambdas.function(LocalLambdas.S3_TO_SQS);
      function
          .handler(S3Event.class, Void.class)
          .handleRequest(S3Events.objectCreated(JobsAwsResources.BUCKET, key, 0, "bench"), null);
      Report report = function.reports().get(0);
      double seconds = report.durationMillis() / 1000.0;
      BenchFigures.record(
          "s3-to-sqs, %,d rows: rows/s (the invocation's Duration)".formatted(rows),
          "%,.0f".formatted(rows / seconds),
          ">= 15,000");
      BenchFigures.record(
          "s3-to-sqs, %,d rows: Max Memory Used (peak RSS)".formatted(rows),
          "%d MB".formatted(report.maxMemoryUsedMb()),
          "<= 256 MB");
    }
  }

  /** Drains what the queue holds into the table with several sqs_to_dynamo environments. */
  private static void drain(LocalAws aws, Path work, long rows) throws InterruptedException {
    try (LocalLambdas lambdas = deploy(aws, work, LocalLambdas.SQS_TO_DYNAMO)) {
      LambdaFunction function = lambdas.function(LocalLambdas.SQS_TO_DYNAMO);
      long start = System.nanoTime();
      try (SqsEventSourceMapping mapping =
          new SqsEventSourceMapping(
                  aws.sqs(),
                  aws.queueUrl(),
                  function.handler(SQSEvent.class, SQSBatchResponse.class))
              .start(CONSUMERS)) {
        awaitEmptyQueue(aws);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      requireStored(aws, rows);
      BenchFigures.record(
          "sqs-to-dynamo, %,d rows, %d consumers: rows/s".formatted(rows, CONSUMERS),
          "%,.0f".formatted(rows / seconds),
          "");
    }
  }

  /** As the local run: the upload's notification, s3_to_sqs, the queue, sqs_to_dynamo. */
  private static void endToEnd(LocalAws aws, Path work, long rows) throws Exception {
    Path file = synthetic(work, rows);
    // What the person running the backend sees, as the local run shows it.
    IngestionProgress progress = IngestionProgress.onStandardOutput();
    try (LocalLambdas lambdas =
            LocalLambdas.deployIngestion(
                TERRAFORM,
                aws,
                work.resolve("lambda"),
                CONSUMERS,
                config -> config,
                (function, line) -> progress.logged(line));
        LocalPipeline pipeline =
            LocalPipeline.deployed(
                aws,
                lambdas,
                new LocalPipeline.Settings(null, List.of(Duration.ZERO), CONSUMERS),
                progress)) {
      long start = System.nanoTime();
      aws.s3()
          .putObject(
              b -> b.bucket(JobsAwsResources.BUCKET).key(IngestionNames.INGEST_PREFIX + "e2e.csv"),
              RequestBody.fromFile(file));
      LambdaFunction s3ToSqs = lambdas.function(LocalLambdas.S3_TO_SQS);
      while (s3ToSqs.reports().isEmpty()) {
        Thread.sleep(100);
      }
      awaitEmptyQueue(aws);
      double seconds = (System.nanoTime() - start) / 1e9;
      requireStored(aws, rows);
      BenchFigures.record(
          "end to end, %,d rows, %d consumers: rows/s (upload to all stored)"
              .formatted(rows, CONSUMERS),
          "%,.0f".formatted(rows / seconds),
          ">= 2,000");
    }
  }

  private static LocalLambdas deploy(LocalAws aws, Path work, String function) {
    return LocalLambdas.deploy(
        TERRAFORM,
        aws,
        work.resolve("lambda"),
        Set.of(function),
        Map.of(function, CONSUMERS),
        config -> config,
        LocalLambdas.OutputListener.NONE);
  }

  private static String upload(LocalAws aws, Path work, long rows) throws IOException {
    Path file = synthetic(work, rows);
    String key = IngestionNames.INGEST_PREFIX + "synthetic-" + rows + ".csv";
    aws.s3().putObject(b -> b.bucket(JobsAwsResources.BUCKET).key(key), RequestBody.fromFile(file));
    return key;
  }

  private static Path synthetic(Path work, long rows) throws IOException {
    Path file = work.resolve("synthetic-" + rows + ".csv");
    if (!Files.exists(file)) {
      try (InputStream csv = new SyntheticCsv(rows)) {
        Files.copy(csv, file, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return file;
  }

  /** Waits until no message is queued or in flight: every one handled and deleted. */
  private static void awaitEmptyQueue(LocalAws aws) throws InterruptedException {
    while (true) {
      Map<QueueAttributeName, String> attributes =
          aws.sqs()
              .getQueueAttributes(
                  b ->
                      b.queueUrl(aws.queueUrl())
                          .attributeNames(
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
              .attributes();
      if (attributes.values().stream().allMatch("0"::equals)) {
        return;
      }
      Thread.sleep(100);
    }
  }

  private static void requireStored(LocalAws aws, long rows) {
    long stored = StoredJobs.count(aws.dynamoDb());
    if (stored != rows) {
      throw new IllegalStateException(
          String.format(Locale.ROOT, "%,d rows stored of %,d", stored, rows));
    }
  }
}
