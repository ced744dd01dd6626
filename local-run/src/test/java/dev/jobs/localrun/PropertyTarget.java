package dev.jobs.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

/**
 * What the property tests of this JVM send their requests to: job_api_lambda from its zip, behind
 * the local gateway, on dynalite; and the contract their answers are checked against. Started once,
 * stopped with the JVM.
 */
final class PropertyTarget {

  static final String SPEC = "../api-spec/job-api.yaml";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static PropertyTarget started;

  final OpenAPI contract;
  final OpenApiInteractionValidator validator;
  final DeployedJobApi api;

  private PropertyTarget(OpenAPI contract, DeployedJobApi api) {
    this.contract = contract;
    this.validator = OpenApiInteractionValidator.createForSpecificationUrl(SPEC).build();
    this.api = api;
  }

  static synchronized PropertyTarget get() {
    if (started == null) {
      ParseOptions resolve = new ParseOptions();
      resolve.setResolve(true);
      resolve.setResolveFully(true);
      try {
        LocalAws aws = LocalAws.inMemory().start(EnumSet.of(Service.DYNAMODB));
        Path work = Files.createTempDirectory("contract-properties");
        DeployedJobApi api = DeployedJobApi.start(aws, work);
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      api.close();
                      aws.close();
                    }));
        started = new PropertyTarget(new OpenAPIV3Parser().read(SPEC, null, resolve), api);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return started;
  }

  int port() {
    return api.gateway().port();
  }

  /** A request as a client sends it: writes signed, as a writer's client signs them. */
  HttpResponse<String> send(HttpRequest.Builder request, boolean signed)
      throws IOException, InterruptedException {
    return HTTP.send(
        signed ? DeployedJobApi.signed(request) : request.build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  HttpRequest.Builder request(String method, String pathAndQuery, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api.baseUrl() + pathAndQuery))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return request;
  }

  /** Below 500, and status, content type and body as the contract declares for the operation. */
  void assertDeclared(String method, String pathAndQuery, HttpResponse<String> response) {
    assertDeclared(
        method,
        pathAndQuery,
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(null),
        response.body());
  }

  void assertDeclared(
      String method, String pathAndQuery, int status, String contentType, String body) {
    assertThat(status).as(method + " " + pathAndQuery).isLessThan(500);
    String path = URI.create("http://x" + pathAndQuery).getRawPath();
    SimpleResponse.Builder declared = SimpleResponse.Builder.status(status).withBody(body);
    if (contentType != null) {
      declared.withContentType(contentType);
    }
    ValidationReport report =
        validator.validateResponse(path, Request.Method.valueOf(method), declared.build());
    assertThat(report.getMessages())
        .as("%s %s -> %d %s", method, pathAndQuery, status, shortly(body))
        .isEmpty();
  }

  static String shortly(String body) {
    return body == null || body.length() <= 300 ? body : body.substring(0, 300) + "...";
  }
}
