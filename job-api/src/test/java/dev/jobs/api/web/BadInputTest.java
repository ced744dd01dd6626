package dev.jobs.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.api.ApiServerTestBase;
import dev.jobs.api.JobApiSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client's mistakes are 4xx problems that job-api.yaml declares: never a 5xx, never a leak of
 * what is inside.
 */
class BadInputTest extends ApiServerTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String ID = "0123456789abcdef0123456789abcdef";
  private static final String VALID =
      "{\"city\":\"Lyon\",\"company_name\":\"ACME\",\"title\":\"Engineer\"}";
  private static OpenApiInteractionValidator contract;

  @BeforeAll
  static void readContract() {
    contract = JobApiSpec.validator().build();
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        mistake(
            "malformed JSON", "POST", "/v1/jobs", "application/json", "{\"city\":", 400, List.of()),
        mistake("not an object", "POST", "/v1/jobs", "application/json", "[]", 400, List.of()),
        mistake("no body", "POST", "/v1/jobs", "application/json", "", 400, List.of()),
        mistake(
            "missing required fields",
            "POST",
            "/v1/jobs",
            "application/json",
            "{}",
            400,
            List.of("city", "company_name", "title")),
        mistake(
            "null required field",
            "POST",
            "/v1/jobs",
            "application/json",
            VALID.replace("\"ACME\"", "null"),
            400,
            List.of("company_name")),
        mistake(
            "number for a string",
            "POST",
            "/v1/jobs",
            "application/json",
            VALID.replace("\"Engineer\"", "42"),
            400,
            List.of("title")),
        mistake(
            "object for a string",
            "PUT",
            "/v1/jobs/" + ID,
            "application/json",
            VALID.replace("\"Engineer\"", "{\"a\":1}"),
            400,
            List.of("title")),
        mistake(
            "unknown field",
            "POST",
            "/v1/jobs",
            "application/json",
            VALID.replace("}", ",\"salary\":\"high\"}"),
            400,
            List.of("salary")),
        mistake(
            "oversize and empty strings",
            "POST",
            "/v1/jobs",
            "application/json",
            VALID
                .replace("\"Engineer\"", "\"" + "x".repeat(301) + "\"")
                .replace("\"ACME\"", "\"\""),
            400,
            List.of("company_name", "title")),
        mistake(
            "date outside the data's format",
            "POST",
            "/v1/jobs",
            "application/json",
            VALID.replace("}", ",\"created_date\":\"yesterday\"}"),
            400,
            List.of("created_date")),
        mistake(
            "impossible date",
            "POST",
            "/v1/jobs",
            "application/json",
            VALID.replace("}", ",\"created_date\":\"2019-13-45 25:61:61\"}"),
            400,
            List.of("created_date")),
        mistake(
            "null optional field",
            "POST",
            "/v1/jobs",
            "application/json",
            VALID.replace("}", ",\"url\":null}"),
            400,
            List.of("url")),
        mistake(
            "text after the object",
            "POST",
            "/v1/jobs",
            "application/json",
            VALID + " and more",
            400,
            List.of()),
        mistake(
            "a second object",
            "PUT",
            "/v1/jobs/" + ID,
            "application/json",
            VALID + VALID,
            400,
            List.of()),
        mistake(
            "a key twice",
            "POST",
            "/v1/jobs",
            "application/json",
            VALID.replace("}", ",\"title\":\"Other\"}"),
            400,
            List.of()),
        mistake(
            "an unpaired surrogate",
            "POST",
            "/v1/jobs",
            "application/json",
            VALID.replace("\"Engineer\"", "\"half a pair: \\ud800\""),
            400,
            List.of("title")),
        mistake(
            "101 characters in a city of at most 100",
            "POST",
            "/v1/jobs",
            "application/json",
            VALID.replace("\"Lyon\"", "\"" + "\uD83D\uDE80".repeat(101) + "\""),
            400,
            List.of("city")),
        mistake("bad id", "GET", "/v1/jobs/NOT-AN-ID", null, null, 400, List.of("id")),
        mistake("bad id on delete", "DELETE", "/v1/jobs/123", null, null, 400, List.of("id")),
        mistake("limit too small", "GET", "/v1/jobs?limit=0", null, null, 400, List.of("limit")),
        mistake("limit too large", "GET", "/v1/jobs?limit=101", null, null, 400, List.of("limit")),
        mistake(
            "limit not a number", "GET", "/v1/jobs?limit=ten", null, null, 400, List.of("limit")),
        mistake(
            "cursor not base64url",
            "GET",
            "/v1/jobs?cursor=%25%25",
            null,
            null,
            400,
            List.of("cursor")),
        mistake(
            "cursor not ours",
            "GET",
            "/v1/jobs?cursor=aGVsbG8",
            null,
            null,
            400,
            List.of("cursor")),
        mistake("empty city", "GET", "/v1/jobs?city=", null, null, 400, List.of("city")),
        mistake("empty limit", "GET", "/v1/jobs?limit=", null, null, 400, List.of("limit")),
        mistake(
            "hexadecimal limit", "GET", "/v1/jobs?limit=0x10", null, null, 400, List.of("limit")),
        mistake(
            "two cities", "GET", "/v1/jobs?city=Lyon&city=Paris", null, null, 400, List.of("city")),
        mistake("two limits", "GET", "/v1/jobs?limit=1&limit=2", null, null, 400, List.of("limit")),
        mistake(
            "Arabic-Indic digit limit",
            "GET",
            "/v1/jobs?limit=%D9%A5",
            null,
            null,
            400,
            List.of("limit")),
        mistake(
            "full-width digit limit",
            "GET",
            "/v1/jobs?limit=%EF%BC%95",
            null,
            null,
            400,
            List.of("limit")),
        mistake(
            "a day February does not have",
            "POST",
            "/v1/jobs",
            "application/json",
            VALID.replace("}", ",\"created_date\":\"2019-02-30 00:00:00\"}"),
            400,
            List.of("created_date")),
        mistake(
            "UTF-16 body",
            "POST",
            "/v1/jobs",
            "application/json; charset=utf-16",
            VALID,
            415,
            List.of()),
        mistake("wrong content type", "POST", "/v1/jobs", "text/plain", VALID, 415, List.of()),
        mistake(
            "form body",
            "PUT",
            "/v1/jobs/" + ID,
            "application/x-www-form-urlencoded",
            "a=b",
            415,
            List.of()),
        mistake(
            "body too large",
            "POST",
            "/v1/jobs",
            "application/json",
            VALID.replace("\"Engineer\"", "\"" + "x".repeat(70_000) + "\""),
            413,
            List.of()),
        mistake("absent job", "GET", "/v1/jobs/" + ID, null, null, 404, List.of()),
        mistake(
            "absent job replaced",
            "PUT",
            "/v1/jobs/" + ID,
            "application/json",
            VALID,
            404,
            List.of()),
        mistake("absent job deleted", "DELETE", "/v1/jobs/" + ID, null, null, 404, List.of()));
  }

  private static Arguments mistake(
      String name,
      String method,
      String path,
      String contentType,
      String body,
      int status,
      List<String> fields) {
    return Arguments.of(name, method, path, contentType, body, status, fields);
  }

  @ParameterizedTest(name = "{0}: {5}")
  @MethodSource("mistakes")
  void isAProblemTheContractDeclares(
      String name,
      String method,
      String path,
      String contentType,
      String body,
      int status,
      List<String> fields)
      throws Exception {
    HttpResponse<String> response = send(method, path, contentType, body);

    assertThat(response.statusCode()).isEqualTo(status);
    JsonNode problem = assertIsAProblem(response);
    assertThat(problem.path("errors").findValuesAsText("field"))
        .containsExactlyInAnyOrderElementsOf(fields);
    ValidationReport report =
        contract.validateResponse(
            URI.create(path).getPath(),
            Request.Method.valueOf(method),
            SimpleResponse.Builder.status(response.statusCode())
                .withContentType("application/problem+json")
                .withBody(response.body())
                .build());
    assertThat(report.getMessages()).as("declared by job-api.yaml").isEmpty();
  }

  @Test
  void anUnknownMethodIs405WithTheAllowedOnes() throws Exception {
    HttpResponse<String> response = send("PATCH", "/v1/jobs/" + ID, "application/json", VALID);

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow").orElseThrow())
        .contains("GET", "PUT", "DELETE");
    assertIsAProblem(response);
  }

  @Test
  void anUnknownRouteIs404() throws Exception {
    HttpResponse<String> response = send("GET", "/v1/nothing/here", null, null);

    assertThat(response.statusCode()).isEqualTo(404);
    assertIsAProblem(response);
  }

  @Test
  void aClientThatAcceptsJsonCanDelete() throws Exception {
    HttpResponse<String> created = send("POST", "/v1/jobs", "application/json", VALID);
    String id = JSON.readTree(created.body()).get("id").asText();

    HttpResponse<String> deleted =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/jobs/" + id))
                .DELETE()
                .header("Accept", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(deleted.statusCode()).isEqualTo(204);
  }

  @Test
  void anErrorForAClientThatAcceptsOnlyJsonIsStillAProblem() throws Exception {
    HttpResponse<String> read = get("/v1/jobs/" + ID, "application/json");
    HttpResponse<String> deleted =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/jobs/" + ID))
                .DELETE()
                .header("Accept", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    for (HttpResponse<String> missing : List.of(read, deleted)) {
      assertThat(missing.statusCode()).isEqualTo(404);
      assertIsAProblem(missing);
    }
  }

  @Test
  void countsCharactersAsTheContractDoesNotUtf16Units() throws Exception {
    String rockets = "\uD83D\uDE80".repeat(100); // 100 characters, 200 UTF-16 units
    HttpResponse<String> created =
        send("POST", "/v1/jobs", "application/json", VALID.replace("Lyon", rockets));

    assertThat(created.statusCode()).as("a city of at most 100: " + created.body()).isEqualTo(201);
    assertThat(JSON.readTree(created.body()).get("city").asText()).isEqualTo(rockets);
  }

  @Test
  void aSuccessIsJsonEvenForAClientThatAcceptsProblems() throws Exception {
    HttpResponse<String> both = get("/v1/health", "application/problem+json, application/json");
    HttpResponse<String> problemsOnly = get("/v1/health", "application/problem+json");
    HttpResponse<String> absent = get("/v1/jobs/" + ID, "application/problem+json");

    assertThat(both.statusCode()).isEqualTo(200);
    assertThat(both.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(problemsOnly.statusCode()).isEqualTo(406);
    assertIsAProblem(problemsOnly);
    assertThat(absent.statusCode()).isEqualTo(404);
    assertIsAProblem(absent);
  }

  private HttpResponse<String> get(String path, String accept)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Accept", accept).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aStoredJobIsNeverServedAsAProblem() throws Exception {
    HttpResponse<String> created = send("POST", "/v1/jobs", "application/json", VALID);
    String id = JSON.readTree(created.body()).get("id").asText();

    HttpResponse<String> problemsOnly = get("/v1/jobs/" + id, "application/problem+json");

    assertThat(problemsOnly.statusCode()).isEqualTo(406);
    assertIsAProblem(problemsOnly);
  }

  /** JSON is UTF-8 (RFC 8259): an Accept of another charset only is a 406, never a 500. */
  @Test
  void anAcceptOfAnotherCharsetIs406() throws Exception {
    HttpResponse<String> created = send("POST", "/v1/jobs", "application/json", VALID);
    String id = JSON.readTree(created.body()).get("id").asText();

    for (String path : List.of("/v1/jobs", "/v1/jobs/" + id, "/v1/health")) {
      HttpResponse<String> latin1 = get(path, "application/json;charset=latin1");
      HttpResponse<String> utf8 = get(path, "application/json;charset=UTF-8");

      assertThat(latin1.statusCode()).as(path).isEqualTo(406);
      assertIsAProblem(latin1);
      assertThat(utf8.statusCode()).as(path).isEqualTo(200);
    }
  }

  /** RFC 3629 forbids overlong forms: {@code C0 AF} is no '/', and the body is refused. */
  @Test
  void aBodyThatIsNotStrictUtf8IsRefused() throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("{\"city\":\"Ly".getBytes(StandardCharsets.UTF_8));
    body.writeBytes(new byte[] {(byte) 0xC0, (byte) 0xAF}); // '/' in two bytes: overlong
    body.writeBytes(
        "on\",\"company_name\":\"A\",\"title\":\"T\"}".getBytes(StandardCharsets.UTF_8));
    byte[] overlong = body.toByteArray();

    HttpResponse<String> refused =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(overlong))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(assertIsAProblem(refused).path("detail").asText())
        .isEqualTo("The request body is not UTF-8 text.");
  }

  @Test
  void aReadOfTheVersionTheClientHoldsIsNotModified() throws Exception {
    HttpResponse<String> created = send("POST", "/v1/jobs", "application/json", VALID);
    String id = JSON.readTree(created.body()).get("id").asText();
    String etag = created.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> same =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/jobs/" + id))
                .header("If-None-Match", etag)
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(same.statusCode()).isEqualTo(304);
    assertThat(same.headers().firstValue("ETag")).hasValue(etag);
    assertThat(same.body()).isEmpty();
  }

  @Test
  void anUnacceptableAcceptIs406() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/jobs/" + ID))
                .header("Accept", "application/xml")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(406);
  }

  private HttpResponse<String> send(String method, String path, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode assertIsAProblem(HttpResponse<String> response) throws IOException {
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(response.statusCode());
    assertThat(problem.path("title").asText()).isNotBlank();
    assertThat(problem.path("type").asText()).isEqualTo("about:blank");
    assertThat(response.body())
        .as("nothing internal leaks")
        .doesNotContain("Exception", "java.", "springframework", "jackson", "at dev.");
    return problem;
  }
}
