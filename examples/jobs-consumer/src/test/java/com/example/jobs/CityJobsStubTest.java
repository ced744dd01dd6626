package com.example.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jobs.client.JobsClient;
import dev.jobs.client.JobsProblemException;
import dev.jobs.model.JobInput;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cloud.contract.stubrunner.junit.StubRunnerExtension;
import org.springframework.cloud.contract.stubrunner.spring.StubRunnerProperties.StubsMode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The job API as its contract promises it, served by Stub Runner from the stubs jar the API
 * publishes, resolved by its coordinates from the repository: no running API needed.
 */
class CityJobsStubTest {

  @RegisterExtension
  static final StubRunnerExtension STUBS =
      new StubRunnerExtension()
          .downloadStub("dev.jobs", "job-api", System.getProperty("jobs.version"), "stubs")
          .repoRoot(System.getProperty("jobs.repository"))
          .stubsMode(StubsMode.REMOTE);

  private final JobsClient jobs =
      JobsClient.builder(URI.create(STUBS.findStubUrl("job-api").toString()))
          .signedWith(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
              Region.EU_WEST_1)
          .build();

  @Test
  void listsTheTitlesOfACitysJobsPageByPage() {
    assertThat(new CityJobs(jobs, 1).titles("Lyon")).hasSize(2);
  }

  @Test
  void aCreateGivesTheJobAndItsVersion() {
    JobsClient.Versioned<dev.jobs.model.Job> created =
        jobs.create(
            new JobInput()
                .city("Lyon")
                .companyName("NOVENCIA Group")
                .title("Data scientist")
                .contractType("Full-Time")
                .keyword("data scientist"));

    assertThat(created.value().getId()).matches("[0-9a-f]{32}");
    assertThat(created.etag()).isNotBlank();
  }

  @Test
  void aMissingJobIsAProblem() {
    JobsProblemException missing =
        catchThrowableOfType(
            JobsProblemException.class, () -> jobs.get("ffffffffffffffffffffffffffffffff"));

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.problem().getTitle()).isEqualTo("Not Found");
  }

  @Test
  void healthSaysTheVersion() {
    assertThat(jobs.health().getVersion()).isNotBlank();
  }
}
