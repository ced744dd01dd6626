package dev.jobs.pipeline.sqstodynamo;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one batch of job messages came to.
 *
 * @param messages the messages of the batch
 * @param failed the ids of those that failed (they come back, and after four receives go to the
 *     dead letter queue): not JSON arrays of valid jobs, a job the store refused, or leftovers that
 *     could not be sent back
 * @param jobsWritten the jobs now stored
 * @param jobsRequeued the jobs that the store did not take in time, sent back to the queue as new
 *     messages (the table throttled): the messages they came from are done, no receive spent
 * @param messagesRequeued the new messages those jobs went in
 * @param storedLines by source file, the CSV lines of the jobs now stored (of messages that carry
 *     them)
 */
public record BatchOutcome(
    int messages,
    Set<String> failed,
    int jobsWritten,
    int jobsRequeued,
    int messagesRequeued,
    Map<String, List<Long>> storedLines) {}
