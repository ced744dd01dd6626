package dev.jobs.localaws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB emulated by dynalite (npm, MIT, LevelDB), run by Node as a child process. Installed by
 * {@code npm ci} at the root of the repository; {@code -Ddynalite.cli=PATH} points elsewhere.
 */
public final class Dynalite implements Emulator {

  private static final Logger log = LoggerFactory.getLogger(Dynalite.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final String EXIT_WITH_PARENT =
      "process.stdin.on('end',()=>process.exit(0)).on('error',()=>process.exit(0)).resume();";

  private final Process process;
  private final URI endpoint;
  private final Thread killOnExit;

  private Dynalite(Process process, int port) {
    this.process = process;
    this.endpoint = URI.create("http://127.0.0.1:" + port);
    // A test JVM that dies without closing us must not leave Node running.
    this.killOnExit = new Thread(this::stopProcess, "dynalite-shutdown");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Starts dynalite on the port. With a data directory the tables survive restarts; without, they
   * live in memory.
   */
  public static Dynalite start(Path dataDirectory, int port) {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("node.executable", "node"));
    // Node exits when its standard input closes, which the kernel does when this JVM dies, even
    // by kill -9: no dynalite outlives the JVM that started it.
    command.addAll(List.of("-e", EXIT_WITH_PARENT + "require(process.argv[1])"));
    command.add(cli().toString());
    command.addAll(List.of("--host", "127.0.0.1", "--port", String.valueOf(port)));
    // Tables are otherwise CREATING (or DELETING) for half a second, as on AWS.
    command.addAll(List.of("--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
    if (dataDirectory != null) {
      command.addAll(List.of("--path", dataDirectory.toAbsolutePath().toString()));
    }
    try {
      Path output = Files.createTempFile("dynalite-", ".log");
      output.toFile().deleteOnExit();
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!Ports.awaitListening(port, START_TIMEOUT, process)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "dynalite did not start ("
                + String.join(" ", command)
                + "): "
                + Files.readString(output));
      }
      return new Dynalite(process, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start dynalite; is Node installed?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting dynalite", e);
    }
  }

  /**
   * Stops a dynalite that still holds the data directory: one started by an earlier version of this
   * code, whose JVM was killed before it could stop it. LevelDB allows one process a directory, so
   * it would otherwise answer in place of the new one, or lock the data.
   */
  static void stopLeftOver(Path dataDirectory) {
    String path = "--path " + dataDirectory.toAbsolutePath();
    ProcessHandle.allProcesses()
        .filter(process -> process.info().commandLine().orElse("").contains("dynalite"))
        .filter(process -> process.info().commandLine().orElse("").contains(path))
        .forEach(
            process -> {
              log.warn(
                  "stopping dynalite (pid {}) left running on {} by an earlier run",
                  process.pid(),
                  dataDirectory.toAbsolutePath());
              process.destroyForcibly();
              process.onExit().join();
            });
  }

  /** dynalite's cli.js in the node_modules of this directory or the nearest one above it. */
  static Path cli() {
    String configured = System.getProperty("dynalite.cli");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path cli = dir.resolve("node_modules/dynalite/cli.js");
      if (Files.isRegularFile(cli)) {
        return cli;
      }
    }
    throw new IllegalStateException(
        "dynalite is not installed: run `npm ci` at the root of the repository");
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  /** The process id of Node, for checks that nothing is left running. */
  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      // Already in the hook: nothing to remove.
    }
  }

  private void stopProcess() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
