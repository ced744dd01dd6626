package dev.jobs.localrun;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The machine's own Chromium and chromedriver (Debian's packages {@code chromium} and {@code
 * chromium-driver}; {@code -Dchromium.binary} and {@code -Dchromedriver.binary} point elsewhere).
 * Nothing is downloaded: with both paths given, Selenium looks for no driver of its own. Without
 * them the browser tests are skipped, except where {@code -Dchromium.required} (default: in CI,
 * where {@code .ci/run} installs them) makes their absence a failure.
 */
final class SystemChromium {

  private SystemChromium() {}

  static ChromeDriver start() {
    Path chromium = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    Path chromedriver = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    boolean installed = Files.isExecutable(chromium) && Files.isExecutable(chromedriver);
    boolean required =
        Boolean.parseBoolean(
            System.getProperty("chromium.required", String.valueOf(System.getenv("CI") != null)));
    if (!installed && required) {
      throw new IllegalStateException(
          "CI needs "
              + chromium
              + " and "
              + chromedriver
              + ": apt-get install chromium chromium-driver");
    }
    Assumptions.assumeTrue(
        installed, "no browser: apt-get install chromium chromium-driver to run the browser tests");
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(chromium.toFile())
            // As root and in a container: no sandbox, no GPU, and no calls home on a closed
            // network.
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1280,2000");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(chromedriver.toString()))
            .build();
    return new ChromeDriver(service, options);
  }
}
