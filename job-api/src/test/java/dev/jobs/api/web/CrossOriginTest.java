package dev.jobs.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.api.ApiServerTestBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** CORS with an allowed origin, as a deployment that sets cors_allowed_origins has it. */
@TestPropertySource(properties = "jobs.cors-allowed-origins=https://jobs.example")
class CrossOriginTest extends ApiServerTestBase {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void anAllowedOriginsPreflightGetsWhatASignedWriteNeeds() throws Exception {
    HttpResponse<String> preflight =
        send(
            preflight("https://jobs.example", "PUT")
                .header(
                    "Access-Control-Request-Headers",
                    "authorization,x-amz-date,if-match,content-type"));

    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://jobs.example");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
        .contains("PUT");
    assertThat(
            preflight
                .headers()
                .firstValue("Access-Control-Allow-Headers")
                .orElseThrow()
                .toLowerCase())
        .contains("authorization", "x-amz-date", "if-match", "content-type");
  }

  @Test
  void anAllowedOriginReadsTheHeadersTheContractGives() throws Exception {
    HttpResponse<String> list =
        send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/jobs?limit=1"))
                .header("Origin", "https://jobs.example"));

    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://jobs.example");
    assertThat(list.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
        .contains("Location", "ETag", "X-Request-Id");
  }

  @Test
  void anyOtherOriginsPreflightIsA403ProblemAndItsReadsGetNoCorsHeaders() throws Exception {
    HttpResponse<String> preflight = send(preflight("https://evil.example", "DELETE"));
    HttpResponse<String> read =
        send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/jobs"))
                .header("Origin", "https://evil.example"));

    assertThat(preflight.statusCode()).isEqualTo(403);
    assertThat(preflight.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(preflight.body())
        .contains("\"title\":\"Forbidden\"")
        .contains("Cross-origin requests from https://evil.example are not allowed.");
    // Served as to anyone (the contract declares no 403 on reads): the browser, without CORS
    // headers, keeps the answer from the page.
    assertThat(read.statusCode()).isEqualTo(200);
    for (HttpResponse<String> answer : java.util.List.of(preflight, read)) {
      assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  private HttpRequest.Builder preflight(String origin, String method) {
    return HttpRequest.newBuilder(
            URI.create(baseUrl() + "/v1/jobs/0123456789abcdef0123456789abcdef"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", method);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), BodyHandlers.ofString());
  }
}
