package dev.jobs.pipeline.s3tosqs;

import java.util.List;

/**
 * A CSV row that is not stored, and why: what a user reads in the rejects report.
 *
 * @param line the row's first line in the file (1 is the header)
 * @param reason what is wrong with it
 * @param fields the row's fields as parsed, or none where the row could not be parsed
 */
public record Rejection(long line, String reason, List<String> fields) {}
