package dev.jobs.locallambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.localaws.LocalAws;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The local job_api_gw routes as terraform/ does and checks signatures on AWS_IAM routes as API
 * Gateway does, with requests signed by the AWS SDK's signer, as a client would sign them.
 */
class HttpApiGatewayTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final AwsCredentialsIdentity LOCAL = LocalAws.CREDENTIALS.resolveCredentials();
  private static final String JOB = "{\"city\":\"Lyon\"}";

  /** Answers each event with the event itself. */
  private static final AtomicInteger invocations = new AtomicInteger();

  private static final RequestStreamHandler ECHO =
      (input, output, context) -> {
        invocations.incrementAndGet();
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        output.write(
            JSON.createObjectNode()
                .put("statusCode", 200)
                .put("body", event)
                .toString()
                .getBytes(StandardCharsets.UTF_8));
      };

  private static HttpApiGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = HttpApiGateway.start(0, ECHO);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @BeforeEach
  void count() {
    invocations.set(0);
  }

  @Test
  void readsArePublicOnTheProxyRoute() throws Exception {
    HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/dev/v1/jobs?limit=2")).GET());

    JsonNode event = JSON.readTree(answer.body());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(event.path("routeKey").asText()).isEqualTo("ANY /{proxy+}");
    assertThat(event.path("pathParameters").path("proxy").asText()).isEqualTo("v1/jobs");
    assertThat(event.path("requestContext").has("authorizer")).isFalse();
  }

  @Test
  void anUnsignedWriteIsForbiddenBeforeTheLambda() throws Exception {
    HttpResponse<String> answer =
        send(HttpRequest.newBuilder(uri("/dev/v1/jobs")).POST(BodyPublishers.ofString(JOB)));

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(answer.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    assertThat(invocations).hasValue(0);
  }

  @Test
  void aSignedWriteReachesTheLambdaWithItsRouteAndCaller() throws Exception {
    HttpResponse<String> created = signedPost("/dev/v1/jobs", JOB, JOB, request -> request);
    HttpResponse<String> deleted =
        send(signed("DELETE", "/dev/v1/jobs/abc", "", LOCAL, "eu-west-1", "execute-api", now()));

    JsonNode create = JSON.readTree(created.body());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    assertThat(create.path("routeKey").asText()).isEqualTo("POST /v1/jobs");
    assertThat(create.has("pathParameters")).isFalse();
    assertThat(
            create.path("requestContext").path("authorizer").path("iam").path("accessKey").asText())
        .isEqualTo("local");
    JsonNode delete = JSON.readTree(deleted.body());
    assertThat(delete.path("routeKey").asText()).isEqualTo("DELETE /v1/jobs/{id}");
    assertThat(delete.path("pathParameters").path("id").asText()).isEqualTo("abc");
  }

  @Test
  void temporaryCredentialsSignWithTheirToken() throws Exception {
    AwsCredentialsIdentity session =
        AwsSessionCredentialsIdentity.create(LOCAL.accessKeyId(), LOCAL.secretAccessKey(), "token");

    HttpResponse<String> answer =
        send(signed("PUT", "/dev/v1/jobs/abc", JOB, session, "eu-west-1", "execute-api", now()));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }

  /** Another signer than the SDK's, which signs fewer headers: curl's, as a user would call. */
  @Test
  void aWriteSignedByCurlPassesAndAWrongSecretDoesNot() throws Exception {
    // In canonical order: curl before 8.1 signs the query as written, unsorted.
    String url = uri("/dev/v1/jobs?a=b%20c&dry=run").toString();

    assertThat(curl(url, "local:local")).startsWith("200 ");
    assertThat(curl(url, "local:wrong"))
        .startsWith("403 ")
        .contains("The request signature we calculated does not match");
    assertThat(invocations).hasValue(1);
  }

  private static String curl(String url, String user) throws Exception {
    Process curl =
        new ProcessBuilder(
                "curl",
                "-s",
                "-w",
                "%{http_code} ",
                "-o",
                "/dev/stderr",
                "--aws-sigv4",
                "aws:amz:eu-west-1:execute-api",
                "--user",
                user,
                "-H",
                "Content-Type: application/json",
                "-d",
                JOB,
                url)
            .redirectErrorStream(true)
            .start();
    String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor()).as(output).isZero();
    // The status first (stdout is written after the body here, stderr unbuffered): reorder.
    String status = output.substring(output.length() - 4);
    return status + output.substring(0, output.length() - 4);
  }

  @Test
  void aTamperedBodyIsRefused() throws Exception {
    HttpResponse<String> answer =
        signedPost("/dev/v1/jobs", JOB, "{\"city\":\"Paris\"}", request -> request);

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(message(answer)).startsWith("The request signature we calculated does not match");
    assertThat(invocations).hasValue(0);
  }

  @Test
  void aSignatureForAnotherPathIsRefused() throws Exception {
    HttpRequest.Builder forAnother =
        signed("DELETE", "/dev/v1/jobs/abc", "", LOCAL, "eu-west-1", "execute-api", now());

    HttpResponse<String> answer = send(forAnother.uri(uri("/dev/v1/jobs/other")));

    assertThat(message(answer)).startsWith("The request signature we calculated does not match");
  }

  @Test
  void aSignatureOlderThanFiveMinutesHasExpired() throws Exception {
    Instant sixMinutesAgo = now().minus(Duration.ofMinutes(6));

    HttpResponse<String> answer =
        send(signed("POST", "/dev/v1/jobs", JOB, LOCAL, "eu-west-1", "execute-api", sixMinutesAgo));

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(message(answer)).startsWith("Signature expired: ");
  }

  @Test
  void aSignatureForAnotherRegionServiceOrKeyIsRefused() throws Exception {
    AwsCredentialsIdentity stranger = AwsCredentialsIdentity.create("AKIASTRANGER", "secret");

    assertThat(
            message(
                send(
                    signed("POST", "/dev/v1/jobs", JOB, LOCAL, "us-east-1", "execute-api", now()))))
        .isEqualTo("Credential should be scoped to a valid region.");
    assertThat(
            message(send(signed("POST", "/dev/v1/jobs", JOB, LOCAL, "eu-west-1", "lambda", now()))))
        .isEqualTo("Credential should be scoped to correct service: 'execute-api'.");
    assertThat(
            message(
                send(
                    signed(
                        "POST", "/dev/v1/jobs", JOB, stranger, "eu-west-1", "execute-api", now()))))
        .isEqualTo("The security token included in the request is invalid.");
    assertThat(invocations).hasValue(0);
  }

  @Test
  void aBodyWithoutContentTypeReachesTheLambda() throws Exception {
    HttpResponse<String> answer =
        send(HttpRequest.newBuilder(uri("/dev/v1/health")).POST(BodyPublishers.ofString(JOB)));

    assertThat(JSON.readTree(answer.body()).path("body").asText()).isEqualTo(JOB);
  }

  @Test
  void aFailingIntegrationIsAnInternalServerError() throws Exception {
    RequestStreamHandler failing =
        (input, output, context) -> {
          throw new IllegalStateException("boom");
        };
    try (HttpApiGateway broken = HttpApiGateway.start(0, failing)) {
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + broken.port() + "/dev/v1/jobs"))
                  .build(),
              BodyHandlers.ofString());

      assertThat(answer.statusCode()).isEqualTo(500);
      assertThat(answer.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }
  }

  @Test
  void aPathOutsideTheStageIsNotFound() throws Exception {
    HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/prod/v1/jobs")).GET());

    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(answer.body()).isEqualTo("{\"message\":\"Not Found\"}");
  }

  @Test
  void theStagesRootIsNotFoundWhateverTheMethod() throws Exception {
    for (String method : List.of("GET", "HEAD", "OPTIONS", "POST", "DELETE")) {
      RawHttp.Answer answer = raw(method + " /dev/ HTTP/1.1\r\n", new byte[0]);

      assertThat(answer.status()).as(method).isEqualTo(404);
      if (!method.equals("HEAD")) {
        assertThat(answer.body()).isEqualTo("{\"message\":\"Not Found\"}");
      }
    }
    assertThat(invocations).hasValue(0);
  }

  /** API Gateway refuses what it cannot read before any route, with its own JSON. */
  @Test
  void aMalformedEscapeIsABadRequestOfTheGateways() throws Exception {
    for (String target : List.of("/dev/v1/jobs?city=%zz", "/dev/v1/jobs/%zz", "/dev/v1/jobs/%4")) {
      RawHttp.Answer answer = raw("GET " + target + " HTTP/1.1\r\n", new byte[0]);

      assertThat(answer.status()).as(target).isEqualTo(400);
      assertThat(answer.headers().get("content-type")).isEqualTo("application/json");
      assertThat(answer.body()).isEqualTo("{\"message\":\"Bad Request\"}");
    }
    assertThat(invocations).hasValue(0);
  }

  /** HTTP API quotas: request line and headers at most 10,240 bytes. */
  @Test
  void aRequestOverTheQuotaOfLineAndHeadersIsAnsweredNotReset() throws Exception {
    RawHttp.Answer longQuery =
        raw("GET /dev/v1/jobs?city=" + "x".repeat(1_000_000) + " HTTP/1.1\r\n", new byte[0]);
    StringBuilder manyHeaders = new StringBuilder("GET /dev/v1/jobs HTTP/1.1\r\n");
    for (int i = 0; i < 2_000; i++) {
      manyHeaders.append("X-Header-").append(i).append(": ").append(i).append("\r\n");
    }
    RawHttp.Answer headers = raw(manyHeaders.toString(), new byte[0]);
    RawHttp.Answer justUnder =
        raw("GET /dev/v1/jobs?city=" + "x".repeat(9_000) + " HTTP/1.1\r\n", new byte[0]);

    assertThat(longQuery.status()).isEqualTo(400);
    assertThat(longQuery.body())
        .isEqualTo("{\"message\":\"An HTTP line is larger than 10240 bytes.\"}");
    assertThat(headers.status()).isEqualTo(400);
    assertThat(headers.body())
        .isEqualTo("{\"message\":\"HTTP header is larger than 10240 bytes.\"}");
    assertThat(justUnder.status()).isEqualTo(200);
  }

  /** Each rule of Signature Version 4 broken alone, over a signature that is otherwise right. */
  @Test
  void aSignatureThatBreaksOneRuleIsRefusedAsApiGatewayRefusesIt() throws Exception {
    assertThat(bent("host;x-amz-date;content-type", "X-Amz-Date", false, false))
        .as("the reference: every rule kept")
        .isEqualTo("200");
    assertThat(bent("x-amz-date;content-type", "X-Amz-Date", false, false))
        .isEqualTo("403 'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    assertThat(bent("content-type", "X-Amz-Date", false, false))
        .isEqualTo("403 'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    assertThat(bent("host;content-type", "X-Amz-Date", false, false))
        .isEqualTo("403 'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
    assertThat(bent("host;x-amz-date;content-type", "X-Amz-Date", true, false))
        .isEqualTo("403 'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.");
    assertThat(bent("host;x-amz-date;content-type", "X-Amz-Date", false, true))
        .isEqualTo(
            "403 Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'.");
    assertThat(bent("date;host;content-type", "Date", false, false))
        .as("a Date header instead of X-Amz-Date, signed")
        .isEqualTo("200");
    assertThat(bent("host;content-type", "Date", false, false))
        .isEqualTo("403 'Date' must be a 'SignedHeader' in the AWS Authorization.");
  }

  /**
   * A signed create, its signature over {@code signedHeaders}, its date in {@code dateHeader}, with
   * an unsigned session token or a second Authorization header if asked: the status, and the
   * gateway's message if it refused.
   */
  private String bent(
      String signedHeaders, String dateHeader, boolean unsignedToken, boolean secondAuthorization)
      throws Exception {
    Instant at = now();
    String date =
        dateHeader.equals("Date")
            ? DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneOffset.UTC))
            : DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(at);
    String host = "127.0.0.1:" + gateway.port();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Host", List.of(host));
    headers.put(dateHeader, List.of(date));
    headers.put("Content-Type", List.of("application/json"));
    if (unsignedToken) {
      headers.put("X-Amz-Security-Token", List.of("token"));
    }
    byte[] body = JOB.getBytes(StandardCharsets.UTF_8);
    String authorization =
        ExecuteApiSignatures.authorization(
            LOCAL,
            "eu-west-1",
            "POST",
            URI.create("http://" + host + "/dev/v1/jobs"),
            headers,
            signedHeaders,
            body,
            at);
    StringBuilder head = new StringBuilder("POST /dev/v1/jobs HTTP/1.1\r\n");
    headers.forEach(
        (name, values) -> head.append(name).append(": ").append(values.get(0)).append("\r\n"));
    head.append("Authorization: ").append(authorization).append("\r\n");
    if (secondAuthorization) {
      head.append("Authorization: garbage\r\n");
    }
    RawHttp.Answer answer = RawHttp.send(gateway.port(), head.toString(), body);
    return answer.status() == 200
        ? "200"
        : answer.status() + " " + JSON.readTree(answer.body()).path("message").asText();
  }

  private static RawHttp.Answer raw(String requestLineAndHeaders, byte[] body) throws Exception {
    String head =
        requestLineAndHeaders.contains("\r\nHost:")
            ? requestLineAndHeaders
            : requestLineAndHeaders + "Host: 127.0.0.1:" + gateway.port() + "\r\n";
    return RawHttp.send(gateway.port(), head, body);
  }

  private HttpResponse<String> signedPost(
      String path, String signedBody, String sentBody, UnaryOperator<HttpRequest.Builder> change)
      throws Exception {
    HttpRequest.Builder request =
        signed("POST", path, signedBody, LOCAL, "eu-west-1", "execute-api", now());
    return send(change.apply(request).POST(BodyPublishers.ofString(sentBody)));
  }

  /** The request, signed by the SDK's signer as a client signs it. */
  private static HttpRequest.Builder signed(
      String method,
      String path,
      String body,
      AwsCredentialsIdentity credentials,
      String region,
      String service,
      Instant at) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(credentials)
                        .request(
                            SdkHttpRequest.builder()
                                .method(SdkHttpMethod.fromValue(method))
                                .uri(uri(path))
                                .putHeader("Content-Type", "application/json")
                                .build())
                        .payload(ContentStreamProvider.fromByteArray(bytes))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
            .request();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).method(method, BodyPublishers.ofByteArray(bytes));
    signed.forEachHeader(
        (name, values) -> {
          if (!name.equalsIgnoreCase("Host")) {
            values.forEach(value -> request.header(name, value));
          }
        });
    return request;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), BodyHandlers.ofString());
  }

  private static String message(HttpResponse<String> answer) throws Exception {
    return JSON.readTree(answer.body()).path("message").asText();
  }

  private static Instant now() {
    return Instant.now();
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + gateway.port() + path);
  }
}
