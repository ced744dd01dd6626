package dev.jobs.store;

import dev.jobs.model.Job;
import java.util.List;
import java.util.Optional;

/** One page read from the table, and where the next one starts if more may follow. */
public record JobSlice(List<Job> jobs, Optional<JobKey> next) {}
