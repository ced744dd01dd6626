package dev.jobs.pipeline.s3tosqs;

/**
 * What became of one CSV file: every row read is either sent or rejected.
 *
 * @param rejectsReport where the rejected rows are listed, or null if none was
 */
public record IngestionReport(
    String bucket,
    String key,
    long rowsRead,
    long rowsSent,
    long rowsRejected,
    long durationMillis,
    String rejectsReport) {}
