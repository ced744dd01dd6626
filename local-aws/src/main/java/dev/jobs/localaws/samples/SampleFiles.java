package dev.jobs.localaws.samples;

import java.nio.file.Path;
import java.util.Map;

/**
 * The product's four sample files ({@code data/job_offers/}) and their rows, for the tests of every
 * module that ingest them.
 */
public final class SampleFiles {

  /** The rows of each file, by name. */
  public static final Map<String, Integer> ROWS =
      Map.of(
          "paris_job_offers.csv", 1000,
          "lyon_job_offers.csv", 252,
          "nantes_job_offers.csv", 215,
          "bordeaux_job_offers.csv", 141);

  /** Every row of the four files. */
  public static final int ALL_ROWS = ROWS.values().stream().mapToInt(Integer::intValue).sum();

  private SampleFiles() {}

  /** The file, from a module's directory (where Maven runs its tests). */
  public static Path path(String name) {
    return Path.of("..", "data", "job_offers", name);
  }
}
