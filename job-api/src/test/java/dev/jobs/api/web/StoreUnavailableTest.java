package dev.jobs.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.model.Job;
import dev.jobs.store.JobKey;
import dev.jobs.store.JobSlice;
import dev.jobs.store.JobStore;
import dev.jobs.store.StoreUnavailableException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.convention.TestBean;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A throttled or unreachable store is a 503 problem with Retry-After, not a 500. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StoreUnavailableTest {

  @LocalServerPort int port;

  @TestBean JobStore jobStore;

  @TestBean(methodName = "dev.jobs.api.ApiServerTestBase#dynamoDbClient")
  DynamoDbClient dynamoDbClient;

  /** A store that is always throttled. */
  static JobStore jobStore() {
    return new JobStore() {
      @Override
      public Optional<Job> find(JobKey key) {
        throw unavailable();
      }

      @Override
      public List<Job> withId(String id) {
        throw unavailable();
      }

      @Override
      public JobSlice list(int limit, Optional<String> city, Optional<JobKey> after) {
        throw unavailable();
      }

      @Override
      public void create(Job job) {
        throw unavailable();
      }

      @Override
      public void replace(Job job, Job expected) {
        throw unavailable();
      }

      @Override
      public boolean delete(Job expected) {
        throw unavailable();
      }

      @Override
      public List<Job> putAll(List<Job> jobs, Instant deadline) {
        throw unavailable();
      }

      private StoreUnavailableException unavailable() {
        return new StoreUnavailableException("ProvisionedThroughputExceededException", null);
      }
    };
  }

  @Test
  void aReadIsA503ProblemWithRetryAfter() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/jobs?city=Lyon"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(answer.body())
        .contains("\"title\":\"Service Unavailable\"")
        .doesNotContain("ProvisionedThroughput");
  }
}
