package dev.jobs.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.Terraform;
import dev.jobs.localaws.junit.WithLocalAws;
import dev.jobs.localaws.samples.SampleFiles;
import dev.jobs.localaws.samples.SyntheticCsv;
import dev.jobs.locallambda.HttpApiGateway;
import dev.jobs.locallambda.runtime.FunctionConfig;
import dev.jobs.locallambda.runtime.FunctionError;
import dev.jobs.locallambda.runtime.LambdaFunction;
import dev.jobs.locallambda.runtime.LambdaFunction.Report;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The three zips of terraform/ run as Lambda runs them: each in JVMs of its own, started with the
 * runtime interface client, fed through the Lambda Runtime API, with Lambda's environment and
 * credentials, and Lambda's semantics around them (timeouts, initialisation errors, asynchronous
 * retries and the on-failure destination, concurrent queue consumers).
 */
@WithLocalAws
class LambdaRehearsalTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Terraform TERRAFORM = Terraform.read(Path.of("../terraform"));

  @TempDir Path work;

  private final List<String> output = new CopyOnWriteArrayList<>();

  private LocalLambdas deploy(
      LocalAws aws, Set<String> which, int concurrency, UnaryOperator<FunctionConfig> adjust) {
    return LocalLambdas.deploy(
        TERRAFORM,
        aws,
        work,
        which,
        Map.of(LocalLambdas.SQS_TO_DYNAMO, concurrency),
        adjust,
        (function, line) -> output.add(function + ": " + line));
  }

  @Test
  void theJobApiServesFromItsZipWithTheCredentialsOfSnapStart(LocalAws aws) throws Exception {
    aws.reset();
    try (LocalLambdas lambdas = deploy(aws, Set.of(LocalLambdas.JOB_API), 1, c -> c);
        HttpApiGateway gateway =
            HttpApiGateway.start(0, lambdas.function(LocalLambdas.JOB_API).streamHandler())) {
      LambdaFunction api = lambdas.function(LocalLambdas.JOB_API);
      assertThat(api.environment())
          .as("a SnapStart function gets no credentials in its environment")
          .doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
          .containsKeys("AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN")
          .containsEntry("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")
          .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "job_api_lambda")
          .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")
          .containsEntry("AWS_REGION", LocalAws.REGION.id())
          .containsEntry("_HANDLER", "dev.jobs.api.lambda.StreamLambdaHandler::handleRequest")
          .containsEntry("TABLE_NAME", JobsAwsResources.TABLE);
      assertThat(output)
          .as("SnapStart initialises as the version is published")
          .anyMatch(
              line -> line.contains("INIT_REPORT Init Duration:") && line.contains("success"));
      assertThat(output)
          .as("its CRaC hook primes the API before the snapshot, as on Lambda")
          .anyMatch(line -> line.contains("primed the job API"));

      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + gateway.port() + "/dev/v1/jobs";
      HttpResponse<String> created =
          http.send(
              DeployedJobApi.signed(
                  HttpRequest.newBuilder(URI.create(base))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              """
                              {"city":"Lyon","company_name":"Zenika","title":"Développeuse Java"}"""))),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      HttpResponse<String> listed =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "?city=Lyon")).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertThat(listed.statusCode()).isEqualTo(200);
      assertThat(listed.body()).contains("Développeuse Java");
      assertThat(lambdas.containerCredentials().served())
          .as("the DynamoDB client took its credentials from the container endpoint")
          .isPositive();
      assertThat(api.reports()).hasSize(2).noneMatch(Report::coldStart);
      assertThat(output)
          .anyMatch(line -> line.matches(".*REPORT RequestId: \\S+\tDuration: [\\d.]+ ms.*"));
      assertOneLogFormat(LocalLambdas.JOB_API, "job_api_lambda", "POST /dev/v1/jobs 201");
    }
  }

  @Test
  void theIngestionZipsStoreAFileWithConcurrentConsumers(LocalAws aws) throws Exception {
    aws.reset();
    try (LocalLambdas lambdas =
            deploy(aws, Set.of(LocalLambdas.S3_TO_SQS, LocalLambdas.SQS_TO_DYNAMO), 2, c -> c);
        LocalPipeline pipeline =
            LocalPipeline.deployed(
                aws,
                lambdas,
                new LocalPipeline.Settings(null, List.of(Duration.ZERO, Duration.ZERO), 2),
                IngestionProgress.onStandardOutput())) {
      assertThat(lambdas.function(LocalLambdas.S3_TO_SQS).environment())
          .as("a SnapStart function gets its credentials from an endpoint, not its environment")
          .containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI")
          .doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
          .containsEntry("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")
          .containsEntry("QUEUE_URL", aws.queueUrl());
      assertThat(output)
          .as("both were primed as their versions were published")
          .anyMatch(line -> line.startsWith("s3_to_sqs: ") && line.contains("primed s3_to_sqs"))
          .anyMatch(
              line -> line.startsWith("sqs_to_dynamo: ") && line.contains("primed sqs_to_dynamo"))
          .noneMatch(line -> line.contains("priming") && line.contains("failed"));
      // 200 messages: the queue holds batches for both consumers at once.
      int rows = 5_000;
      try (SyntheticCsv csv = new SyntheticCsv(rows)) {
        byte[] file = csv.readAllBytes();
        aws.s3()
            .putObject(
                b -> b.bucket(JobsAwsResources.BUCKET).key("job_offers/synthetic.csv"),
                RequestBody.fromBytes(file));
      }

      assertThat(StoredJobs.awaitCount(aws.dynamoDb(), rows, Duration.ofSeconds(120)))
          .isEqualTo(rows);
      List<Report> ingestion = lambdas.function(LocalLambdas.S3_TO_SQS).reports();
      assertThat(ingestion).hasSize(1);
      assertThat(ingestion.get(0).coldStart()).as("the published environment ran it").isFalse();
      assertThat(ingestion.get(0).maxMemoryUsedMb()).isPositive();
      assertThat(lambdas.function(LocalLambdas.SQS_TO_DYNAMO).reports())
          .as(
              "a second execution environment started beside the published one, busy: two"
                  + " consumed the queue at once")
          .filteredOn(Report::coldStart)
          .hasSize(1);
      assertOneLogFormat(LocalLambdas.S3_TO_SQS, "s3_to_sqs_lambda", "ingested s3://");
      assertOneLogFormat(LocalLambdas.SQS_TO_DYNAMO, "sqs_to_dynamo_lambda", "wrote a batch");
    }
  }

  /**
   * Every JSON line that the function writes in an invocation is ECS, the same for all three, with
   * the invocation on it: Lambda's request id, the function's name, the cold start.
   */
  private void assertOneLogFormat(String function, String name, String message) throws Exception {
    // The lines written once invocations began, after Lambda's first START line. The function's
    // own lines come through a pipe of their own: the last of an invocation may follow its END
    // line, the last of an initialisation (SnapStart's priming) its first START line.
    List<JsonNode> lines = new ArrayList<>();
    Set<String> requestIds = new HashSet<>();
    for (String line : output) {
      if (!line.startsWith(function + ": ")) {
        continue;
      }
      String text = line.substring(function.length() + 2);
      if (text.startsWith("START RequestId: ")) {
        requestIds.add(text.split(" ")[2]);
      } else if (!requestIds.isEmpty() && text.startsWith("{")) {
        lines.add(JSON.readTree(text));
      }
    }
    assertThat(lines)
        .as("%s's JSON lines", function)
        .anyMatch(l -> l.path("message").asText().startsWith(message));
    for (JsonNode line : lines) {
      assertThat(line.has("@timestamp")).as(line.toString()).isTrue();
      assertThat(line.path("log").path("level").asText()).as(line.toString()).isNotEmpty();
      assertThat(line.path("ecs").path("version").asText()).isEqualTo("8.11");
      assertThat(line.path("service").path("name").asText()).isEqualTo(name);
      JsonNode faas = line.path("faas");
      if (faas.isEmpty()) {
        continue; // An initialisation's (another environment's, or priming late in the pipe).
      }
      assertThat(faas.path("name").asText()).as(line.toString()).isEqualTo(name);
      assertThat(faas.path("execution").asText())
          .as("an invocation's request id: %s", line)
          .isIn(requestIds);
      assertThat(faas.path("coldstart").asText()).as(line.toString()).isIn("true", "false");
    }
  }

  @Test
  void aTimeoutEndsTheInvocationAndItsExecutionEnvironment(LocalAws aws) throws Exception {
    // A DynamoDB and an SQS that accept connections and never answer: the writer gives up on the
    // table at its deadline, then waits for SQS, to send the jobs back, past the timeout.
    try (ServerSocket silent = new ServerSocket(0);
        LocalLambdas lambdas =
            deploy(
                aws,
                Set.of(LocalLambdas.SQS_TO_DYNAMO),
                1,
                // On demand: SnapStart would meet the silent DynamoDB while priming, at
                // publication.
                config ->
                    config
                        .withSnapStart(false)
                        .withTimeout(Duration.ofSeconds(2))
                        .withEnvironment(
                            with(
                                with(
                                    config.environment(),
                                    "AWS_ENDPOINT_URL_DYNAMODB",
                                    "http://127.0.0.1:" + silent.getLocalPort()),
                                "AWS_ENDPOINT_URL_SQS",
                                "http://127.0.0.1:" + silent.getLocalPort())))) {
      LambdaFunction sqsToDynamo = lambdas.function(LocalLambdas.SQS_TO_DYNAMO);
      SQSEvent event = jobMessage();

      FunctionError timeout =
          catchThrowableOfType(
              FunctionError.class,
              () -> sqsToDynamo.handler(SQSEvent.class, Void.class).handleRequest(event, null));

      assertThat(timeout.errorType()).isEqualTo("Sandbox.Timedout");
      assertThat(new String(timeout.payload(), StandardCharsets.UTF_8))
          .contains("Task timed out after 2.00 seconds");
      assertThat(sqsToDynamo.reports())
          .singleElement()
          .extracting(Report::status)
          .isEqualTo("timeout");
      assertThat(output)
          .anyMatch(line -> line.contains("REPORT") && line.endsWith("Status: timeout"));

      catchThrowableOfType(
          FunctionError.class,
          () -> sqsToDynamo.handler(SQSEvent.class, Void.class).handleRequest(event, null));
      assertThat(sqsToDynamo.reports().get(1).coldStart())
          .as("the timed-out environment was stopped: the next invocation starts a new one")
          .isTrue();
    }
  }

  @Test
  void anInitialisationErrorIsReportedAsLambdaReportsIt(LocalAws aws) {
    try (LocalLambdas lambdas =
        deploy(
            aws,
            Set.of(LocalLambdas.S3_TO_SQS),
            1,
            // On demand: with SnapStart, the error would fail the publication (the deploy).
            config -> config.withSnapStart(false).withEnvironment(Map.of()))) {
      LambdaFunction s3ToSqs = lambdas.function(LocalLambdas.S3_TO_SQS);

      FunctionError error =
          catchThrowableOfType(FunctionError.class, () -> s3ToSqs.invoke("{}".getBytes()));

      assertThat(error.errorType()).isEqualTo("Runtime.BadFunctionCode");
      assertThat(new String(error.payload(), StandardCharsets.UTF_8))
          .contains("environment variable QUEUE_URL is not set");
      assertThat(output)
          .anyMatch(
              line ->
                  line.contains("INIT_REPORT Init Duration:") && line.contains("Status: error"));
    }
  }

  @Test
  void aFileThatFailsThreeTimesGoesToTheFailedIngestionsQueue(LocalAws aws) throws Exception {
    aws.reset();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    // s3_to_sqs cannot reach S3, so it fails on every file (the watch still sees the bucket).
    try (LocalLambdas lambdas =
            deploy(
                aws,
                Set.of(LocalLambdas.S3_TO_SQS, LocalLambdas.SQS_TO_DYNAMO),
                1,
                config ->
                    config.name().equals("s3_to_sqs_lambda")
                        ? config.withEnvironment(
                            with(
                                config.environment(),
                                "AWS_ENDPOINT_URL_S3",
                                "http://127.0.0.1:" + closedPort))
                        : config);
        LocalPipeline pipeline =
            LocalPipeline.deployed(
                aws, lambdas, PipelineInThisJvm.SETTINGS, IngestionProgress.onStandardOutput())) {
      aws.s3()
          .putObject(
              b -> b.bucket(JobsAwsResources.BUCKET).key("job_offers/lost file.csv"),
              RequestBody.fromFile(SampleFiles.path("lyon_job_offers.csv")));

      Message failed = awaitMessage(aws, aws.failedIngestionsQueueUrl(), Duration.ofSeconds(60));

      JsonNode record = JSON.readTree(failed.body());
      assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
      assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(3);
      assertThat(record.at("/requestContext/functionArn").asText())
          .isEqualTo(LambdaFunction.arn("s3_to_sqs_lambda") + ":$LATEST");
      assertThat(record.at("/requestPayload/Records/0/s3/object/key").asText())
          .isEqualTo("job_offers/lost+file.csv");
      assertThat(record.at("/responseContext/functionError").asText()).isEqualTo("Unhandled");
      assertThat(record.at("/responsePayload/errorMessage").asText()).isNotBlank();
      assertThat(lambdas.function(LocalLambdas.S3_TO_SQS).reports()).hasSize(3);
    }
  }

  private static Map<String, String> with(
      Map<String, String> variables, String name, String value) {
    Map<String, String> changed = new HashMap<>(variables);
    changed.put(name, value);
    return changed;
  }

  private static SQSEvent jobMessage() {
    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
    message.setMessageId("m-1");
    message.setBody(
        """
        {"id":"0123456789abcdef0123456789abcdef","city":"Lyon","company_name":"Zenika","title":"Dev"}""");
    message.setEventSource("aws:sqs");
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(message));
    return event;
  }

  private static Message awaitMessage(LocalAws aws, String queueUrl, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      List<Message> messages =
          aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages();
      if (!messages.isEmpty()) {
        return messages.get(0);
      }
    }
    throw new AssertionError("no message in " + queueUrl + " after " + timeout);
  }
}
