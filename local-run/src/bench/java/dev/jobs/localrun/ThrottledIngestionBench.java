package dev.jobs.localrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.Terraform;
import dev.jobs.localaws.bench.BenchFigures;
import dev.jobs.localaws.rehearsal.Rehearsal;
import dev.jobs.localaws.rehearsal.TableCapacity;
import dev.jobs.localaws.samples.SyntheticCsv;
import dev.jobs.pipeline.IngestionNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Ingestion from the functions' zips, as the local run wires them, into a table of 5, 50 and 500
 * write units (no burst credit: the steady state) and on demand: rows/s from the upload to every
 * row stored, and the share of messages given back (sent back as new messages while the table
 * throttled, or failed and returned after the visibility timeout). Each file is about a minute's
 * work at its capacity; on demand and at 500 units, this machine's emulators are the limit.
 */
public final class ThrottledIngestionBench {

  private static final Terraform TERRAFORM =
      Terraform.read(Path.of(System.getProperty("terraform", "terraform")));
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A table's capacity, and a file of about a minute's work at it. */
  private record Run(String name, TableCapacity capacity, long rows) {}

  private static final List<Run> RUNS =
      List.of(
          new Run("of 5 write units", TableCapacity.provisioned(5, 5, 0), 300),
          new Run("of 50 write units", TableCapacity.provisioned(50, 50, 0), 3_000),
          new Run("of 500 write units", TableCapacity.provisioned(500, 500, 0), 20_000),
          new Run("on demand", TableCapacity.ON_DEMAND, 20_000));

  private ThrottledIngestionBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("throttled-ingestion-bench");
    try (LocalAws aws = LocalAws.inMemory().start(EnumSet.allOf(LocalAws.Service.class))) {
      for (Run run : RUNS) {
        aws.reset();
        aws.rehearse(new Rehearsal(run.capacity(), 0));
        ingest(aws, work, run.name(), run.rows());
      }
    }
  }

  private static void ingest(LocalAws aws, Path work, String capacity, long rows) throws Exception {
    AtomicLong messages = new AtomicLong();
    AtomicLong requeued = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    IngestionProgress progress =
        new IngestionProgress(new PrintStream(PrintStream.nullOutputStream()), false, null);
    try (LocalLambdas lambdas =
            LocalLambdas.deployIngestion(
                TERRAFORM,
                aws,
                work.resolve("lambda"),
                2,
                config -> config,
                (function, line) -> {
                  progress.logged(line);
                  if (line.contains("wrote a batch of jobs")) {
                    JsonNode batch = read(line);
                    messages.addAndGet(batch.path("messages").asLong());
                    requeued.addAndGet(batch.path("messages_requeued").asLong());
                    failed.addAndGet(batch.path("failed").asLong());
                  }
                });
        LocalPipeline pipeline =
            LocalPipeline.deployed(
                aws,
                lambdas,
                new LocalPipeline.Settings(null, List.of(Duration.ZERO, Duration.ZERO), 2),
                progress)) {
      byte[] csv;
      try (InputStream synthetic = new SyntheticCsv(rows)) {
        csv = synthetic.readAllBytes();
      }
      long start = System.nanoTime();
      aws.s3()
          .putObject(
              b -> b.bucket(JobsAwsResources.BUCKET).key(IngestionNames.INGEST_PREFIX + "b.csv"),
              RequestBody.fromBytes(csv));
      while (StoredJobs.count(aws.direct().dynamoDb()) < rows) {
        Thread.sleep(200);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      BenchFigures.record(
          "ingestion into a table %s, %,d rows: rows/s (upload to all stored)"
              .formatted(capacity, rows),
          "%,.0f".formatted(rows / seconds),
          "");
      BenchFigures.record(
          "ingestion into a table %s: messages given back (sent back while throttled + failed)"
              .formatted(capacity),
          "%.0f %% (%,d + %,d of %,d)"
              .formatted(
                  100.0 * (requeued.get() + failed.get()) / Math.max(1, messages.get()),
                  requeued.get(),
                  failed.get(),
                  messages.get()),
          "no receive spent: failed 0");
    }
  }

  private static JsonNode read(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
