package dev.jobs.store;

import dev.jobs.model.Job;
import java.util.Optional;

/**
 * Where jobs are kept. Every write is conditional, so concurrent requests never lose each other.
 */
public interface JobStore {

  /** The job with this id, whatever its city. */
  Optional<Job> find(String id);

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
}
