package dev.jobs.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.Terraform;
import dev.jobs.localaws.samples.SyntheticCsv;
import dev.jobs.pipeline.IngestionNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Ingestion by the functions of terraform/ from their zips, as the local run wires them, when AWS
 * does what the emulators do not: a table throttled at its capacity, calls that fail, execution
 * environments that die mid-batch. Every row ends stored, once; nothing is parked in the dead
 * letter queue but a poison message. The emulators and what the tests check, for a class per case
 * (each case waits a minute or so: as classes of their own, they run in test JVMs side by side).
 */
abstract class RehearsedIngestion {

  private static final Terraform TERRAFORM = Terraform.read(Path.of("../terraform"));
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * sqs_to_dynamo's timeout here, and so the queue's visibility timeout (the least Lambda accepts):
   * a batch whose environment died comes back after it.
   */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir static Path work;
  static LocalAws aws;

  final List<String> lines = new CopyOnWriteArrayList<>();
  final ByteArrayOutputStream terminal = new ByteArrayOutputStream();

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

  /** The ingestion functions from their zips, on the bucket and the queue, as the local run. */
  Pipeline deploy() {
    IngestionProgress progress =
        new IngestionProgress(new PrintStream(terminal, true, StandardCharsets.UTF_8), false, null);
    LocalLambdas lambdas =
        LocalLambdas.deployIngestion(
            TERRAFORM,
            aws,
            work.resolve("lambda"),
            2,
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

  record Pipeline(LocalLambdas lambdas, LocalPipeline pipeline) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      pipeline.close();
      lambdas.close();
    }
  }

  /** Uploads a synthetic file of so many rows, ids 0 to rows - 1, as a person would. */
  static void upload(String name, int rows) throws IOException {
    byte[] csv;
    try (SyntheticCsv synthetic = new SyntheticCsv(rows)) {
      csv = synthetic.readAllBytes();
    }
    aws.s3()
        .putObject(
            b -> b.bucket(JobsAwsResources.BUCKET).key(IngestionNames.INGEST_PREFIX + name),
            RequestBody.fromBytes(csv));
  }

  static long stored() {
    return StoredJobs.count(aws.direct().dynamoDb());
  }

  /** The ids stored, each once: a row stored twice would be a second item. */
  static Set<String> storedIds() {
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

  static Set<String> ids(int rows) {
    return LongStream.range(0, rows)
        .mapToObj("%032x"::formatted)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** A count that sqs_to_dynamo logged for each batch, summed. */
  long sum(String field) throws IOException {
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
  static List<Message> parked(String queueUrl) {
    return aws.direct()
        .sqs()
        .receiveMessage(
            b ->
                b.queueUrl(queueUrl)
                    .maxNumberOfMessages(10)
                    .visibilityTimeout(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
        .messages();
  }

  /** Waits for what is named, asking every 200 ms: a count of the table is a scan. */
  static ConditionFactory waitingFor(String what, Duration timeout) {
    return await(what).atMost(timeout).pollInterval(Duration.ofMillis(200));
  }
}
