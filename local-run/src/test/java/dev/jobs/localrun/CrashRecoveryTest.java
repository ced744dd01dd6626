package dev.jobs.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobs.lambda.AwsClients;
import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.Ports;
import dev.jobs.localaws.samples.SampleFiles;
import dev.jobs.pipeline.IngestionNames;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local run killed (kill -9) in the middle of an ingestion, twice, then started again with the
 * same command: every row of the file ends stored, exactly once, with nothing done by hand. The
 * first kill comes while s3_to_sqs still reads the file (its ingestion is announced again), the
 * second while the queue is drained (its messages were kept on disk). No emulator or function
 * process outlives a killed run, and {@code -Dfresh=true} starts from nothing after one.
 */
class CrashRecoveryTest {

  /** Enough for s3_to_sqs to read for a few seconds, in its own cold JVM. */
  private static final int ROWS = 10_000;

  private static final String KEY = IngestionNames.INGEST_PREFIX + "crash.csv";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  // A level as the backend's JSON writes it, or as a function's own line holds it, quoted in it.
  private static final Pattern WARNING_OR_WORSE =
      Pattern.compile("\\\\?\"level\\\\?\":\\\\?\"(WARN|ERROR)");

  /**
   * terraform/ with a 10-second consumer timeout, and so visibility timeout: the batches in flight
   * at a kill come back 10 s later rather than 60.
   */
  @TempDir static Path terraform;

  @TempDir Path data;
  private final int[] ports = {Ports.free(), Ports.free(), Ports.free(), Ports.free()};
  private final List<Process> runs = new ArrayList<>();
  private final Map<Process, Path> outputs = new HashMap<>();

  @BeforeAll
  static void copyTerraformWithAShortConsumerTimeout() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../terraform"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, terraform.resolve(file.getFileName()));
      }
    }
    replace(
        terraform.resolve("lambdas.tf"),
        "sqs_to_dynamo_timeout = 60",
        "sqs_to_dynamo_timeout = 10");
    // The packages where Maven built them, from the copy.
    replace(
        terraform.resolve("terraform.tfvars"),
        "\"../",
        "\"" + Path.of("..").toAbsolutePath().normalize() + "/");
  }

  private static void replace(Path file, String text, String by) throws IOException {
    String content = Files.readString(file);
    assertThat(content).as(file.toString()).contains(text);
    Files.writeString(file, content.replace(text, by));
  }

  @AfterEach
  void stopRuns() {
    runs.forEach(Process::destroyForcibly);
  }

  @Test
  void everyRowIsStoredOnceAfterKillsMidIngestion() throws Exception {
    Set<String> ids = new HashSet<>();
    byte[] csv = jobOffers(ROWS, ids);
    Process run = start(false);
    try (S3Client s3 = s3();
        SqsClient sqs = sqs();
        DynamoDbClient dynamoDb = dynamoDb()) {
      s3.putObject(b -> b.bucket(JobsAwsResources.BUCKET).key(KEY), RequestBody.fromBytes(csv));

      waitingFor("the first rows sent").until(() -> queued(sqs) > 0);
      assertThat(handled()).as("killed while s3_to_sqs reads the file").doesNotContain(KEY);
      kill(run);

      run = start(false);
      waitingFor("the file read")
          .until(() -> handled().contains(KEY) && StoredJobs.count(dynamoDb) > ROWS / 4);
      assertThat(StoredJobs.count(dynamoDb)).as("killed while the queue drains").isLessThan(ROWS);
      kill(run);

      Process last = start(false);
      waitingFor("every row stored").until(() -> StoredJobs.count(dynamoDb) >= ROWS);
      waitingFor("no row more")
          .during(Duration.ofSeconds(2))
          .until(() -> StoredJobs.count(dynamoDb) == ROWS);
      assertThat(storedIds(dynamoDb)).hasSize(ROWS).isEqualTo(ids);
      waitingFor("the file's summary, across the restarts")
          .until(() -> read(outputs.get(last)).contains("ingested " + KEY));
      assertThat(read(outputs.get(last)))
          .as("rows redelivered after the kills counted once")
          .contains("ingested " + KEY + ": 10,000 rows, 10,000 stored, none rejected");
    }
    kill(runs.get(runs.size() - 1));

    start(true);
    try (DynamoDbClient dynamoDb = dynamoDb()) {
      assertThat(StoredJobs.count(dynamoDb)).as("-Dfresh=true starts from no data").isZero();
    }
  }

  /**
   * A key under job_offers/ that is not ingested gets a line saying why; Ctrl-C: one line that says
   * so, exit code 130, no trace, nothing left running, and no warning in the log.
   */
  @Test
  void skipsAKeyAloudAndStopsQuietlyOnCtrlC() throws Exception {
    Process run = start(false);
    List<ProcessHandle> children = run.descendants().toList();
    try (S3Client s3 = s3()) {
      s3.putObject(
          b -> b.bucket(JobsAwsResources.BUCKET).key(IngestionNames.INGEST_PREFIX + "image.png"),
          RequestBody.fromBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
    }
    waitingFor("the line about the key skipped")
        .until(
            () -> read(outputs.get(run)).contains("ignored job_offers/image.png: not a .csv file"));

    new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor();

    assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
    String output = read(outputs.get(run));
    assertThat(output.substring(output.indexOf("jobs-backend ready")).lines().skip(1))
        .containsExactly(
            "ignored job_offers/image.png: not a .csv file (only names ending in .csv, in any"
                + " case, are ingested)",
            "jobs-backend stopped; data kept in " + data.toAbsolutePath());
    assertThat(run.exitValue()).isEqualTo(130);
    assertThat(children).noneMatch(ProcessHandle::isAlive);
    assertThat(output.lines()).as("log lines on the terminal").noneMatch(l -> l.startsWith("{"));
    // Nor anything in the log for an operator to look into: the backend's lines and the functions'.
    assertThat(read(data.resolve("backend.log")).lines())
        .isNotEmpty()
        .noneMatch(line -> WARNING_OR_WORSE.matcher(line).find());
  }

  /** Starts the README's run as Maven forks it, and waits for its ready line. */
  private Process start(boolean fresh) throws IOException, InterruptedException {
    Path output =
        Files.createDirectories(Path.of("target", "crash-recovery"))
            .resolve("run-" + outputs.size() + ".txt");
    Process run =
        new ProcessBuilder(
                // A terminal's Ctrl-C reaches a JVM that takes SIGINT, whatever this one inherited.
                "env",
                "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Dport=" + ports[0],
                "-Ds3.port=" + ports[1],
                "-Dsqs.port=" + ports[2],
                "-Ddynamodb.port=" + ports[3],
                "-Ddata=" + data,
                "-Dfresh=" + fresh,
                "-Dterraform=" + terraform,
                "-cp",
                System.getProperty("java.class.path"),
                LocalBackend.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    runs.add(run);
    outputs.put(run, output);
    waitingFor("the ready line in " + output)
        .until(() -> read(output).contains("jobs-backend ready") || !run.isAlive());
    assertThat(run.isAlive()).as(read(output)).isTrue();
    return run;
  }

  /**
   * kill -9, and no child left behind: dynalite's Node and the functions' JVMs stop with the run.
   */
  private static void kill(Process run) throws InterruptedException {
    List<ProcessHandle> children = run.descendants().toList();
    assertThat(children).as("dynalite runs as a child").isNotEmpty();
    run.destroyForcibly().waitFor();
    for (ProcessHandle child : children) {
      // At once, as a Lambda sandbox with its host: not after working on against dead emulators.
      waitingFor("pid " + child.pid() + " to stop with the killed run")
          .atMost(Duration.ofSeconds(10))
          .until(() -> !child.isAlive());
    }
  }

  /** The object versions that s3_to_sqs finished, as the run records them. */
  private String handled() {
    return read(data.resolve("s3-notifications.handled"));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Messages in the job queue, in flight included. */
  private static long queued(SqsClient sqs) {
    String url = sqs.getQueueUrl(b -> b.queueName(JobsAwsResources.QUEUE)).queueUrl();
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(
                b ->
                    b.queueUrl(url)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return attributes.values().stream().mapToLong(Long::parseLong).sum();
  }

  private static Set<String> storedIds(DynamoDbClient dynamoDb) {
    List<String> ids =
        dynamoDb.scanPaginator(b -> b.tableName(JobsAwsResources.TABLE)).items().stream()
            .map(item -> item.get("id").s())
            .toList();
    assertThat(new HashSet<>(ids)).as("no job stored twice").hasSameSizeAs(ids);
    return new HashSet<>(ids);
  }

  /** The Paris sample's rows, repeated with new ids until there are {@code rows}. */
  private static byte[] jobOffers(int rows, Set<String> ids) throws IOException {
    List<CSVRecord> sample;
    try (Reader in =
        Files.newBufferedReader(SampleFiles.path("paris_job_offers.csv"), StandardCharsets.UTF_8)) {
      sample = CSVFormat.DEFAULT.builder().setHeader().get().parse(in).getRecords();
    }
    StringWriter out = new StringWriter();
    try (CSVPrinter printer =
        CSVFormat.DEFAULT
            .builder()
            .setQuoteMode(QuoteMode.ALL)
            .setRecordSeparator('\n')
            .get()
            .print(out)) {
      printer.printRecord(sample.get(0).getParser().getHeaderNames());
      for (int i = 0; i < rows; i++) {
        List<String> row = new ArrayList<>(sample.get(i % sample.size()).toList());
        String id = "%032x".formatted(i);
        row.set(0, id);
        ids.add(id);
        printer.printRecord(row);
      }
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private S3Client s3() {
    return AwsClients.build(onEmulator(S3Client.builder(), ports[1]));
  }

  private SqsClient sqs() {
    return AwsClients.build(onEmulator(SqsClient.builder(), ports[2]));
  }

  private DynamoDbClient dynamoDb() {
    return AwsClients.build(onEmulator(DynamoDbClient.builder(), ports[3]));
  }

  /** A client of the run's emulator on the port, as LocalAws builds its own. */
  private static <B extends AwsClientBuilder<B, ?>> B onEmulator(B builder, int port) {
    return builder
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(LocalAws.REGION)
        .credentialsProvider(LocalAws.CREDENTIALS);
  }

  /** Waits for what is named, asking every 100 ms, for {@link #TIMEOUT} at most. */
  private static ConditionFactory waitingFor(String what) {
    return await(what).atMost(TIMEOUT).pollInterval(Duration.ofMillis(100));
  }
}
