package dev.jobs.api.service;

import dev.jobs.model.Job;
import dev.jobs.model.JobInput;
import dev.jobs.model.JobPage;
import dev.jobs.store.JobConflictException;
import dev.jobs.store.JobKey;
import dev.jobs.store.JobSlice;
import dev.jobs.store.JobStore;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** The job use cases behind the API: what each operation does, whatever serves it. */
@Service
public class JobService {

  private final JobStore store;

  public JobService(JobStore store) {
    this.store = store;
  }

  public JobPage list(int limit, Optional<String> city, Optional<String> cursor) {
    Optional<JobKey> after = cursor.map(c -> PageCursor.decode(c, city));
    JobSlice slice = store.list(limit, city, after);
    return new JobPage()
        .items(slice.jobs())
        .nextCursor(slice.next().map(next -> PageCursor.encode(next, city)).orElse(null));
  }

  /**
   * The job with this id, in this city if given.
   *
   * @throws AmbiguousIdException if, with no city, the id names jobs in several cities
   */
  public Job get(String id, Optional<String> city) {
    if (city.isPresent()) {
      return store
          .find(new JobKey(id, city.get()))
          .orElseThrow(() -> new JobNotFoundException(id, city));
    }
    List<Job> jobs = store.withId(id);
    if (jobs.size() > 1) {
      throw new AmbiguousIdException(id, jobs.stream().map(Job::getCity).sorted().toList());
    }
    return jobs.stream().findFirst().orElseThrow(() -> new JobNotFoundException(id, city));
  }

  public Job create(JobInput input) {
    Job job = toJob(newId(), input);
    store.create(job);
    return job;
  }

  /**
   * Replaces the job if it is the version {@code ifMatch} names (any version if absent), and if it
   * did not change between this read and the write.
   *
   * @throws PreconditionFailedException if it is another version, or became one meanwhile
   * @throws JobConflictException if, with no {@code ifMatch}, it changed meanwhile
   */
  public Job replace(String id, JobInput input, Optional<String> ifMatch) {
    Job current = currentForReplace(id, input.getCity());
    if (!JobVersions.matches(ifMatch, current)) {
      throw new PreconditionFailedException(id);
    }
    Job replacement = toJob(id, input);
    try {
      store.replace(replacement, current);
    } catch (JobConflictException e) {
      throw ifMatch.isPresent() ? new PreconditionFailedException(id) : e;
    }
    return replacement;
  }

  /** The job a replace applies to: the body's city picks it among the id's. */
  private Job currentForReplace(String id, String city) {
    Optional<Job> current = store.find(new JobKey(id, city));
    if (current.isPresent()) {
      return current.get();
    }
    if (!store.withId(id).isEmpty()) {
      throw new CityChangeException(id);
    }
    throw new JobNotFoundException(id, Optional.empty());
  }

  /**
   * Deletes the job (the one in {@code city}, where the id names several) if it is the version
   * {@code ifMatch} names (any version if absent).
   */
  public void delete(String id, Optional<String> city, Optional<String> ifMatch) {
    Job current = get(id, city);
    if (!JobVersions.matches(ifMatch, current)) {
      throw new PreconditionFailedException(id);
    }
    try {
      if (!store.delete(current)) {
        throw new JobNotFoundException(id, city);
      }
    } catch (JobConflictException e) {
      throw ifMatch.isPresent() ? new PreconditionFailedException(id) : e;
    }
  }

  /** A new id in the data's format, 32 lowercase hexadecimal characters: a random UUID's. */
  static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static Job toJob(String id, JobInput input) {
    return new Job()
        .id(id)
        .city(input.getCity())
        .companyName(input.getCompanyName())
        .title(input.getTitle())
        .url(input.getUrl())
        .contractType(input.getContractType())
        .companySector(input.getCompanySector())
        .userExperience(input.getUserExperience())
        .keyword(input.getKeyword())
        .createdDate(input.getCreatedDate())
        .provider(input.getProvider());
  }
}
