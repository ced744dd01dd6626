package dev.jobs.pipeline.s3tosqs;

/**
 * Told how the ingestion of a file goes, for a person who watches a long one: the local run shows
 * it on the terminal. Called on the ingesting thread; the Lambda needs none.
 */
public interface IngestionListener {

  IngestionListener NONE = new IngestionListener() {};

  /** As the file starts to be read, then every {@link CsvIngestion#PROGRESS_EVERY_ROWS} rows. */
  default void reading(
      String key, long bytes, long bytesRead, long rowsRead, long rowsSent, long rowsRejected) {}

  /** Once the file is read and each of its rows sent or rejected. */
  default void ingested(IngestionReport report) {}

  /** For a key announced that is not one to ingest, instead of reading it. */
  default void ignored(String key, String reason) {}
}
