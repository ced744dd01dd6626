package dev.jobs.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.api.ApiServerTestBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Replaces that race for one version of a job: one wins, the others are told (412). */
class ConcurrentChangesTest extends ApiServerTestBase {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void ofConcurrentReplacesOfTheSameVersionOneWins() throws Exception {
    HttpResponse<String> created =
        send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/jobs"))
                .POST(HttpRequest.BodyPublishers.ofString(job("First"))));
    String id = JSON.readTree(created.body()).get("id").asText();
    String version = created.headers().firstValue("ETag").orElseThrow();

    List<Callable<HttpResponse<String>>> replaces =
        IntStream.range(0, 8)
            .<Callable<HttpResponse<String>>>mapToObj(
                i ->
                    () ->
                        send(
                            HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/jobs/" + id))
                                .header("If-Match", version)
                                .PUT(HttpRequest.BodyPublishers.ofString(job("Writer " + i)))))
            .toList();
    ExecutorService writers = Executors.newFixedThreadPool(8);
    List<HttpResponse<String>> answers;
    try {
      answers = writers.invokeAll(replaces).stream().map(ConcurrentChangesTest::join).toList();
    } finally {
      writers.shutdown();
    }

    List<HttpResponse<String>> won = answers.stream().filter(r -> r.statusCode() == 200).toList();
    assertThat(won).hasSize(1);
    assertThat(answers).filteredOn(r -> r.statusCode() != 200).allMatch(r -> r.statusCode() == 412);
    String stored =
        JSON.readTree(
                send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/jobs/" + id)).GET()).body())
            .get("title")
            .asText();
    assertThat(stored).isEqualTo(JSON.readTree(won.get(0).body()).get("title").asText());
  }

  private static String job(String title) {
    return "{\"city\":\"Lyon\",\"company_name\":\"ACME\",\"title\":\"" + title + "\"}";
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(
        request.header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> join(Future<HttpResponse<String>> answer) {
    try {
      return answer.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
