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

/**
 * What Swagger UI needs to sign writes is served with it: the initializer installs the signing
 * plugin and interceptor with the function's region, and the signer is there. The browser test
 * (local-run) signs through the page.
 */
@TestPropertySource(properties = "AWS_REGION=eu-north-1")
class SigV4SwaggerUiTest extends ApiServerTestBase {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void theInitializerInstallsTheSigningPluginWithTheFunctionsRegion() throws Exception {
    HttpResponse<String> initializer = get("/swagger-ui/swagger-initializer.js");

    assertThat(initializer.statusCode()).isEqualTo(200);
    assertThat(initializer.body())
        .contains("const jobsSigV4 =")
        .contains("jobsSigV4.region = \"eu-north-1\";")
        .contains("plugins: [jobsSigV4.plugin, ")
        .contains("requestInterceptor: jobsSigV4.requestInterceptor,")
        // springdoc's own configuration is still there: the page loads this API's contract.
        .contains("/v3/api-docs");
  }

  @Test
  void theSignerIsServedBesideTheUiAsJavaScript() throws Exception {
    HttpResponse<String> signer = get("/swagger-ui-signer/aws4fetch.esm.js");

    assertThat(signer.statusCode()).isEqualTo(200);
    assertThat(signer.headers().firstValue("Content-Type").orElseThrow()).contains("javascript");
    assertThat(signer.body()).contains("export { AwsClient, AwsV4Signer }");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(baseUrl() + path)).build(), BodyHandlers.ofString());
  }
}
