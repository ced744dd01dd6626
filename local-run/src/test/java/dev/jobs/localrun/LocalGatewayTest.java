package dev.jobs.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;

import dev.jobs.client.ApiClient;
import dev.jobs.client.ApiException;
import dev.jobs.client.ApiResponse;
import dev.jobs.client.JobsClient;
import dev.jobs.client.JobsProblemException;
import dev.jobs.client.api.JobsApi;
import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.junit.WithLocalAws;
import dev.jobs.localaws.samples.SampleFiles;
import dev.jobs.localaws.samples.SyntheticCsv;
import dev.jobs.model.Job;
import dev.jobs.model.JobInput;
import dev.jobs.model.JobPage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The whole backend end to end as a user meets it: the four sample files put in the bucket through
 * the S3 API, then every job read back through the gateway, in front of job_api_lambda's zip, with
 * the generated client, which also creates, replaces and deletes one.
 */
@WithLocalAws
class LocalGatewayTest {

  @Test
  void aBodyThatIsNotUtf8IsRefusedNotStoredAsReplacementCharacters(LocalAws aws, @TempDir Path work)
      throws Exception {
    byte[] latin1 =
        "{\"city\":\"Lyon\",\"company_name\":\"ACME\",\"title\":\"D\u00e9veloppeur\"}"
            .getBytes(StandardCharsets.ISO_8859_1);
    try (DeployedJobApi api = DeployedJobApi.start(aws, work)) {
      HttpResponse<String> refused =
          HttpClient.newHttpClient()
              .send(
                  DeployedJobApi.signed(
                      HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/jobs"))
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofByteArray(latin1))),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
  }

  @Test
  void ingestsTheSampleFilesAndServesEveryJobThroughTheGateway(LocalAws aws, @TempDir Path work)
      throws Exception {
    aws.reset();
    aws.exposeToSdk();
    try (LocalPipeline pipeline = PipelineInThisJvm.start(aws);
        DeployedJobApi api = DeployedJobApi.start(aws, work)) {
      for (String file : SampleFiles.ROWS.keySet()) {
        aws.s3()
            .putObject(
                b -> b.bucket(JobsAwsResources.BUCKET).key("job_offers/" + file),
                RequestBody.fromFile(SampleFiles.path(file)));
      }
      String base = api.baseUrl();
      ApiClient client = new ApiClient();
      client.updateBaseUri(base);
      client.setRequestInterceptor(DeployedJobApi.LOCAL_WRITER);
      JobsApi jobs = new JobsApi(client);

      List<Job> all = awaitAll(jobs, SampleFiles.ALL_ROWS, Duration.ofSeconds(120));
      assertThat(all).hasSize(SampleFiles.ALL_ROWS);
      assertThat(new HashSet<>(all.stream().map(j -> j.getId() + "/" + j.getCity()).toList()))
          .hasSize(SampleFiles.ALL_ROWS);
      assertThat(listAll(jobs, "Lyon"))
          .hasSize(SampleFiles.ROWS.get("lyon_job_offers.csv"))
          .allMatch(job -> job.getCity().equals("Lyon"));
      Job one = all.get(0);
      assertThat(jobs.getJob(one.getId(), null, null)).isEqualTo(one);

      JobInput input = new JobInput().city("Lyon").companyName("ACME «SAS»").title("Dev");
      ApiResponse<Job> created = jobs.createJobWithHttpInfo(input);
      String id = created.getData().getId();
      assertThat(created.getHeaders().get("location")).containsExactly(base + "/v1/jobs/" + id);
      Job replaced = jobs.replaceJob(id, input.title("Senior dev"), null);
      assertThat(jobs.getJob(id, null, null))
          .isEqualTo(replaced)
          .extracting(Job::getTitle)
          .isEqualTo("Senior dev");
      jobs.deleteJob(id, null, null);
      ApiException gone =
          catchThrowableOfType(ApiException.class, () -> jobs.getJob(id, null, null));
      assertThat(gone.getCode()).isEqualTo(404);

      // Writes need a signature: JobsClient signs with the credentials it is given.
      JobInput job = new JobInput().city("Lyon").companyName("ACME").title("Signed dev");
      JobsProblemException unsigned =
          catchThrowableOfType(
              JobsProblemException.class,
              () -> JobsClient.builder(URI.create(base)).build().create(job));
      assertThat(unsigned.status()).isEqualTo(403);
      assertThat(unsigned.problem().getDetail()).isEqualTo("Forbidden");
      JobsClient writer =
          JobsClient.builder(URI.create(base))
              .signedWith(LocalAws.CREDENTIALS, LocalAws.REGION)
              .build();
      Job signed = writer.create(job).value();
      assertThat(writer.replace(signed.getId(), job.title("Signed senior dev")).getTitle())
          .isEqualTo("Signed senior dev");
      writer.delete(signed.getId());

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> swagger =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/swagger-ui/index.html")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(swagger.statusCode()).isEqualTo(200);
      HttpResponse<String> docs =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/v3/api-docs")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(docs.body()).contains("\"url\":\"" + base + "\"");
      HttpResponse<String> otherStage =
          http.send(
              HttpRequest.newBuilder(URI.create(base.replace("/dev", "/prod") + "/v1/jobs"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(otherStage.statusCode()).isEqualTo(404);
    }
  }

  /**
   * The table's key is id and city (the original's), so a file may store one id in two cities: both
   * are kept, and the API says the id is ambiguous rather than answering either, so that a delete
   * never leaves the other job answering to the id it deleted.
   */
  @Test
  void anIdIngestedInTwoCitiesIsTwoJobsThatTheApiAsksToChooseBetween(
      LocalAws aws, @TempDir Path work) throws Exception {
    aws.reset();
    aws.exposeToSdk();
    String id = "00000000000000000000000000000a1d";
    String csv =
        SyntheticCsv.HEADER
            + SyntheticCsv.row(1).replace("%032x".formatted(1), id) // in Lyon
            + SyntheticCsv.row(4).replace("%032x".formatted(4), id); // in Paris
    try (LocalPipeline pipeline = PipelineInThisJvm.start(aws);
        DeployedJobApi api = DeployedJobApi.start(aws, work)) {
      aws.s3()
          .putObject(
              b -> b.bucket(JobsAwsResources.BUCKET).key("job_offers/twice.csv"),
              RequestBody.fromString(csv));
      assertThat(StoredJobs.awaitCount(aws.dynamoDb(), 2, Duration.ofSeconds(60))).isEqualTo(2);
      JobsClient jobs =
          JobsClient.builder(URI.create(api.baseUrl()))
              .signedWith(LocalAws.CREDENTIALS, LocalAws.REGION)
              .build();

      JobsProblemException ambiguous =
          catchThrowableOfType(JobsProblemException.class, () -> jobs.get(id));
      assertThat(ambiguous.status()).isEqualTo(409);
      assertThat(ambiguous.problem().getCities()).containsExactly("Lyon", "Paris");
      assertThat(catchThrowableOfType(JobsProblemException.class, () -> jobs.delete(id)).status())
          .as("a delete without a city deletes nothing")
          .isEqualTo(409);
      assertThat(jobs.get(id, "Paris").getCity()).isEqualTo("Paris");

      jobs.delete(id, "Paris", null);

      assertThat(
              catchThrowableOfType(JobsProblemException.class, () -> jobs.get(id, "Paris"))
                  .status())
          .isEqualTo(404);
      assertThat(jobs.get(id).getCity()).as("the one job left with the id").isEqualTo("Lyon");
    }
  }

  /** Every job listed, once there are at least so many; asked every 500 ms. */
  private static List<Job> awaitAll(JobsApi jobs, int expected, Duration timeout) {
    return await("every job listed")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> listAll(jobs, null), hasSize(greaterThanOrEqualTo(expected)));
  }

  private static List<Job> listAll(JobsApi jobs, String city) throws Exception {
    List<Job> all = new ArrayList<>();
    String cursor = null;
    do {
      JobPage page = jobs.listJobs(100, cursor, city);
      all.addAll(page.getItems());
      cursor = page.getNextCursor();
    } while (cursor != null);
    return all;
  }
}
