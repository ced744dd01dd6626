package dev.jobs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jobs.model.FieldError;
import dev.jobs.model.Job;
import dev.jobs.model.JobInput;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The hand-written layer over the generated client, against a scripted HTTP server. */
class JobsClientTest {

  private static final String JOB =
      "{\"id\":\"%032d\",\"city\":\"Lyon\",\"company_name\":\"ACME\",\"title\":\"Dev\"}";

  private record Answer(
      int status, String contentType, String body, long delayMillis, Map<String, String> headers) {
    Answer(int status, String contentType, String body, long delayMillis) {
      this(status, contentType, body, delayMillis, Map.of());
    }
  }

  private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<com.sun.net.httpserver.Headers> headers = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private URI base;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dev");
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
    headers.add(exchange.getRequestHeaders());
    Answer answer = answers.remove();
    try {
      Thread.sleep(answer.delayMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", answer.contentType());
    answer.headers().forEach(exchange.getResponseHeaders()::add);
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }

  private void answer(int status, String body) {
    answers.add(
        new Answer(
            status, status < 400 ? "application/json" : "application/problem+json", body, 0));
  }

  @Test
  void signsEveryRequestWhenGivenCredentials() {
    answers.add(new Answer(201, "application/json", JOB.formatted(1), 0));
    JobsClient signed =
        JobsClient.builder(base)
            .signedWith(
                StaticCredentialsProvider.create(
                    AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "session-token")),
                Region.EU_WEST_1)
            .build();

    signed.create(new JobInput().city("Lyon").companyName("ACME").title("Dev"));

    assertThat(headers.get(0).getFirst("Authorization"))
        .matches(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/execute-api/aws4_request,"
                + " SignedHeaders=host;(x-amz-content-sha256;)?x-amz-date;x-amz-security-token,"
                + " Signature=[0-9a-f]{64}");
    assertThat(headers.get(0).getFirst("X-Amz-Date")).matches("\\d{8}T\\d{6}Z");
    assertThat(headers.get(0).getFirst("X-Amz-Security-Token")).isEqualTo("session-token");
  }

  @Test
  void readsTheGatewaysOwnRefusalAsAProblemWithItsMessage() {
    answers.add(new Answer(403, "application/json", "{\"message\":\"Forbidden\"}", 0));
    JobsClient unsigned = JobsClient.builder(base).build();

    JobsProblemException refused =
        catchThrowableOfType(
            JobsProblemException.class,
            () -> unsigned.create(new JobInput().city("Lyon").companyName("ACME").title("Dev")));

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.problem().getDetail()).isEqualTo("Forbidden");
    assertThat(refused.problem().getTitle()).isEqualTo("Forbidden");
    assertThat(refused).hasMessage("403 Forbidden: Forbidden");
    assertThat(headers.get(0).getFirst("Authorization")).isNull();
  }

  @Test
  void aCreateGivesTheJobsVersionAndEveryRequestSaysWhoSentIt() {
    answers.add(new Answer(201, "application/json", JOB.formatted(1), 0, Map.of("ETag", "\"v1\"")));
    JobsClient jobs = JobsClient.builder(base).build();

    JobsClient.Versioned<Job> created =
        jobs.create(new JobInput().city("Lyon").companyName("ACME").title("Dev"));

    assertThat(created.value().getId()).isEqualTo("%032d".formatted(1));
    assertThat(created.etag()).isEqualTo("\"v1\"");
    assertThat(headers.get(0).getFirst("User-Agent"))
        .isEqualTo("jobs-backend-client/" + Configuration.VERSION)
        .isEqualTo(JobsClient.USER_AGENT);
  }

  /** Every failure is the client's own type, with a message that says what failed. */
  @Test
  void noAnswerAndNoCredentialsAreTheClientsOwnErrors() throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    JobsClient nobodyThere = JobsClient.builder(URI.create("http://127.0.0.1:" + closed)).build();
    JobsClient noCredentials =
        JobsClient.builder(base)
            .signedWith(
                () -> {
                  throw software.amazon.awssdk.core.exception.SdkClientException.create(
                      "Unable to load credentials from any of the providers");
                },
                Region.EU_WEST_1)
            .build();

    JobsClientException refused =
        catchThrowableOfType(JobsClientException.class, () -> nobodyThere.get("x"));
    JobsClientException unsignable =
        catchThrowableOfType(
            JobsClientException.class,
            () -> noCredentials.create(new JobInput().city("Lyon").companyName("A").title("T")));

    assertThat(refused).hasMessageStartingWith("no answer from http://127.0.0.1:" + closed);
    assertThat(unsignable)
        .hasMessageStartingWith("cannot sign a request to " + base)
        .hasMessageContaining("Unable to load credentials");
    assertThat(
            catchThrowable(
                () ->
                    JobsClient.builder(base)
                        .signedWith(
                            StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")),
                            null)))
        .as("a region must be given")
        .isInstanceOf(NullPointerException.class)
        .hasMessage("region");
  }

  @Test
  void signedOnLocalhostBuildsWithNoRegionConfigured() {
    assertThat(JobsClient.builder(URI.create("http://localhost:8080/dev")).signed().build())
        .isNotNull();
  }

  @Test
  void signsForTheRegionOfAnExecuteApiAddress() {
    assertThat(
            JobsClient.regionOf(
                URI.create("https://abc123.execute-api.ap-southeast-2.amazonaws.com/dev")))
        .isEqualTo(Region.AP_SOUTHEAST_2);
  }

  @Test
  void streamsEveryPageOfAListingAsOneStream() {
    answer(200, "{\"items\":[" + JOB.formatted(1) + "],\"next_cursor\":\"c1\"}");
    answer(200, "{\"items\":[" + JOB.formatted(2) + "]}");
    JobsClient jobs = JobsClient.builder(base).build();

    List<String> ids =
        jobs.stream(ListOptions.all().city("Lyon").limit(1)).map(Job::getId).toList();

    assertThat(ids).containsExactly("%032d".formatted(1), "%032d".formatted(2));
    assertThat(requests)
        .containsExactly(
            "GET /dev/v1/jobs?limit=1&city=Lyon", "GET /dev/v1/jobs?limit=1&cursor=c1&city=Lyon");
  }

  @Test
  void anErrorCarriesTheProblemParsed() {
    answer(
        400,
        """
        {"type":"about:blank","title":"Bad Request","status":400,"detail":"The request has 1 invalid field.",\
        "errors":[{"field":"city","message":"size must be between 1 and 100"}]}""");
    JobsClient jobs = JobsClient.builder(base).build();

    JobsProblemException error =
        catchThrowableOfType(
            JobsProblemException.class,
            () -> jobs.create(new JobInput().city("").companyName("ACME").title("Dev")));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.problem().getTitle()).isEqualTo("Bad Request");
    assertThat(error.problem().getErrors())
        .extracting(FieldError::getField)
        .containsExactly("city");
    assertThat(error).hasMessage("400 Bad Request: The request has 1 invalid field.");
  }

  @Test
  void aHungServerTimesOut() {
    answers.add(new Answer(200, "application/json", JOB.formatted(1), 3_000));
    JobsClient jobs = JobsClient.builder(base).readTimeout(Duration.ofMillis(300)).build();
    long start = System.nanoTime();

    assertThat(
            catchThrowableOfType(JobsClientException.class, () -> jobs.get("%032d".formatted(1))))
        .hasMessageContaining("timed out");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void retriesAReadOn503WhenAskedButNeverACreate() {
    answer(503, "{\"message\":\"Service Unavailable\"}");
    answer(429, "{\"message\":\"Too Many Requests\"}");
    answer(200, JOB.formatted(1));
    JobsClient jobs = JobsClient.builder(base).retries(2, Duration.ofMillis(10)).build();

    assertThat(jobs.get("%032d".formatted(1)).getCity()).isEqualTo("Lyon");
    assertThat(requests).hasSize(3);

    requests.clear();
    answer(503, "{\"message\":\"Service Unavailable\"}");
    JobsProblemException refused =
        catchThrowableOfType(
            JobsProblemException.class,
            () -> jobs.create(new JobInput().city("Lyon").companyName("ACME").title("Dev")));
    assertThat(refused.status()).isEqualTo(503);
    assertThat(requests).hasSize(1);
  }

  @Test
  void retriesNothingByDefault() {
    answer(503, "{\"message\":\"Service Unavailable\"}");
    JobsClient jobs = JobsClient.builder(base).build();

    assertThat(
            catchThrowableOfType(JobsProblemException.class, () -> jobs.get("%032d".formatted(1)))
                .status())
        .isEqualTo(503);
    assertThat(requests).hasSize(1);
  }
}
