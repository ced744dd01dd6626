package dev.jobs.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.rehearsal.Rehearsal;
import dev.jobs.localaws.rehearsal.TableCapacity;
import dev.jobs.localaws.samples.SyntheticCsv;
import dev.jobs.locallambda.runtime.LambdaFunction;
import dev.jobs.pipeline.IngestionNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Ingestion by the functions of terraform/ from their zips, as the local run wires them, when AWS
 * does what the emulators do not: a table throttled at its capacity, calls that fail, execution
 * environments that die mid-batch. Every row ends stored, once; nothing is parked in the dead
 * letter queue but a poison message.
 */
class RehearsedIngestionTest {

  private static final Terraform TERRAFORM = Terraform.read(Path.of("../terraform"));
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * sqs_to_dynamo's timeout here, and so the queue's visibility timeout (the least Lambda accepts):
   * a batch whose environment died comes back after it.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir static Path work;
  private static LocalAws aws;

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();

  @BeforeAll
  static void startEmulators() {
    aws = LocalAws.inMemory(TIMEOUT).start(EnumSet.allOf(Service.class));
  }

  @AfterAll
  static void stopEmulators() {
    aws.close();
  }

  @BeforeEach
  void emptyThem() {
    aws.reset();
  }

  /**
   * A table of 5 write units and no burst credit: 400 rows take at least 80 s, and most writes are
   * throttled. The writer waits, sends back what it could not write in time, and spends no receive.
   */
  @Test
  void aThrottledTableIsWaitedForAndNoRowIsParked() throws Exception {
    aws.rehearse(new Rehearsal(TableCapacity.provisioned(5, 5, 0), 0));
    int rows = 400;
    Instant start = Instant.now();
    try (Pipeline pipeline = deploy()) {
      upload("throttled.csv", rows);

      await(() -> stored() >= rows, Duration.ofMinutes(4), "every row stored");
      assertThat(Duration.between(start, Instant.now()))
          .as("no faster than 5 units a second allow")
          .isGreaterThan(Duration.ofSeconds(rows / 5));
      await(
          () -> terminal.toString(StandardCharsets.UTF_8).contains("ingested job_offers/"),
          Duration.ofSeconds(10),
          "the file's summary");
    }

    assertThat(storedIds()).isEqualTo(ids(rows));
    assertThat(aws.rehearsal().events())
        .hasEntrySatisfying("DynamoDB requests throttled", count -> assertThat(count).isPositive());
    assertThat(sum("jobs_requeued")).as("jobs sent back to the queue").isPositive();
    assertThat(parked(aws.deadLetterQueueUrl())).isEmpty();
    assertThat(parked(aws.failedIngestionsQueueUrl())).isEmpty();
    assertThat(terminal.toString(StandardCharsets.UTF_8))
        .contains("ingested job_offers/throttled.csv: 400 rows, 400 stored, none rejected");
  }

  /**
   * One call in twenty fails (throttled, 500s, an object reset mid-body, an environment that dies),
   * and one sqs_to_dynamo environment is killed in the middle of a batch besides.
   */
  @Test
  void withFaultsAndAnEnvironmentKilledMidBatchEveryRowIsStoredOnceAndOnlyPoisonIsParked()
      throws Exception {
    aws.rehearse(new Rehearsal(TableCapacity.ON_DEMAND, 0.05));
    int rows = 10_000;
    List<Message> dead = new CopyOnWriteArrayList<>();
    aws.direct().sqs().sendMessage(b -> b.queueUrl(aws.queueUrl()).messageBody("poison"));
    try (Pipeline pipeline = deploy()) {
      upload("faulty.csv", rows);
      LambdaFunction sqsToDynamo = pipeline.lambdas().function(LocalLambdas.SQS_TO_DYNAMO);
      await(
          () -> stored() > 0 && sqsToDynamo.killBusyEnvironment(),
          Duration.ofMinutes(1),
          "an environment killed mid-batch");
      assertThat(stored()).as("killed mid-ingestion").isLessThan(rows);

      await(() -> stored() >= rows, Duration.ofMinutes(3), "every row stored");
      await(
          () -> dead.addAll(parked(aws.deadLetterQueueUrl())) || !dead.isEmpty(),
          Duration.ofMinutes(2),
          "the poison message parked");
      assertThat(sqsToDynamo.reports()).anyMatch(report -> "error".equals(report.status()));
    }

    assertThat(storedIds()).isEqualTo(ids(rows));
    assertThat(dead)
        .singleElement()
        .satisfies(
            poison -> {
              assertThat(poison.body()).isEqualTo("poison");
              // Received 4 times (maxReceiveCount), moved to the DLQ by the 5th receive.
              assertThat(
                      poison.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                  .isEqualTo("5");
            });
    assertThat(parked(aws.failedIngestionsQueueUrl())).isEmpty();
    assertThat(aws.rehearsal().events().values().stream().mapToLong(Long::longValue).sum())
        .as("faults injected")
        .isPositive();
  }

  /** The ingestion functions from their zips, on the bucket and the queue, as the local run. */
  private Pipeline deploy() {
    IngestionProgress progress =
        new IngestionProgress(new PrintStream(terminal, true, StandardCharsets.UTF_8), false, null);
    LocalLambdas lambdas =
        LocalLambdas.deploy(
            TERRAFORM,
            aws,
            work.resolve("lambda"),
            Set.of(LocalLambdas.S3_TO_SQS, LocalLambdas.SQS_TO_DYNAMO),
            Map.of(LocalLambdas.SQS_TO_DYNAMO, 2),
            config ->
                config.name().equals("sqs_to_dynamo_lambda") ? config.withTimeout(TIMEOUT) : config,
            (function, line) -> {
              lines.add(line);
              progress.logged(line);
            });
    return new Pipeline(
        lambdas,
        LocalPipeline.deployed(
            aws,
            lambdas,
            new LocalPipeline.Settings(null, List.of(Duration.ZERO, Duration.ZERO), 2),
            progress));
  }

  private record Pipeline(LocalLambdas lambdas, LocalPipeline pipeline) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      pipeline.close();
      lambdas.close();
    }
  }

  /** Uploads a synthetic file of so many rows, ids 0 to rows - 1, as a person would. */
  private static void upload(String name, int rows) throws IOException {
    byte[] csv;
    try (SyntheticCsv synthetic = new SyntheticCsv(rows)) {
      csv = synthetic.readAllBytes();
    }
    aws.s3()
        .putObject(
            b -> b.bucket(JobsAwsResources.BUCKET).key(IngestionNames.INGEST_PREFIX + name),
            RequestBody.fromBytes(csv));
  }

  private static long stored() {
    return StoredJobs.count(aws.direct().dynamoDb());
  }

  /** The ids stored, each once: a row stored twice would be a second item. */
  private static Set<String> storedIds() {
    List<String> ids =
        aws
            .direct()
            .dynamoDb()
            .scanPaginator(b -> b.tableName(JobsAwsResources.TABLE))
            .items()
            .stream()
            .map(item -> item.get("id").s())
            .toList();
    assertThat(Set.copyOf(ids)).as("no row stored twice").hasSameSizeAs(ids);
    return Set.copyOf(ids);
  }

  private static Set<String> ids(int rows) {
    return LongStream.range(0, rows)
        .mapToObj("%032x"::formatted)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** A count that sqs_to_dynamo logged for each batch, summed. */
  private long sum(String field) throws IOException {
    long sum = 0;
    for (String line : lines) {
      if (line.contains("wrote a batch of jobs")) {
        JsonNode entry = JSON.readTree(line);
        sum += entry.path(field).asLong();
      }
    }
    return sum;
  }

  /** What a queue of failures holds, left there. */
  private static List<Message> parked(String queueUrl) {
    List<Message> messages =
        aws.direct()
            .sqs()
            .receiveMessage(
                b ->
                    b.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .visibilityTimeout(0)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
            .messages();
    return messages;
  }

  private static void await(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(200);
    }
  }
}
