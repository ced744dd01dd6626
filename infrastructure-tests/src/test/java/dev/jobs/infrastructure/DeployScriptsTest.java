package dev.jobs.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.junit.WithLocalAws;
import dev.jobs.pipeline.IngestionNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bin/ scripts against a local stack, with the AWS CLI, as README tells a user to run them
 * against AWS: one endpoint variable apart. S3 and SQS are the local run's; Lambda, which the local
 * stack lacks, is moto's.
 */
@WithLocalAws({Service.S3, Service.SQS})
class DeployScriptsTest {

  private static final Path ROOT = Path.of("..");
  private static final String ROLE = "arn:aws:iam::123456789012:role/lambda";
  private static MotoServer moto;

  @BeforeAll
  static void startLambdaApi() throws Exception {
    moto = MotoServer.start();
    aws(
        "iam",
        "create-role",
        "--role-name",
        "lambda",
        "--assume-role-policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
  }

  @AfterAll
  static void stopLambdaApi() {
    moto.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "deploy_job_api_lambda.sh, job_api_lambda, job-api/target/job-api-lambda.zip, live",
    "deploy_s3_to_sqs_lambda.sh, s3_to_sqs_lambda, pipeline-lambdas/target/pipeline-lambdas.zip, live",
    "deploy_sqs_to_dynamo_lambda.sh, sqs_to_dynamo_lambda, pipeline-lambdas/target/pipeline-lambdas.zip, live"
  })
  void deploysTheBuiltPackageToTheFunctionNamedInTerraform(
      String script, String function, String zip, String alias) throws Exception {
    createFunction(function);

    Commands.Result deployed =
        Commands.run(ROOT, environment(Map.of("SKIP_BUILD", "true")), "bin/" + script);

    assertThat(deployed.exitCode()).as(deployed.output()).isZero();
    String codeSha256 =
        aws(
                "lambda",
                "get-function-configuration",
                "--function-name",
                function,
                "--query",
                "CodeSha256",
                "--output",
                "text")
            .strip();
    assertThat(codeSha256).isEqualTo(sha256(ROOT.resolve(zip)));
    String latest =
        aws(
                "lambda",
                "list-versions-by-function",
                "--function-name",
                function,
                "--query",
                "Versions[-1].Version",
                "--output",
                "text")
            .strip();
    assertThat(latest).isNotEqualTo("1");
    assertThat(
            aws(
                    "lambda",
                    "get-alias",
                    "--function-name",
                    function,
                    "--name",
                    alias,
                    "--query",
                    "FunctionVersion",
                    "--output",
                    "text")
                .strip())
        .isEqualTo(latest);
    assertThat(deployed.output()).contains("alias " + alias + " moved");
  }

  /**
   * As in GitLab CI: no keys, an ID token in a file and the role to assume with it, which the CLI
   * exchanges with STS (moto's here) by itself.
   */
  @Test
  void deploysWithTheCredentialsOfAnIdTokenAsCiHasNoKeys(@TempDir Path directory) throws Exception {
    createFunction("id_token_function");
    Path token = directory.resolve("id-token");
    Map<String, String> ci = new HashMap<>();
    ci.put("AWS_REGION", "eu-west-1");
    ci.put("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/jobs-backend-deploy");
    // A session of its own: no credentials that the CLI cached in an earlier run.
    ci.put("AWS_ROLE_SESSION_NAME", "gitlab-" + java.util.UUID.randomUUID());
    ci.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
    ci.put("AWS_ENDPOINT_URL_LAMBDA", moto.endpoint().toString());
    ci.put("AWS_ENDPOINT_URL_STS", moto.endpoint().toString());
    ci.put("FUNCTION_NAME", "id_token_function");
    ci.put("SKIP_BUILD", "true");

    Commands.Result withoutToken = Commands.run(ROOT, ci, "bin/deploy_sqs_to_dynamo_lambda.sh");
    Files.writeString(token, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwcm9qZWN0X3BhdGgifQ.c2lnbmF0dXJl");
    Commands.Result withToken = Commands.run(ROOT, ci, "bin/deploy_sqs_to_dynamo_lambda.sh");

    assertThat(withoutToken.exitCode()).as(withoutToken.output()).isNotZero();
    assertThat(withToken.exitCode()).as(withToken.output()).isZero();
    assertThat(withToken.output()).contains("id_token_function: code updated");
  }

  @Test
  void sendsAFileToTheJobOffersFolderOfTheBucket(LocalAws local) throws Exception {
    Path file = ROOT.resolve("data/job_offers/bordeaux_job_offers.csv");

    Commands.Result sent =
        Commands.run(
            ROOT,
            environment(Map.of("AWS_ENDPOINT_URL_S3", local.endpoint(Service.S3).toString())),
            "bin/send_s3_event.sh",
            "data/job_offers/bordeaux_job_offers.csv",
            "from-script.csv");

    assertThat(sent.exitCode()).as(sent.output()).isZero();
    byte[] stored =
        local
            .s3()
            .getObjectAsBytes(
                b ->
                    b.bucket(JobsAwsResources.BUCKET)
                        .key(IngestionNames.INGEST_PREFIX + "from-script.csv"))
            .asByteArray();
    assertThat(stored).isEqualTo(Files.readAllBytes(file));
  }

  /** Parked messages go back to the job queue as they were, and the dead letter queue empties. */
  @Test
  void redrivesTheDeadLetterQueueBackToTheJobQueue(LocalAws local) throws Exception {
    local.reset();
    Map<String, String> sqs =
        environment(Map.of("AWS_ENDPOINT_URL_SQS", local.endpoint(Service.SQS).toString()));
    Commands.Result nothing = Commands.run(ROOT, sqs, "bin/redrive_dlq.sh");
    List<String> parked = List.of("[{\"id\":\"a\"}]", "[{\"id\":\"b\"}]", "poison");
    for (String body : parked) {
      local.sqs().sendMessage(b -> b.queueUrl(local.deadLetterQueueUrl()).messageBody(body));
    }

    Commands.Result redriven = Commands.run(ROOT, sqs, "bin/redrive_dlq.sh", "10");

    assertThat(nothing.exitCode()).as(nothing.output()).isZero();
    assertThat(nothing.output()).contains("job-offers-deadletter-queue is empty");
    assertThat(redriven.exitCode()).as(redriven.output()).isZero();
    assertThat(redriven.output())
        .contains("moved 3 messages from job-offers-deadletter-queue back to job-offers-queue");
    assertThat(receiveAll(local, local.queueUrl())).containsExactlyInAnyOrderElementsOf(parked);
    assertThat(receiveAll(local, local.deadLetterQueueUrl())).isEmpty();
  }

  private static List<String> receiveAll(LocalAws local, String queueUrl) {
    return local
        .direct()
        .sqs()
        .receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
        .messages()
        .stream()
        .map(software.amazon.awssdk.services.sqs.model.Message::body)
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "deploy_job_api_lambda.sh",
        "deploy_s3_to_sqs_lambda.sh",
        "deploy_sqs_to_dynamo_lambda.sh",
        "send_s3_event.sh",
        "contract_test.sh",
        "redrive_dlq.sh"
      })
  void answersAWrongCallWithItsUsage(String script) throws Exception {
    Commands.Result wrong =
        Commands.run(ROOT, environment(Map.of()), "bin/" + script, "one", "two", "three");

    assertThat(wrong.exitCode()).isEqualTo(64);
    assertThat(wrong.output()).startsWith("usage: bin/" + script);
  }

  /** A function as Terraform creates it, before any deploy: placeholder code (an empty zip). */
  /** As Terraform leaves it: some first code, a first version, the alias "live" on it. */
  private static void createFunction(String name) throws Exception {
    createCode(name);
    String first =
        aws(
                "lambda",
                "publish-version",
                "--function-name",
                name,
                "--query",
                "Version",
                "--output",
                "text")
            .strip();
    aws(
        "lambda",
        "create-alias",
        "--function-name",
        name,
        "--name",
        "live",
        "--function-version",
        first);
  }

  private static void createCode(String name) throws Exception {
    Path placeholder = Files.createTempFile("placeholder", ".zip");
    Files.write(placeholder, Base64.getDecoder().decode("UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="));
    aws(
        "lambda",
        "create-function",
        "--function-name",
        name,
        "--runtime",
        "java21",
        "--role",
        ROLE,
        "--handler",
        "placeholder::handleRequest",
        "--zip-file",
        "fileb://" + placeholder.toAbsolutePath());
  }

  /** Local credentials, the Lambda and IAM APIs of moto, and the variables of the test. */
  private static Map<String, String> environment(Map<String, String> variables) {
    Map<String, String> environment = new HashMap<>(variables);
    environment.put("AWS_ACCESS_KEY_ID", "local");
    environment.put("AWS_SECRET_ACCESS_KEY", "local");
    environment.put("AWS_REGION", "eu-west-1");
    environment.put("AWS_ENDPOINT_URL_LAMBDA", moto.endpoint().toString());
    environment.put("AWS_ENDPOINT_URL_IAM", moto.endpoint().toString());
    return environment;
  }

  private static String aws(String... arguments) throws Exception {
    String[] command = new String[arguments.length + 1];
    command[0] = "aws";
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    Map<String, String> environment = environment(Map.of());
    environment.put("AWS_DEFAULT_REGION", "eu-west-1");
    Commands.Result result = Commands.run(ROOT, environment, command);
    assertThat(result.exitCode()).as(String.join(" ", command) + ": " + result.output()).isZero();
    return result.output();
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return Base64.getEncoder()
        .encodeToString(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
