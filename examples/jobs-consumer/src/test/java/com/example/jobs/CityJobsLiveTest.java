package com.example.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.client.JobsClient;
import dev.jobs.model.JobInput;
import java.net.URI;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Against a running job API, such as the local run: -Djobs.baseUrl=http://localhost:8080/dev. */
class CityJobsLiveTest {

  @Test
  void findsAJobItCreated() {
    String base = System.getProperty("jobs.baseUrl", "");
    Assumptions.assumeFalse(base.isBlank(), "no running job API given (jobs.baseUrl)");
    // The local run's credentials; on AWS, signed() takes the SDK's default ones.
    JobsClient jobs =
        JobsClient.builder(URI.create(base))
            .signedWith(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
                Region.EU_WEST_1)
            .build();

    var created =
        jobs.create(new JobInput().city("Consumerville").companyName("ACME").title("Consumer"));
    try {
      assertThat(new CityJobs(jobs, 100).titles("Consumerville")).contains("Consumer");
    } finally {
      jobs.delete(created.value().getId(), "Consumerville", created.etag());
    }
  }
}
