package dev.jobs.localaws.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The figures the benchmarks measure, each printed as it is measured and appended to the file that
 * {@code -Dbench.figures} names (if any), from which {@code bin/bench.sh} prints one table.
 */
public final class BenchFigures {

  private BenchFigures() {}

  /**
   * @param figure what is measured, and how
   * @param value the figure, with its unit
   * @param target what the figure should be, or "" where nothing is asked of it
   */
  public static void record(String figure, String value, String target) {
    System.out.printf("%-60s %16s   %s%n", figure, value, target);
    String file = System.getProperty("bench.figures");
    if (file == null) {
      return;
    }
    try {
      Path path = Path.of(file);
      Files.createDirectories(path.toAbsolutePath().getParent());
      Files.writeString(
          path,
          figure + "\t" + value + "\t" + target + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
