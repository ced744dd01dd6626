package dev.jobs.store;

import dev.jobs.model.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where jobs are kept: the port that the job API and the ingestion Lambdas own, whatever keeps the
 * jobs. Every single write is conditional, so concurrent requests never lose each other. Besides
 * {@link JobConflictException}, any method may throw {@link StoreUnavailableException} (the store
 * is throttled or down: try again later); writes throw {@link JobRejectedException} when the store
 * refuses a job as such.
 */
public interface JobStore {

  /** The most a job may weigh, as DynamoDB counts an item: its fields' names and UTF-8 values. */
  int MAX_JOB_BYTES = 400 * 1024;

  /** Whether the job is small enough to be stored: a store refuses a larger one. */
  static boolean fits(Job job) {
    return JobItems.sizeOf(job) <= MAX_JOB_BYTES;
  }

  /** The job at this key. */
  Optional<Job> find(JobKey key);

  /**
   * Every job with this id, one per city: the API's jobs have ids of their own, but ingested files
   * may hold one id in several cities, which the key (id and city) keeps apart.
   */
  List<Job> withId(String id);

  /** One page of at most {@code limit} jobs, of one city if given, starting after {@code after}. */
  JobSlice list(int limit, Optional<String> city, Optional<JobKey> after);

  /**
   * Stores a new job.
   *
   * @throws JobConflictException if a job with its id and city exists
   */
  void create(Job job);

  /**
   * Replaces the stored job with the same id and city, if it is still {@code expected}, as read.
   *
   * @throws JobConflictException if it changed or was deleted since it was read
   */
  void replace(Job job, Job expected);

  /**
   * Deletes the job, if it is still {@code expected}, as read.
   *
   * @return false if there was none
   * @throws JobConflictException if it changed since it was read
   */
  boolean delete(Job expected);

  /**
   * Stores the jobs unconditionally, each overwriting the job with its id and city; of jobs with
   * the same key, the last wins. What the ingestion writes. A store that is throttled or down is
   * waited for, until the deadline.
   *
   * @return the jobs the store did not take before the deadline: to try again later
   * @throws JobRejectedException if the store refuses one of the jobs, and so the whole call
   */
  List<Job> putAll(List<Job> jobs, Instant deadline) throws InterruptedException;

  /** {@link #putAll(List, Instant)} within a minute: for the few jobs of a test or a tool. */
  default List<Job> putAll(List<Job> jobs) throws InterruptedException {
    return putAll(jobs, Instant.now().plus(Duration.ofMinutes(1)));
  }
}
