package dev.jobs.store;

import dev.jobs.model.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The store in memory, for fast tests of what uses the port (the job service, the pipeline's
 * writer): the same answers as the DynamoDB adapter, which the port's contract tests check on both
 * (in local-aws, beside dynalite). Like DynamoDB, it refuses a job larger than an item may be.
 * Listed in key order.
 */
public class InMemoryJobStore implements JobStore {

  private final NavigableMap<JobKey, Job> jobs =
      new TreeMap<>(Comparator.comparing(JobKey::id).thenComparing(JobKey::city));

  @Override
  public synchronized Optional<Job> find(JobKey key) {
    return Optional.ofNullable(jobs.get(key));
  }

  @Override
  public synchronized List<Job> withId(String id) {
    return jobs.values().stream().filter(job -> job.getId().equals(id)).toList();
  }

  @Override
  public synchronized JobSlice list(int limit, Optional<String> city, Optional<JobKey> after) {
    Iterator<Map.Entry<JobKey, Job>> following =
        after.map(key -> jobs.tailMap(key, false)).orElse(jobs).entrySet().stream()
            .filter(entry -> city.isEmpty() || entry.getKey().city().equals(city.get()))
            .iterator();
    List<Job> page = new ArrayList<>();
    while (page.size() < limit && following.hasNext()) {
      page.add(following.next().getValue());
    }
    Optional<JobKey> next =
        following.hasNext() ? Optional.of(JobKey.of(page.get(page.size() - 1))) : Optional.empty();
    return new JobSlice(page, next);
  }

  @Override
  public synchronized void create(Job job) {
    refuseIfTooLarge(job);
    if (jobs.putIfAbsent(JobKey.of(job), job) != null) {
      throw new JobConflictException("a job with id " + job.getId() + " exists", null);
    }
  }

  @Override
  public synchronized void replace(Job job, Job expected) {
    refuseIfTooLarge(job);
    if (!expected.equals(jobs.get(JobKey.of(job)))) {
      throw new JobConflictException("job " + job.getId() + " changed or was deleted", null);
    }
    jobs.put(JobKey.of(job), job);
  }

  @Override
  public synchronized boolean delete(Job expected) {
    Job stored = jobs.get(JobKey.of(expected));
    if (stored == null) {
      return false;
    }
    if (!stored.equals(expected)) {
      throw new JobConflictException("job " + expected.getId() + " changed meanwhile", null);
    }
    jobs.remove(JobKey.of(expected));
    return true;
  }

  @Override
  public synchronized List<Job> putAll(List<Job> batch, Instant deadline) {
    batch.forEach(InMemoryJobStore::refuseIfTooLarge);
    Map<JobKey, Job> lastByKey = new LinkedHashMap<>();
    batch.forEach(job -> lastByKey.put(JobKey.of(job), job));
    jobs.putAll(lastByKey);
    return List.of();
  }

  private static void refuseIfTooLarge(Job job) {
    if (!JobStore.fits(job)) {
      throw new JobRejectedException("job " + job.getId() + " is larger than an item", null);
    }
  }
}
