package dev.jobs.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jobs.api.ApiServerTest;
import dev.jobs.client.ApiClient;
import dev.jobs.client.ApiException;
import dev.jobs.client.ApiResponse;
import dev.jobs.client.api.HealthApi;
import dev.jobs.client.api.JobsApi;
import dev.jobs.model.Health;
import dev.jobs.model.Job;
import dev.jobs.model.JobInput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generated client SDK against the live app: what a consumer team does. */
class GeneratedClientTest extends ApiServerTest {

  private JobsApi jobs;
  private HealthApi health;

  @BeforeEach
  void client() {
    ApiClient client = new ApiClient();
    client.updateBaseUri(baseUrl());
    jobs = new JobsApi(client);
    health = new HealthApi(client);
  }

  @Test
  void createsReadsListsReplacesAndDeletesAJob() throws Exception {
    JobInput input =
        new JobInput()
            .city("Bordeaux")
            .companyName("Wizbii «SAS»")
            .title("Data engineer")
            .url("https://example.com/jobs/data engineer")
            .createdDate("2019-09-19 17:20:08.5");

    ApiResponse<Job> created = jobs.createJobWithHttpInfo(input);
    Job job = created.getData();
    assertThat(created.getStatusCode()).isEqualTo(201);
    assertThat(created.getHeaders().get("location"))
        .containsExactly(baseUrl() + "/v1/jobs/" + job.getId());
    assertThat(job.getId()).matches("[0-9a-f]{32}");
    assertThat(job.getCompanyName()).isEqualTo("Wizbii «SAS»");
    assertThat(job.getContractType()).isNull();

    assertThat(jobs.getJob(job.getId())).isEqualTo(job);
    assertThat(jobs.listJobs(100, null, "Bordeaux").getItems()).contains(job);

    Job replaced = jobs.replaceJob(job.getId(), input.title("Senior data engineer").url(null));
    assertThat(replaced.getTitle()).isEqualTo("Senior data engineer");
    assertThat(jobs.getJob(job.getId())).isEqualTo(replaced).extracting(Job::getUrl).isNull();

    jobs.deleteJob(job.getId());
    ApiException gone = catchThrowableOfType(ApiException.class, () -> jobs.getJob(job.getId()));
    assertThat(gone.getCode()).isEqualTo(404);
    assertThat(gone.getResponseBody()).contains("\"status\":404");
  }

  @Test
  void checksHealth() throws Exception {
    assertThat(health.getHealth().getStatus()).isEqualTo(Health.StatusEnum.UP);
  }
}
