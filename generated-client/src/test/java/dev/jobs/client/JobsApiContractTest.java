package dev.jobs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.client.api.HealthApi;
import dev.jobs.client.api.JobsApi;
import dev.jobs.model.FieldError;
import dev.jobs.model.Health;
import dev.jobs.model.Job;
import dev.jobs.model.JobInput;
import dev.jobs.model.JobPage;
import dev.jobs.model.Problem;
import java.io.IOException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cloud.contract.stubrunner.junit.StubRunnerExtension;
import org.springframework.cloud.contract.stubrunner.spring.StubRunnerProperties.StubsMode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The generated client against the job API's contracts, as a consumer team tests its code: Stub
 * Runner serves the WireMock stubs of job-api's stubs jar, which the provider's build has checked
 * against the real API. If the client and the contracts disagree (a path, a parameter, a field),
 * these tests fail. Writes are signed as {@link JobsClient.Builder#signed} signs them: the stubs
 * take only a request with a SigV4 Authorization header.
 */
class JobsApiContractTest {

  private static final String ID = "36cc30fd1f56b5c9ebca2fc90e10a979";
  private static final String UNKNOWN_ID = "ffffffffffffffffffffffffffffffff";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final StubRunnerExtension STUBS =
      new StubRunnerExtension()
          .downloadStub("dev.jobs:job-api:+:stubs")
          .stubsMode(StubsMode.CLASSPATH);

  private JobsApi jobs;
  private HealthApi health;

  @BeforeEach
  void client() {
    ApiClient client = new ApiClient();
    client.updateBaseUri(STUBS.findStubUrl("job-api").toString());
    client.setRequestInterceptor(new ExecuteApiSigning(WRITER, Region.EU_WEST_1));
    jobs = new JobsApi(client);
    health = new HealthApi(client);
  }

  /** AWS's documentation example key: the stubs check the signature's form, not its key. */
  private static final StaticCredentialsProvider WRITER =
      StaticCredentialsProvider.create(
          AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

  @Test
  void anUnsignedCreateGetsTheGatewaysRefusal() {
    ApiClient unsigned = new ApiClient();
    unsigned.updateBaseUri(STUBS.findStubUrl("job-api").toString());
    JobInput job =
        new JobInput().city("Lyon").companyName("NOVENCIA Group").title("Data scientist");

    ApiException refused =
        catchThrowableOfType(ApiException.class, () -> new JobsApi(unsigned).createJob(job));

    assertThat(refused.getCode()).isEqualTo(403);
    assertThat(refused.getResponseBody()).isEqualTo("{\"message\":\"Forbidden\"}");
  }

  @Test
  void checksHealth() throws ApiException {
    assertThat(health.getHealth().getStatus()).isEqualTo(Health.StatusEnum.UP);
  }

  @Test
  void walksTheListingOfACityPageByPage() throws ApiException {
    JobPage first = jobs.listJobs(1, null, "Lyon");
    assertThat(first.getItems()).extracting(Job::getId).containsExactly(ID);
    assertThat(first.getNextCursor()).isNotBlank();

    JobPage second = jobs.listJobs(1, first.getNextCursor(), "Lyon");
    assertThat(second.getItems()).extracting(Job::getCity).containsExactly("Lyon");
    assertThat(second.getItems().get(0).getId()).isNotEqualTo(ID);
    assertThat(second.getNextCursor()).isNull();
  }

  @Test
  void listsAllJobs() throws ApiException {
    JobPage page = jobs.listJobs(1, null, null);

    assertThat(page.getItems()).hasSize(1);
    assertThat(page.getNextCursor()).isNotBlank();
  }

  @Test
  void refusesACursorItDidNotGive() {
    assertThat(problem(() -> jobs.listJobs(null, "not-a-cursor", null)).getStatus()).isEqualTo(400);
  }

  @Test
  void readsAJob() throws ApiException {
    Job job = jobs.getJob(ID, null, null);

    assertThat(job.getId()).isEqualTo(ID);
    assertThat(job.getCompanyName()).isEqualTo("NOVENCIA Group");
    assertThat(job.getUrl()).as("absent optional field").isNull();
  }

  @Test
  void readsAMissingJobAsA404Problem() {
    Problem problem = problem(() -> jobs.getJob(UNKNOWN_ID, null, null));

    assertThat(problem.getStatus()).isEqualTo(404);
    assertThat(problem.getTitle()).isEqualTo("Not Found");
  }

  @Test
  void createsAJob() throws ApiException {
    ApiResponse<Job> created =
        jobs.createJobWithHttpInfo(
            new JobInput()
                .city("Lyon")
                .companyName("NOVENCIA Group")
                .title("Data scientist")
                .contractType("Full-Time")
                .keyword("data scientist"));

    assertThat(created.getStatusCode()).isEqualTo(201);
    assertThat(created.getHeaders().get("Location"))
        .singleElement()
        .asString()
        .endsWith("/v1/jobs/" + created.getData().getId());
    assertThat(created.getData().getTitle()).isEqualTo("Data scientist");
  }

  @Test
  void readsEveryFieldAtFaultOfAnInvalidJob() {
    Problem problem =
        problem(() -> jobs.createJob(new JobInput().city("Lyon").contractType("Full-Time")));

    assertThat(problem.getStatus()).isEqualTo(400);
    assertThat(problem.getErrors())
        .extracting(FieldError::getField)
        .containsExactlyInAnyOrder("company_name", "title");
  }

  @Test
  void replacesAJob() throws ApiException {
    Job replaced =
        jobs.replaceJob(
            ID,
            new JobInput()
                .city("Lyon")
                .companyName("NOVENCIA Group")
                .title("Senior data scientist")
                .contractType("Full-Time"),
            null);

    assertThat(replaced.getId()).isEqualTo(ID);
    assertThat(replaced.getTitle()).isEqualTo("Senior data scientist");
  }

  @Test
  void cannotMoveAJobToAnotherCity() {
    JobInput moved =
        new JobInput().city("Paris").companyName("NOVENCIA Group").title("Data scientist");

    assertThat(problem(() -> jobs.replaceJob(ID, moved, null)).getStatus()).isEqualTo(409);
  }

  @Test
  void cannotReplaceAMissingJob() {
    JobInput input =
        new JobInput().city("Lyon").companyName("NOVENCIA Group").title("Data scientist");

    assertThat(problem(() -> jobs.replaceJob(UNKNOWN_ID, input, null)).getStatus()).isEqualTo(404);
  }

  @Test
  void deletesAJob() throws ApiException {
    assertThat(jobs.deleteJobWithHttpInfo(ID, null, null).getStatusCode()).isEqualTo(204);
    assertThat(problem(() -> jobs.deleteJob(UNKNOWN_ID, null, null)).getStatus()).isEqualTo(404);
  }

  /** The problem document of a call that fails, as a consumer reads it. */
  private static Problem problem(ThrowingCallable call) {
    ApiException failure = catchThrowableOfType(ApiException.class, call);
    assertThat(failure).as("the call fails").isNotNull();
    assertThat(failure.getResponseHeaders().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    try {
      Problem problem = JSON.readValue(failure.getResponseBody(), Problem.class);
      assertThat(problem.getStatus()).isEqualTo(failure.getCode());
      return problem;
    } catch (IOException e) {
      throw new AssertionError("not a problem document: " + failure.getResponseBody(), e);
    }
  }
}
