package dev.jobs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jobs.client.api.HealthApi;
import dev.jobs.client.api.JobsApi;
import dev.jobs.model.Job;
import dev.jobs.model.JobInput;
import dev.jobs.model.JobPage;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the generated client puts on the wire and how it reads answers, against a recording HTTP
 * server. Against the job API's contracts: JobsApiContractTest; against the real API: local-run.
 */
class GeneratedClientTest {

  private static final String ID = "36cc30fd1f56b5c9ebca2fc90e10a979";
  private static final String JOB_JSON =
      "{\"id\":\"" + ID + "\",\"city\":\"Lyon\",\"company_name\":\"ACME\",\"title\":\"Dev\"}";

  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String contentType = "application/json";
  private volatile String responseBody = JOB_JSON;
  private JobsApi jobs;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::record);
    server.start();
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://127.0.0.1:" + server.getAddress().getPort() + "/dev");
    jobs = new JobsApi(client);
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void record(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(
        exchange.getRequestMethod()
            + " "
            + exchange.getRequestURI()
            + (body.isEmpty() ? "" : " " + body));
    byte[] answer = responseBody.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", contentType);
    exchange.sendResponseHeaders(status, status == 204 ? -1 : answer.length);
    if (status != 204) {
      exchange.getResponseBody().write(answer);
    }
    exchange.close();
  }

  @Test
  void coversEveryOperationOfTheContract() {
    Set<String> operationIds =
        new OpenAPIV3Parser()
            .read("../api-spec/job-api.yaml").getPaths().values().stream()
                .flatMap(path -> path.readOperations().stream())
                .map(op -> op.getOperationId())
                .collect(Collectors.toSet());
    Set<String> clientMethods =
        Stream.of(JobsApi.class, HealthApi.class)
            .flatMap(api -> Arrays.stream(api.getDeclaredMethods()))
            .map(Method::getName)
            .collect(Collectors.toSet());

    assertThat(clientMethods).containsAll(operationIds);
  }

  @Test
  void createsAJobWithSnakeCaseJsonAndNoNullFields() throws Exception {
    responseBody = JOB_JSON;
    status = 201;

    Job created = jobs.createJob(new JobInput().city("Lyon").companyName("ACME").title("Dev"));

    assertThat(requests)
        .containsExactly(
            "POST /dev/v1/jobs {\"city\":\"Lyon\",\"company_name\":\"ACME\",\"title\":\"Dev\"}");
    assertThat(created.getId()).isEqualTo(ID);
    assertThat(created.getCompanyName()).isEqualTo("ACME");
  }

  @Test
  void readsUtf8WhateverThePlatformCharset() throws Exception {
    // This module's tests run under ISO-8859-1 (surefire's argLine), as Java 17 does under LANG=C.
    assertThat(Charset.defaultCharset()).isNotEqualTo(StandardCharsets.UTF_8);
    responseBody = JOB_JSON.replace("\"Dev\"", "\"Développeuse \uD83D\uDE80\"");

    Job job = jobs.getJob(ID, null, null);

    assertThat(job.getTitle()).isEqualTo("Développeuse \uD83D\uDE80");
  }

  @Test
  void listsWithLimitCursorAndCity() throws Exception {
    responseBody = "{\"items\":[" + JOB_JSON + "],\"next_cursor\":\"abc_-1\"}";

    JobPage page = jobs.listJobs(7, "abc_-0", "Lyon");

    assertThat(requests).containsExactly("GET /dev/v1/jobs?limit=7&cursor=abc_-0&city=Lyon");
    assertThat(page.getItems()).extracting(Job::getId).containsExactly(ID);
    assertThat(page.getNextCursor()).isEqualTo("abc_-1");
  }

  @Test
  void readsReplacesAndDeletesById() throws Exception {
    jobs.getJob(ID, null, null);
    jobs.replaceJob(ID, new JobInput().city("Paris").companyName("ACME").title("Dev"), null);
    status = 204;
    jobs.deleteJob(ID, null, null);

    assertThat(requests)
        .containsExactly(
            "GET /dev/v1/jobs/" + ID,
            "PUT /dev/v1/jobs/"
                + ID
                + " {\"city\":\"Paris\",\"company_name\":\"ACME\",\"title\":\"Dev\"}",
            "DELETE /dev/v1/jobs/" + ID);
  }

  @Test
  void aProblemAnswerBecomesAnApiExceptionWithItsStatusAndBody() {
    status = 404;
    contentType = "application/problem+json";
    responseBody = "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}";

    ApiException error =
        catchThrowableOfType(ApiException.class, () -> jobs.getJob(ID, null, null));

    assertThat(error.getCode()).isEqualTo(404);
    assertThat(error.getResponseBody()).contains("\"title\":\"Not Found\"");
  }

  @Test
  void toleratesFieldsAddedToTheContractLater() throws Exception {
    responseBody = JOB_JSON.replace("}", ",\"salary\":\"unknown to this client\"}");

    assertThat(jobs.getJob(ID, null, null).getTitle()).isEqualTo("Dev");
  }
}
