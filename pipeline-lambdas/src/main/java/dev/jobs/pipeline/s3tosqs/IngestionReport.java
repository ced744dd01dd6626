package dev.jobs.pipeline.s3tosqs;

/**
 * What became of one CSV file: every row read is either sent or rejected.
 *
 * @param bytes the size of the object
 * @param empty whether the file held nothing, not even a header: no rows and nothing to reject
 * @param rejectsReport where the rejected rows are listed, or null if none was
 */
public record IngestionReport(
    String bucket,
    String key,
    long bytes,
    boolean empty,
    long rowsRead,
    long rowsSent,
    long rowsRejected,
    long durationMillis,
    String rejectsReport) {}
