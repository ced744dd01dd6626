package dev.jobs.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/bench.sh, run with a Maven that records how it was called and writes one figure. */
class BenchScriptTest {

  private static final Path ROOT = Path.of("..");

  /**
   * The build runs modules in parallel (.mvn/maven.config); the benchmarks of two modules must not
   * run at once, each would measure the other.
   */
  @Test
  void runsTheBenchmarksOneModuleAtATimeAndPrintsTheirFigures(@TempDir Path bin) throws Exception {
    Path calls = bin.resolve("mvn-calls.txt");
    Commands.Result run =
        runWithMaven(
            bin,
            """
            #!/bin/sh
            echo "$@" >> '%s'
            printf 'job API, warm GET\\t0.6 ms\\t\\n' >> target/bench-figures.tsv
            """
                .formatted(calls),
            "bin/bench.sh",
            "-Dbench.rows=10");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(Files.readAllLines(calls))
        .singleElement()
        .satisfies(
            call ->
                assertThat(call.split(" "))
                    .contains("-T1", "-Pbench", "verify", "-Dbench.rows=10"));
    assertThat(run.output()).contains("job API, warm GET").contains("0.6 ms");
  }

  /**
   * The bench waits for the backend it started to free its ports, not for every backend on the
   * machine: local-run's tests start theirs while this module's tests run.
   */
  @Test
  void waitsForItsOwnBackendOnly(@TempDir Path bin) throws Exception {
    Process anotherBackend =
        new ProcessBuilder(
                "bash", "-c", "exec -a 'java -cp x dev.jobs.localrun.LocalBackend' sleep 120")
            .start();
    try {
      long start = System.nanoTime();
      Commands.Result run =
          runWithMaven(
              bin,
              """
              #!/bin/sh
              sleep 1
              echo "jobs-backend ready in 0.8 s: job API http://localhost:8080/dev/v1/jobs"
              exec sleep 60
              """,
              "bin/bench_local_start.sh",
              "1");

      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output()).contains("(jobs-backend ready in 0.8 s)");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    } finally {
      anotherBackend.destroyForcibly();
    }
  }

  /** Runs the script with {@code mvn} on the PATH being the given shell script. */
  private static Commands.Result runWithMaven(Path bin, String mvn, String... script)
      throws Exception {
    Path fake = bin.resolve("mvn");
    Files.writeString(fake, mvn);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    return Commands.run(
        ROOT, Map.of("PATH", bin + File.pathSeparator + System.getenv("PATH")), script);
  }
}
