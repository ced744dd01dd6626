package dev.jobs.api.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.junit.WithLocalAws;
import dev.jobs.locallambda.ContainerCredentials;
import dev.jobs.model.Job;
import dev.jobs.store.JobItems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * job_api_lambda in a fresh JVM with the environment Lambda gives a SnapStart function: no
 * credentials in variables (none may be frozen in the snapshot), only the container-credentials URI
 * and token. A job is read through the handler, so the DynamoDB client must have fetched its
 * credentials there. With credentials taken from environment variables only, this answered 500. Its
 * log, as CloudWatch would hold it, is JSON lines without a warning.
 */
@WithLocalAws(Service.DYNAMODB)
class SnapStartCredentialsTest {

  private static final String ID = "5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d";

  @Test
  void readsAJobWithTheCredentialsOfTheContainerEndpoint(LocalAws aws, @TempDir Path home)
      throws IOException, InterruptedException {
    Job job = new Job().id(ID).city("Lyon").companyName("ACME").title("Dev");
    aws.dynamoDb().putItem(b -> b.tableName(JobsAwsResources.TABLE).item(JobItems.toItem(job)));

    try (ContainerCredentials credentials = ContainerCredentials.start()) {
      ProcessBuilder lambda =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  ColdStartProbe.class.getName(),
                  ID)
              .redirectErrorStream(true);
      Map<String, String> environment = lambda.environment();
      environment.keySet().removeIf(name -> name.startsWith("AWS_"));
      environment.putAll(credentials.environment());
      environment.putAll(
          Map.of(
              "AWS_REGION", LocalAws.REGION.id(),
              "AWS_LAMBDA_FUNCTION_NAME", "job_api_lambda",
              "TABLE_NAME", JobsAwsResources.TABLE,
              "AWS_ENDPOINT_URL_DYNAMODB", aws.endpoint(Service.DYNAMODB).toString(),
              // No ~/.aws files to fall back on, as on Lambda.
              "HOME", home.toString(),
              "AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString(),
              "AWS_CONFIG_FILE", home.resolve("config").toString()));

      Process process = lambda.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(output).as(output).contains("OK").doesNotContain("FAILED");
      // A cold start as it should be is nothing for the operator to look into: no warning, and
      // every line the function writes is JSON (ECS), as CloudWatch's metric filters read it.
      assertThat(output).as(output).doesNotContain("\"level\":\"WARN\"");
      assertThat(output.lines()).as(output).allMatch(l -> l.startsWith("{") || l.equals("OK"));
      assertThat(credentials.served()).as("credentials fetched from the endpoint").isPositive();
    }
  }
}
