package dev.jobs.pipeline;

import java.util.Optional;

/**
 * The names by which the ingestion's outputs are found, by its functions and by whoever reads them
 * (the local run's progress, the tests): each job message's attributes (its body is a JSON array of
 * jobs), and where a file's rejected rows are reported.
 */
public final class IngestionNames {

  /** A job message's attribute: the S3 key of the file it came from. */
  public static final String SOURCE_KEY_ATTRIBUTE = "source_key";

  /** A job message's attribute: the lines of its jobs' rows in that file, in order, by commas. */
  public static final String LINES_ATTRIBUTE = "lines";

  /**
   * Where files to ingest are put: the bucket notification's prefix, and an empty folder object.
   */
  public static final String INGEST_PREFIX = "job_offers/";

  /** The end of the name of a file to ingest, in any case ({@code .csv}, {@code .CSV}). */
  public static final String CSV_SUFFIX = ".csv";

  /** Where the rejects reports of the bucket's files are. */
  public static final String REJECTS_PREFIX = "rejected/";

  private IngestionNames() {}

  /**
   * Why a key that the bucket announces is not ingested, or empty if it is: files under {@link
   * #INGEST_PREFIX} whose names end in {@link #CSV_SUFFIX}, in any case, are. The bucket's
   * notification filters on the prefix only, so that the function can say why it skips the rest.
   */
  public static Optional<String> whyIgnored(String key) {
    if (!key.startsWith(INGEST_PREFIX)) {
      return Optional.of("not under " + INGEST_PREFIX);
    }
    if (key.endsWith("/")) {
      return Optional.of("a folder, not a file");
    }
    int suffixAt = key.length() - CSV_SUFFIX.length();
    if (!key.regionMatches(true, suffixAt, CSV_SUFFIX, 0, CSV_SUFFIX.length())) {
      return Optional.of("not a .csv file (only names ending in .csv, in any case, are ingested)");
    }
    return Optional.empty();
  }

  /** The key of the report of a file's rejected rows, in the file's bucket. */
  public static String rejectsReportKey(String sourceKey) {
    return REJECTS_PREFIX + sourceKey + ".errors.jsonl";
  }
}
