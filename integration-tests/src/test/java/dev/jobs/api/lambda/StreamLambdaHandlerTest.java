package dev.jobs.api.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.junit.WithLocalAws;
import dev.jobs.localaws.rehearsal.Rehearsal;
import dev.jobs.localaws.rehearsal.TableCapacity;
import dev.jobs.locallambda.HttpApiEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Every operation through job_api_lambda's handler, with the events API Gateway sends. */
@WithLocalAws(Service.DYNAMODB)
class StreamLambdaHandlerTest {

  private static final String NEW_JOB =
      """
      {"city":"Lyon","company_name":"NOVENCIA Group","title":"Data scientist",\
      "contract_type":"Full-Time","keyword":"data scientist"}""";

  private static StreamLambdaHandler handler;

  @BeforeAll
  static void startHandler(LocalAws aws) {
    // The handler builds its Spring app once per JVM, from the environment, as on Lambda.
    aws.exposeToSdk();
    handler = new StreamLambdaHandler();
  }

  /** A request as it reaches job_api_gw on AWS: its host, HTTPS, a client's headers. */
  static HttpApiEvent gateway(String method, String path) {
    String domain = "abc123.execute-api.eu-west-1.amazonaws.com";
    return HttpApiEvent.request(method, path)
        .domainName(domain)
        .sourceIp("203.0.113.7")
        .header("accept", "*/*")
        .header("host", domain)
        .header("user-agent", "curl/8.5.0")
        .header("x-forwarded-for", "203.0.113.7")
        .header("x-forwarded-port", "443")
        .header("x-forwarded-proto", "https");
  }

  static LambdaResponse invoke(HttpApiEvent event) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(event.toJson()), output, new TestLambdaContext());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return LambdaResponse.parse(output.toByteArray());
  }

  @Test
  void createsAJobAndAnswersItsAddressUnderTheStage() {
    LambdaResponse created = invoke(gateway("POST", "/v1/jobs").json(NEW_JOB));

    assertThat(created.status()).isEqualTo(201);
    JsonNode job = created.json();
    assertThat(job.get("id").asText()).matches("[0-9a-f]{32}");
    assertThat(job.get("company_name").asText()).isEqualTo("NOVENCIA Group");
    assertThat(job.has("url")).as("absent optional field stays absent").isFalse();
    assertThat(created.header("Location"))
        .isEqualTo(
            "https://abc123.execute-api.eu-west-1.amazonaws.com/dev/v1/jobs/"
                + job.get("id").asText());
  }

  @Test
  void readsAJob() {
    String id = create();

    LambdaResponse read = invoke(gateway("GET", "/v1/jobs/" + id));

    assertThat(read.status()).isEqualTo(200);
    assertThat(read.header("Content-Type")).startsWith("application/json");
    assertThat(read.json().get("title").asText()).isEqualTo("Data scientist");
  }

  @Test
  void listsJobsOfACity() {
    String id = create();

    LambdaResponse page = invoke(gateway("GET", "/v1/jobs").query("city=Lyon&limit=100"));

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.json().get("items").findValuesAsText("city")).containsOnly("Lyon");
    assertThat(page.body()).contains(id);
  }

  @Test
  void replacesAJob() {
    String id = create();

    LambdaResponse replaced =
        invoke(
            gateway("PUT", "/v1/jobs/" + id)
                .json("{\"city\":\"Lyon\",\"company_name\":\"ACME\",\"title\":\"Engineer\"}"));

    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.json().get("title").asText()).isEqualTo("Engineer");
    assertThat(replaced.json().has("contract_type")).as("replaced, not merged").isFalse();
    JsonNode stored = invoke(gateway("GET", "/v1/jobs/" + id)).json();
    assertThat(stored).isEqualTo(replaced.json());
  }

  @Test
  void replacesAndDeletesOnlyTheVersionTheClientRead() {
    LambdaResponse created = invoke(gateway("POST", "/v1/jobs").json(NEW_JOB));
    String id = created.json().get("id").asText();
    String read = invoke(gateway("GET", "/v1/jobs/" + id)).header("ETag");
    String change = "{\"city\":\"Lyon\",\"company_name\":\"ACME\",\"title\":\"Engineer\"}";

    assertThat(read).matches("\"[0-9a-f]{32}\"").isEqualTo(created.header("ETag"));
    LambdaResponse mine =
        invoke(gateway("PUT", "/v1/jobs/" + id).header("if-match", read).json(change));
    LambdaResponse stale =
        invoke(gateway("PUT", "/v1/jobs/" + id).header("if-match", read).json(NEW_JOB));
    LambdaResponse staleDelete =
        invoke(gateway("DELETE", "/v1/jobs/" + id).header("if-match", read));

    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.header("ETag")).isNotEqualTo(read);
    assertThat(stale.status()).as("someone else's change is not overwritten").isEqualTo(412);
    assertThat(stale.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(staleDelete.status()).isEqualTo(412);
    assertThat(invoke(gateway("GET", "/v1/jobs/" + id)).json().get("title").asText())
        .isEqualTo("Engineer");
    assertThat(
            invoke(gateway("DELETE", "/v1/jobs/" + id).header("if-match", mine.header("ETag")))
                .status())
        .isEqualTo(204);
  }

  @Test
  void refusesToMoveAJobToAnotherCity() {
    String id = create();

    LambdaResponse moved =
        invoke(
            gateway("PUT", "/v1/jobs/" + id)
                .json("{\"city\":\"Paris\",\"company_name\":\"ACME\",\"title\":\"Engineer\"}"));

    assertThat(moved.status()).isEqualTo(409);
    assertThat(moved.json().get("detail").asText()).contains("city");
    assertThat(invoke(gateway("GET", "/v1/jobs/" + id)).json().get("city").asText())
        .isEqualTo("Lyon");
  }

  @Test
  void deletesAJobThenAnswers404() {
    String id = create();

    assertThat(invoke(gateway("DELETE", "/v1/jobs/" + id)).status()).isEqualTo(204);
    LambdaResponse again = invoke(gateway("DELETE", "/v1/jobs/" + id));
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(invoke(gateway("GET", "/v1/jobs/" + id)).status()).isEqualTo(404);
  }

  @Test
  void answersHealth() {
    LambdaResponse health = invoke(gateway("GET", "/v1/health"));

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("UP");
    assertThat(health.json().get("version").asText())
        .as("the build's version, from the model jar's manifest")
        .matches("[0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?");
  }

  @Test
  void aBadRequestIsAProblemWithEveryFieldAtFault() {
    LambdaResponse bad =
        invoke(gateway("POST", "/v1/jobs").json("{\"city\":\"\",\"title\":\"x\"}"));

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(bad.json().get("errors").findValuesAsText("field"))
        .containsExactly("city", "company_name");
    assertThat(bad.json().get("instance").asText()).isEqualTo("/dev/v1/jobs");
  }

  @Test
  void readsAnyQueryStringAsAServletContainerWould() {
    for (String query : List.of("=", "&", "=x&&", "=&=")) {
      assertThat(invoke(gateway("GET", "/v1/health").query(query)).status())
          .as("?%s", query)
          .isEqualTo(200);
    }
    LambdaResponse raw = invoke(gateway("GET", "/v1/jobs").query("city=a=b&limit=1"));
    LambdaResponse encoded = invoke(gateway("GET", "/v1/jobs").query("city=a%3Db&limit=1"));

    assertThat(raw.status()).as(raw.body()).isEqualTo(encoded.status());
    assertThat(raw.body()).isEqualTo(encoded.body());
  }

  @Test
  void onlyTheContractsPathsAnswer() {
    for (String path : List.of("/v1/jobs/", "/v1//jobs", "/v1/health/", "//v1/health")) {
      LambdaResponse response = invoke(gateway("GET", path));
      assertThat(response.status()).as("GET %s: %s", path, response.body()).isEqualTo(404);
      assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    }
    assertThat(invoke(gateway("POST", "/v1/jobs/").json(NEW_JOB)).status()).isEqualTo(404);
  }

  @Test
  void anUnknownRouteIsA404Problem() {
    LambdaResponse missing = invoke(gateway("GET", "/v2/nothing"));

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("title").asText()).isEqualTo("Not Found");
  }

  @Test
  void linksComeFromTheGatewaysDomainAndStageNeverFromTheClientsHeaders() {
    String domain = "abc123.execute-api.eu-west-1.amazonaws.com";
    HttpApiEvent forged =
        HttpApiEvent.request("POST", "/v1/jobs")
            .domainName(domain)
            .header("host", "evil.example")
            .header("x-forwarded-host", "evil.example")
            .header("x-forwarded-server", "evil.example")
            .header("forwarded", "host=evil.example;proto=http")
            .header("x-forwarded-prefix", "/elsewhere")
            // The client's first, then the gateway's own, as the gateway appends.
            .header("x-forwarded-proto", "http")
            .header("x-forwarded-proto", "https")
            .header("x-forwarded-port", "8443")
            .header("x-forwarded-port", "443")
            .json(NEW_JOB);

    LambdaResponse created = invoke(forged);

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Location"))
        .isEqualTo("https://" + domain + "/dev/v1/jobs/" + created.json().get("id").asText());
  }

  @Test
  void traceIsA405LikeEveryMethodAPathDoesNotTake() {
    LambdaResponse trace = invoke(gateway("TRACE", "/v1/jobs").header("x-secret", "echo me"));

    assertThat(trace.status()).isEqualTo(405);
    assertThat(trace.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(trace.header("Allow")).contains("GET", "POST");
    assertThat(trace.body()).doesNotContain("echo me");
  }

  @Test
  void aWriteThatCameByAPublicRouteIsRefused() {
    // Spring reads /v1/jobs;x as /v1/jobs; the gateway routes it to ANY /{proxy+}, unsigned.
    for (String path : List.of("/v1/jobs;x", "/v1/jobs")) {
      LambdaResponse unsigned =
          invoke(
              gateway("POST", path)
                  .route("ANY /{proxy+}", Map.of("proxy", path.substring(1)))
                  .json(NEW_JOB));

      assertThat(unsigned.status()).as(path).isEqualTo(403);
      assertThat(unsigned.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(unsigned.json().get("detail").asText()).contains("signed");
    }
    LambdaResponse delete =
        invoke(
            gateway("DELETE", "/v1/jobs/" + create())
                .route("ANY /{proxy+}", Map.of("proxy", "v1/jobs/x")));
    assertThat(delete.status()).isEqualTo(403);
  }

  /** The gateway routes them to ANY /{proxy+}; signed or not, the contract says 405 with Allow. */
  @Test
  void aWriteToAPathThatDoesNotTakeItIs405EvenSigned() {
    Map<String, String> allowed =
        Map.of(
            "PUT /v1/health",
            "GET",
            "DELETE /v1/jobs",
            "GET, POST",
            "POST /v1/jobs/" + create(),
            "GET, PUT, DELETE");
    allowed.forEach(
        (request, allow) -> {
          String method = request.substring(0, request.indexOf(' '));
          String path = request.substring(request.indexOf(' ') + 1);
          for (boolean signed : List.of(false, true)) {
            HttpApiEvent event =
                gateway(method, path)
                    .route("ANY /{proxy+}", Map.of("proxy", path.substring(1)))
                    .json(NEW_JOB);
            LambdaResponse answer = invoke(signed ? event.iamCaller("local") : event);

            assertThat(answer.status()).as(request + (signed ? ", signed" : "")).isEqualTo(405);
            assertThat(answer.header("Allow").split(", "))
                .containsExactlyInAnyOrder(allow.split(", "));
            assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
          }
        });
  }

  @Test
  void textOutsideAsciiComesBackAsSent() {
    LambdaResponse created =
        invoke(
            gateway("POST", "/v1/jobs")
                .json(
                    "{\"city\":\"Lyon\",\"company_name\":\"Zenika\","
                        + "\"title\":\"Développeuse «Java»\"}")
                .iamCaller("local"));
    LambdaResponse read = invoke(gateway("GET", "/v1/jobs/" + created.json().get("id").asText()));

    assertThat(created.status()).isEqualTo(201);
    assertThat(read.json().get("title").asText()).isEqualTo("Développeuse «Java»");
  }

  /**
   * The container rewrites a request's charset to the one set on it: when Boot forced UTF-8, a
   * UTF-16 body was stored; when Boot set UTF-8 where Java knew no charset, so was a "bogus" one;
   * and it reads the charset by name, which failed (a 502) on one Java cannot name.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json; charset=utf-16",
        "application/json; charset=bogus",
        "application/json;charset=\"no-such-charset\"",
        "application/json; Charset=\"no-such-charset\""
      })
  void aBodyDeclaredInAnotherCharsetIs415(String contentType) {
    LambdaResponse answer =
        invoke(gateway("POST", "/v1/jobs").body(contentType, NEW_JOB).iamCaller("local"));

    assertThat(answer.status()).isEqualTo(415);
    assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void aPreflightIsA403ProblemWhileNoOriginIsAllowed() {
    LambdaResponse preflight =
        invoke(
            gateway("OPTIONS", "/v1/jobs")
                .header("origin", "https://evil.example")
                .header("access-control-request-method", "POST"));

    assertThat(preflight.status()).isEqualTo(403);
    assertThat(preflight.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(preflight.json().get("detail").asText())
        .isEqualTo("Cross-origin requests from https://evil.example are not allowed.");
    assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
  }

  /**
   * A throttled table is a 503 problem the client may retry, soon: well within the gateway's 30 s,
   * after which API Gateway would answer for the API with a bare 503 of its own.
   */
  @Test
  void aThrottledTableIsA503ProblemToRetrySoon(LocalAws aws) {
    // Titles longer than the contract allows, to spend read units fast: removed after, or a list
    // in a later test of this JVM (the contract tests') would answer them.
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Map<String, AttributeValue> key =
          Map.of(
              "id", AttributeValue.fromS("%032x".formatted(i)),
              "city", AttributeValue.fromS("Throttleville"));
      Map<String, AttributeValue> item = new HashMap<>(key);
      item.put("company_name", AttributeValue.fromS("ACME"));
      item.put("title", AttributeValue.fromS("x".repeat(4_000)));
      aws.direct().dynamoDb().putItem(b -> b.tableName(JobsAwsResources.TABLE).item(item));
      keys.add(key);
    }
    aws.rehearse(new Rehearsal(TableCapacity.provisioned(1, 1, 0), 0));
    try {
      invoke(gateway("GET", "/v1/jobs").query("city=Throttleville&limit=100"));
      Instant start = Instant.now();

      LambdaResponse throttled = invoke(gateway("GET", "/v1/jobs").query("city=Throttleville"));

      assertThat(throttled.status()).isEqualTo(503);
      assertThat(throttled.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(throttled.header("Retry-After")).isEqualTo("1");
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
    } finally {
      aws.rehearse(Rehearsal.none());
      keys.forEach(
          key ->
              aws.direct()
                  .dynamoDb()
                  .deleteItem(b -> b.tableName(JobsAwsResources.TABLE).key(key)));
    }
  }

  @Test
  void echoesTheGatewayRequestId() {
    LambdaResponse response =
        invoke(
            gateway("GET", "/v1/health")
                .requestId("JCZxYhkZDoEEJkQ=")
                .header("x-request-id", "spoofed"));

    assertThat(response.header("X-Request-Id")).isEqualTo("JCZxYhkZDoEEJkQ=");
  }

  @Test
  void servesSwaggerUiAndTheContractUnderTheStage() {
    LambdaResponse page = invoke(gateway("GET", "/swagger-ui/index.html"));
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("swagger-ui");

    LambdaResponse config = invoke(gateway("GET", "/v3/api-docs/swagger-config"));
    assertThat(config.status()).isEqualTo(200);
    assertThat(config.json().get("url").asText()).isEqualTo("/dev/v3/api-docs");

    LambdaResponse contract = invoke(gateway("GET", "/v3/api-docs"));
    assertThat(contract.status()).isEqualTo(200);
    assertThat(contract.json().at("/servers/0/url").asText())
        .isEqualTo("https://abc123.execute-api.eu-west-1.amazonaws.com/dev");
    assertThat(contract.json().at("/info/title").asText()).isEqualTo("Job offers API");
    assertThat(contract.json().get("openapi").asText())
        .as("the contract's own version, in which nullable means something")
        .startsWith("3.0.");
    assertThat(contract.json().at("/paths/~1v1~1jobs/get/operationId").asText())
        .isEqualTo("listJobs");
  }

  /**
   * Every file of the Swagger UI webjar comes out of the gateway with the bytes the webjar holds,
   * whatever its type and charset; a script decoded with the wrong charset blanks the page.
   */
  @Test
  void servesEverySwaggerUiFileByteForByte() throws IOException {
    Map<String, byte[]> files = swaggerUiWebjar();
    assertThat(files).containsKeys("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png");

    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      LambdaResponse served = invoke(gateway("GET", "/swagger-ui/" + file.getKey()));
      assertThat(served.status()).as(file.getKey()).isEqualTo(200);
      if (TRANSFORMED_BY_SPRINGDOC.contains(file.getKey())) {
        assertThat(served.body()).as(file.getKey()).contains("/dev/v3/api-docs/swagger-config");
      } else {
        assertThat(served.bytes()).as(file.getKey()).isEqualTo(file.getValue());
      }
    }
  }

  /** springdoc rewrites this one to point Swagger UI at its configuration. */
  private static final Set<String> TRANSFORMED_BY_SPRINGDOC = Set.of("swagger-initializer.js");

  /** The files of the swagger-ui webjar on the classpath, by their path under its version. */
  private static Map<String, byte[]> swaggerUiWebjar() throws IOException {
    String webjar = "META-INF/resources/webjars/swagger-ui/";
    URL any = StreamLambdaHandlerTest.class.getClassLoader().getResource(webjar);
    assertThat(any).as("the swagger-ui webjar is on the classpath").isNotNull();
    Map<String, byte[]> files = new TreeMap<>();
    try (JarFile jar = ((JarURLConnection) any.openConnection()).getJarFile()) {
      for (JarEntry entry : Collections.list(jar.entries())) {
        String name = entry.getName();
        if (name.startsWith(webjar) && !entry.isDirectory()) {
          String underVersion = name.substring(name.indexOf('/', webjar.length()) + 1);
          try (InputStream in = jar.getInputStream(entry)) {
            files.put(underVersion, in.readAllBytes());
          }
        }
      }
    }
    return files;
  }

  @Test
  void primingRunsWholeRequests() {
    StreamLambdaHandler.prime();
  }

  private static String create() {
    LambdaResponse created = invoke(gateway("POST", "/v1/jobs").json(NEW_JOB));
    assertThat(created.status()).isEqualTo(201);
    return created.json().get("id").asText();
  }
}
