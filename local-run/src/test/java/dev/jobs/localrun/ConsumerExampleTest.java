package dev.jobs.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer team's build, rehearsed: what the API publishes for consumers (model, client, stubs)
 * is deployed as CI publishes it, here to a repository on disk (Maven's layout, metadata and
 * checksums, as GitLab serves it), and examples/jobs-consumer, a project of its own, builds against
 * it from an empty local repository: its tests run the client against the stubs (Stub Runner,
 * remote mode, by coordinates) and one against the job API served here.
 */
class ConsumerExampleTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String VERSION = System.getProperty("project.version");

  @Test
  void aConsumerBuildsFromTheArtifactsByTheirCoordinates(@TempDir Path work) throws Exception {
    Path repository = Path.of("target", "consumer-repository").toAbsolutePath();
    Path localRepository = Path.of("target", "consumer-m2").toAbsolutePath();
    LocalAws.deleteData(repository);
    LocalAws.deleteData(localRepository);
    String repositoryUrl = repository.toUri().toString();

    Run published =
        run(
            List.of("bin/publish_consumer_artifacts.sh", repositoryUrl),
            ROOT,
            work.resolve("publish.txt"));
    assertThat(published.exitCode()).as(published.output()).isZero();
    assertThat(repository.resolve("dev/jobs/generated-client/maven-metadata.xml")).exists();

    try (LocalAws aws = LocalAws.inMemory().start(EnumSet.of(Service.DYNAMODB));
        DeployedJobApi api = DeployedJobApi.start(aws, work.resolve("lambda"))) {
      Run consumer =
          run(
              List.of(
                  "mvn",
                  "-B",
                  "-s",
                  settings(work, repositoryUrl).toString(),
                  "-Dmaven.repo.local=" + localRepository,
                  "-f",
                  ROOT.resolve("examples/jobs-consumer/pom.xml").toString(),
                  "verify",
                  "-Djobs.version=" + VERSION,
                  "-Djobs.repository=" + repositoryUrl,
                  "-Djobs.baseUrl=" + api.baseUrl()),
              ROOT,
              work.resolve("consumer.txt"));

      assertThat(consumer.exitCode()).as(consumer.output()).isZero();
      assertThat(consumer.output())
          .as("every test ran: four against the stubs, one against the API")
          .contains("Tests run: 5, Failures: 0, Errors: 0, Skipped: 0")
          .as("the client logs through SLF4J 2, bound by the consumer: no warning of its own")
          .doesNotContain("SLF4J:", "SLF4J(W)");
    }
    // The client's POM stands alone: nothing of the backend's build (its parent, which imports
    // the Spring Boot, Spring Cloud, AWS SDK and Selenium BOMs) reaches a consumer.
    assertThat(localRepository.resolve("dev/jobs/jobs-backend")).doesNotExist();
    try (var clientPoms = Files.walk(localRepository.resolve("dev/jobs/generated-client"))) {
      for (Path pom : clientPoms.filter(p -> p.toString().endsWith(".pom")).toList()) {
        assertThat(Files.readString(pom))
            .as(pom.toString())
            .doesNotContain("<parent>", "<dependencyManagement>", "${");
      }
    }
  }

  /**
   * The consumer's Maven settings: the repository the artifacts were published to, and this build's
   * own local repository as a second one, read-only, so that what Maven Central serves is copied
   * from there rather than downloaded again.
   */
  private static Path settings(Path work, String repositoryUrl) throws IOException {
    String cache = Path.of(System.getProperty("maven.repo.local")).toUri().toString();
    String repositories =
        """
            <repository><id>published</id><url>%s</url></repository>
            <repository><id>cache</id><url>%s</url></repository>"""
            .formatted(repositoryUrl, cache);
    return Files.writeString(
        work.resolve("settings.xml"),
        """
        <settings>
          <profiles><profile><id>consumer</id>
            <repositories>%s</repositories>
            <pluginRepositories>%s</pluginRepositories>
          </profile></profiles>
          <activeProfiles><activeProfile>consumer</activeProfile></activeProfiles>
        </settings>
        """
            .formatted(repositories, repositories.replace("repository>", "pluginRepository>")));
  }

  private record Run(int exitCode, String output) {}

  private static Run run(List<String> command, Path directory, Path output) throws Exception {
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
    return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }
}
