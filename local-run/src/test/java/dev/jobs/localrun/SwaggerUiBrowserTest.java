package dev.jobs.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.junit.WithLocalAws;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Swagger UI as a person meets it: the page through the local gateway, served by job_api_lambda
 * running from its zip as the local run runs it, in the system's Chromium. Every operation of the
 * contract renders, and "Try it out" then "Execute" with what the page pre-fills gets the answer
 * the contract promises. A failure leaves a screenshot under {@code target/browser/}.
 */
@WithLocalAws
@ExtendWith(SwaggerUiBrowserTest.ScreenshotOnFailure.class)
class SwaggerUiBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

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

  /** A browser cannot sign: its writes get API Gateway's 403, and the page says they need one. */
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

  /** Opens the operation, presses "Try it out" then "Execute", and reads the status shown. */
  private static String execute(String operationId) {
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    WebElement operation =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id(operationId)));
    // Each step clicks until the page shows its effect: a click during a re-render is lost.
    WebElement execute =
        wait.until(
            d -> {
              List<WebElement> ready = operation.findElements(By.cssSelector("button.execute"));
              if (!ready.isEmpty()) {
                return ready.get(0);
              }
              List<WebElement> tryOut = operation.findElements(By.cssSelector(".try-out__btn"));
              if (tryOut.isEmpty()) {
                operation.findElement(By.cssSelector(".opblock-summary-control")).click();
              } else if (tryOut.get(0).getText().contains("Try it out")) {
                tryOut.get(0).click();
              }
              return null;
            });
    execute.click();
    return wait.until(
        d -> {
          List<WebElement> statuses =
              operation.findElements(
                  By.cssSelector(".live-responses-table .response .response-col_status"));
          return statuses.isEmpty() || statuses.get(0).getText().isBlank()
              ? null
              : statuses.get(0).getText().trim().lines().findFirst().orElseThrow();
        });
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
