package com.example.jobs;

import dev.jobs.client.JobsClient;
import dev.jobs.client.ListOptions;
import dev.jobs.model.Job;
import java.util.List;

/** What this consumer does with the job API: the titles of a city's jobs. */
public final class CityJobs {

  private final JobsClient jobs;
  private final int pageSize;

  public CityJobs(JobsClient jobs, int pageSize) {
    this.jobs = jobs;
    this.pageSize = pageSize;
  }

  /** Every page of the city's listing, read as the stream reaches it. */
  public List<String> titles(String city) {
    return jobs.stream(ListOptions.all().city(city).limit(pageSize)).map(Job::getTitle).toList();
  }
}
