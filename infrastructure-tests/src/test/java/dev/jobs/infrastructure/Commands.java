package dev.jobs.infrastructure;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command of the machine (a script, the AWS CLI, terraform) and keeps what it printed. */
final class Commands {

  record Result(int exitCode, String output) {}

  private Commands() {}

  static boolean onPath(String command) {
    return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
        .anyMatch(directory -> Files.isExecutable(Path.of(directory, command)));
  }

  /** Runs in the directory with these environment variables added; stdout and stderr merged. */
  static Result run(Path directory, Map<String, String> environment, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 5 minutes");
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
