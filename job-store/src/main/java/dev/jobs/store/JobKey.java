package dev.jobs.store;

import dev.jobs.model.Job;

/** Where a job is in the table: its id and city. */
public record JobKey(String id, String city) {

  public static JobKey of(Job job) {
    return new JobKey(job.getId(), job.getCity());
  }
}
