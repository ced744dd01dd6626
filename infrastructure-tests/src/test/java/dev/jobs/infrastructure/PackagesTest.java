package dev.jobs.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployment packages hold the product and its runtime libraries only: nothing that exists for
 * a test, an emulator or the local run.
 */
class PackagesTest {

  /** Test libraries, emulators, the local stand-ins and what only they bring. */
  private static final List<String> NOT_FOR_LAMBDA =
      List.of(
          "junit",
          "opentest4j",
          "assertj",
          "mockito",
          "jqwik",
          "archunit",
          "spring-boot-test",
          "spring-test",
          "wiremock",
          "rest-assured",
          "s3mock",
          "elasticmq",
          "pekko",
          "scala-library",
          "local-aws",
          "local-lambda",
          "local-run",
          "aws-lambda-java-runtime-interface-client");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "job-api/target/job-api-lambda.zip",
        "pipeline-lambdas/target/pipeline-lambdas.zip"
      })
  void holdsNothingForATestAnEmulatorOrTheLocalRun(String artifact) throws IOException {
    List<String> entries;
    try (ZipFile zip = new ZipFile(Path.of("..", artifact).toFile())) {
      entries = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
    }

    assertThat(entries).as("the handlers' classes").anyMatch(name -> name.startsWith("dev/jobs/"));
    assertThat(entries)
        .filteredOn(name -> name.startsWith("lib/") && name.endsWith(".jar"))
        .isNotEmpty()
        .noneMatch(jar -> NOT_FOR_LAMBDA.stream().anyMatch(jar::contains));
    assertThat(entries)
        .noneMatch(name -> name.startsWith("dev/jobs/localaws/"))
        .noneMatch(name -> name.startsWith("dev/jobs/locallambda/"))
        .noneMatch(name -> name.startsWith("dev/jobs/localrun/"))
        // Only S3Mock's reason made the job API keep one: Spring would read another jar's instead.
        .doesNotContain("application.properties");
  }

  /** Spring's generated bean definitions, and the flag that has Lambda run them (decision 0026). */
  @Test
  void theJobApiStartsOnTheCodeSpringGeneratedForIt() throws IOException {
    try (ZipFile zip = new ZipFile(Path.of("..", "job-api/target/job-api-lambda.zip").toFile())) {
      assertThat(
              zip.getEntry(
                  "dev/jobs/api/lambda/LambdaApplication__ApplicationContextInitializer.class"))
          .isNotNull();
      Properties spring = new Properties();
      try (InputStream flags = zip.getInputStream(zip.getEntry("spring.properties"))) {
        spring.load(flags);
      }
      assertThat(spring).containsEntry("spring.aot.enabled", "true");
    }
  }
}
