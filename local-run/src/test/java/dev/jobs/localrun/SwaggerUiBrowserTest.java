package dev.jobs.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.junit.WithLocalAws;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * Swagger UI as a person meets it: the page through the local gateway, served by job_api_lambda
 * running from its zip as the local run runs it, in the system's Chromium. Every operation of the
 * contract renders, and "Try it out" then "Execute" gets the answer the contract promises: reads as
 * they are, writes once the person has authorized with AWS credentials, which the page then signs
 * with. A failure leaves a screenshot under {@code target/browser/}.
 */
@WithLocalAws
@ExtendWith(SwaggerUiBrowserTest.ScreenshotOnFailure.class)
class SwaggerUiBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path work;

  private static DeployedJobApi api;
  private static ChromeDriver browser;

  @BeforeAll
  static void openSwaggerUi(LocalAws aws) throws IOException {
    api = DeployedJobApi.start(aws, work);
    browser = SystemChromium.start();
    browser.get(api.baseUrl() + "/swagger-ui/index.html");
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.quit();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void rendersEveryOperationOfTheContract() {
    OpenAPI contract = new OpenAPIV3Parser().read("../api-spec/job-api.yaml");
    long operations =
        contract.getPaths().values().stream().mapToLong(path -> path.readOperations().size()).sum();

    new WebDriverWait(browser, WAIT)
        .until(
            ExpectedConditions.numberOfElementsToBe(By.cssSelector(".opblock"), (int) operations));
    assertThat(browser.findElements(By.cssSelector(".opblock .opblock-summary-path")))
        .extracting(WebElement::getText)
        .contains("/v1/jobs", "/v1/jobs/{id}", "/v1/health");
  }

  @Test
  void executesListJobsWithWhatThePageFillsIn() {
    assertThat(execute("operations-jobs-listJobs")).isEqualTo("200");
  }

  @Test
  void executesGetHealth() {
    assertThat(execute("operations-health-getHealth")).isEqualTo("200");
  }

  /** Without credentials a write gets API Gateway's 403, and the page says writes need them. */
  @Test
  void marksWritesAsSignedAndAnUnsignedCreateGetsTheGateways403() {
    WebElement create =
        new WebDriverWait(browser, WAIT)
            .until(ExpectedConditions.presenceOfElementLocated(By.id("operations-jobs-createJob")));

    assertThat(create.findElements(By.cssSelector(".authorization__btn"))).isNotEmpty();
    assertThat(
            browser
                .findElement(By.id("operations-jobs-listJobs"))
                .findElements(By.cssSelector(".authorization__btn")))
        .isEmpty();
    assertThat(execute("operations-jobs-createJob")).isEqualTo("403");
  }

  /**
   * A person authorizes with an access key and its secret (the region is the function's), and the
   * page signs create, replace with the ETag it showed, and delete; after logging out, a write is
   * unsigned again.
   */
  @Test
  void signsCreateReplaceAndDeleteWithTheCredentialsAPersonEnters() throws Exception {
    AwsCredentials local = LocalAws.CREDENTIALS.resolveCredentials();
    authorize(local.accessKeyId(), local.secretAccessKey());
    try {
      Answer created = answer("operations-jobs-createJob", Map.of());
      assertThat(created.status()).isEqualTo("201");
      assertThat(created.request())
          .containsIgnoringCase("authorization: AWS4-HMAC-SHA256 Credential=" + local.accessKeyId())
          .containsIgnoringCase("x-amz-date: ");
      String id = created.field("id");

      Answer replaced =
          answer(
              "operations-jobs-replaceJob", Map.of("id", id, "If-Match", created.header("etag")));
      assertThat(replaced.status()).isEqualTo("200");
      assertThat(replaced.field("title")).isEqualTo("Senior data scientist");

      Answer deleted =
          answer(
              "operations-jobs-deleteJob", Map.of("id", id, "If-Match", replaced.header("etag")));
      assertThat(deleted.status()).isEqualTo("204");
      assertThat(
              HTTP.send(
                      HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/jobs/" + id)).build(),
                      BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(404);
    } finally {
      logout();
    }
    assertThat(execute("operations-jobs-createJob")).isEqualTo("403");
  }

  /** Opens Swagger UI's "Authorize" dialog, enters the credentials, applies them and closes it. */
  private static void authorize(String accessKeyId, String secretAccessKey) {
    WebElement dialog = openAuthorizeDialog();
    assertThat(dialog.findElement(By.id("sigv4_region")).getAttribute("value"))
        .isEqualTo(LocalAws.REGION.id());
    dialog.findElement(By.id("sigv4_access_key_id")).sendKeys(accessKeyId);
    dialog.findElement(By.id("sigv4_secret_access_key")).sendKeys(secretAccessKey);
    dialog.findElement(By.cssSelector(".auth-btn-wrapper button.authorize")).click();
    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.textToBePresentInElement(dialog, "Authorized as " + accessKeyId));
    dialog.findElement(By.cssSelector(".auth-btn-wrapper button.btn-done")).click();
  }

  private static void logout() {
    WebElement dialog = openAuthorizeDialog();
    dialog.findElement(By.cssSelector(".auth-btn-wrapper button:not(.btn-done)")).click();
    new WebDriverWait(browser, WAIT)
        .until(
            ExpectedConditions.presenceOfNestedElementLocatedBy(
                dialog, By.id("sigv4_access_key_id")));
    dialog.findElement(By.cssSelector(".auth-btn-wrapper button.btn-done")).click();
  }

  private static WebElement openAuthorizeDialog() {
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector(".auth-wrapper button.authorize")))
        .click();
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux")));
  }

  /** Opens the operation, presses "Try it out" then "Execute", and reads the status shown. */
  private static String execute(String operationId) {
    return answer(operationId, Map.of()).status();
  }

  /**
   * Opens the operation, presses "Try it out", types the parameters' values over what the page
   * filled in, presses "Execute", and reads what the page shows of the answer.
   */
  private static Answer answer(String operationId, Map<String, String> parameters) {
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    WebElement operation =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id(operationId)));
    // Each step clicks until the page shows its effect: a click during a re-render is lost.
    wait.until(
        d -> {
          if (!operation.findElements(By.cssSelector("button.execute")).isEmpty()) {
            return true;
          }
          List<WebElement> tryOut = operation.findElements(By.cssSelector(".try-out__btn"));
          if (tryOut.isEmpty()) {
            operation.findElement(By.cssSelector(".opblock-summary-control")).click();
          } else if (tryOut.get(0).getText().contains("Try it out")) {
            tryOut.get(0).click();
          }
          return null;
        });
    // An earlier answer of this operation would be read as this one's.
    operation.findElements(By.cssSelector("button.btn-clear")).forEach(WebElement::click);
    wait.until(d -> operation.findElements(By.cssSelector(".live-responses-table")).isEmpty());
    parameters.forEach(
        (name, value) ->
            operation
                .findElement(By.cssSelector("tr[data-param-name='" + name + "'] input"))
                .sendKeys(Keys.chord(Keys.CONTROL, "a"), value));
    operation.findElement(By.cssSelector("button.execute")).click();
    String status =
        wait.until(
            d -> {
              List<WebElement> statuses =
                  operation.findElements(
                      By.cssSelector(".live-responses-table .response .response-col_status"));
              return statuses.isEmpty() || statuses.get(0).getText().isBlank()
                  ? null
                  : statuses.get(0).getText().trim().lines().findFirst().orElseThrow();
            });
    return new Answer(
        status,
        operation.findElement(By.cssSelector(".curl-command")).getText(),
        operation
            .findElement(
                By.cssSelector(".live-responses-table .response .response-col_description"))
            .getText());
  }

  /** What the page shows of an executed request: the status, the request as curl, the answer. */
  private record Answer(String status, String request, String shown) {

    String header(String name) {
      Matcher header = Pattern.compile("(?im)^\\s*" + name + ":\\s*(.+)$").matcher(shown);
      assertThat(header.find()).as("%s among the headers shown: %s", name, shown).isTrue();
      return header.group(1).strip();
    }

    String field(String name) {
      Matcher field = Pattern.compile("\"" + name + "\":\\s*\"([^\"]*)\"").matcher(shown);
      assertThat(field.find()).as("%s in the body shown: %s", name, shown).isTrue();
      return field.group(1);
    }
  }

  /** Saves what the browser showed when a test failed. */
  static final class ScreenshotOnFailure implements TestWatcher {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (browser == null) {
        return;
      }
      try {
        Path directory = Files.createDirectories(Path.of("target/browser"));
        Path file = directory.resolve(context.getRequiredTestMethod().getName() + ".png");
        Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
        Files.writeString(
            file.resolveSibling(file.getFileName() + ".html"), browser.getPageSource());
        System.err.println("screenshot of the failure: " + file.toAbsolutePath());
      } catch (IOException | RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
  }
}
