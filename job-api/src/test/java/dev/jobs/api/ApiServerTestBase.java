package dev.jobs.api;

import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.junit.LocalAwsExtension;
import dev.jobs.localaws.junit.WithLocalAws;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The job API as a plain server on a random port, its table on dynalite. */
@WithLocalAws(Service.DYNAMODB)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiServerTestBase {

  @LocalServerPort protected int port;

  @DynamicPropertySource
  static void dynalite(DynamicPropertyRegistry properties) {
    // Called before the app starts: its DynamoDB client takes the SDK's settings then.
    LocalAwsExtension.localAws().exposeToSdk();
  }

  protected String baseUrl() {
    return "http://127.0.0.1:" + port;
  }
}
