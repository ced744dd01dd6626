package dev.jobs.pipeline;

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

  /** Where the rejects reports of the bucket's files are. */
  public static final String REJECTS_PREFIX = "rejected/";

  private IngestionNames() {}

  /** The key of the report of a file's rejected rows, in the file's bucket. */
  public static String rejectsReportKey(String sourceKey) {
    return REJECTS_PREFIX + sourceKey + ".errors.jsonl";
  }
}
