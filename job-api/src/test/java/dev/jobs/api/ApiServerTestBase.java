package dev.jobs.api;

import dev.jobs.store.InMemoryJobStore;
import dev.jobs.store.JobStore;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.convention.TestBean;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The job API as a plain server on a random port, its store in memory: what these tests check is
 * the web layer (mapping, problems, headers). The DynamoDB adapter has its own contract tests, and
 * the app on dynalite its tests in integration-tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiServerTestBase {

  @LocalServerPort protected int port;

  @TestBean protected JobStore jobStore;

  @TestBean DynamoDbClient dynamoDbClient;

  static JobStore jobStore() {
    return new InMemoryJobStore();
  }

  /** Never called, the store being in memory; built as the SDK's chains cannot here. */
  public static DynamoDbClient dynamoDbClient() {
    return DynamoDbClient.builder()
        .region(Region.EU_WEST_1)
        .credentialsProvider(AnonymousCredentialsProvider.create())
        .build();
  }

  protected String baseUrl() {
    return "http://127.0.0.1:" + port;
  }
}
