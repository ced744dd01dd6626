package dev.jobs.api.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobs.model.Job;
import dev.jobs.model.JobInput;
import dev.jobs.model.JobPage;
import dev.jobs.store.InMemoryJobStore;
import dev.jobs.store.JobConflictException;
import dev.jobs.store.JobKey;
import dev.jobs.store.JobSlice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The service's rules on the in-memory store, in milliseconds: versions, cities, cursors. The
 * store's own behaviour is the port's contract (checked on DynamoDB too); the HTTP around it, the
 * contract tests.
 */
class JobServiceTest {

  private final InMemoryJobStore store = new InMemoryJobStore();
  private final JobService service = new JobService(store);

  private static JobInput input(String city, String title) {
    return new JobInput().city(city).companyName("ACME").title(title);
  }

  @Test
  void createsAJobWithANewIdInTheDatasFormat() {
    Job created = service.create(input("Lyon", "Dev"));

    assertThat(created.getId()).matches("[0-9a-f]{32}");
    assertThat(service.get(created.getId(), Optional.empty())).isEqualTo(created);
  }

  @Test
  void replacesOnlyTheVersionTheClientNames() {
    Job created = service.create(input("Lyon", "Dev"));
    String readVersion = JobVersions.etag(created);
    service.replace(created.getId(), input("Lyon", "Senior dev"), Optional.empty());

    assertThatThrownBy(
            () ->
                service.replace(
                    created.getId(), input("Lyon", "Lost update"), Optional.of(readVersion)))
        .isInstanceOf(PreconditionFailedException.class);
    assertThatThrownBy(
            () -> service.delete(created.getId(), Optional.empty(), Optional.of(readVersion)))
        .isInstanceOf(PreconditionFailedException.class);
    assertThat(service.get(created.getId(), Optional.empty()).getTitle()).isEqualTo("Senior dev");
  }

  @Test
  void aJobCannotMoveToAnotherCity() {
    Job created = service.create(input("Lyon", "Dev"));

    assertThatThrownBy(
            () -> service.replace(created.getId(), input("Paris", "Dev"), Optional.empty()))
        .isInstanceOf(CityChangeException.class);
  }

  @Test
  void aJobThatChangedBetweenTheReadAndTheWriteIsAConflictOrAFailedPrecondition() {
    Job created = service.create(input("Lyon", "Dev"));
    JobService racing = new JobService(new ChangingBeforeEachWrite(store));

    assertThatThrownBy(
            () -> racing.replace(created.getId(), input("Lyon", "Mine"), Optional.empty()))
        .isInstanceOf(JobConflictException.class);
    Job now = service.get(created.getId(), Optional.empty());
    assertThatThrownBy(
            () ->
                racing.replace(
                    created.getId(), input("Lyon", "Mine"), Optional.of(JobVersions.etag(now))))
        .isInstanceOf(PreconditionFailedException.class);
  }

  @Test
  void deletesThenAnswersNotFound() {
    Job created = service.create(input("Lyon", "Dev"));

    service.delete(created.getId(), Optional.empty(), Optional.empty());

    assertThatThrownBy(() -> service.get(created.getId(), Optional.empty()))
        .isInstanceOf(JobNotFoundException.class);
    assertThatThrownBy(() -> service.delete(created.getId(), Optional.empty(), Optional.empty()))
        .isInstanceOf(JobNotFoundException.class);
  }

  @Test
  void anIdInSeveralCitiesIsAnsweredOnlyWithItsCity() throws InterruptedException {
    Job lyon = new Job().id(JobService.newId()).city("Lyon").companyName("ACME").title("Dev");
    Job paris = new Job().id(lyon.getId()).city("Paris").companyName("ACME").title("Dev");
    store.putAll(List.of(paris, lyon));
    String id = lyon.getId();

    assertThatThrownBy(() -> service.get(id, Optional.empty()))
        .isInstanceOfSatisfying(
            AmbiguousIdException.class,
            e -> assertThat(e.cities()).containsExactly("Lyon", "Paris"));
    assertThatThrownBy(() -> service.delete(id, Optional.empty(), Optional.empty()))
        .as("nothing deleted without a city")
        .isInstanceOf(AmbiguousIdException.class);
    assertThat(service.get(id, Optional.of("Paris"))).isEqualTo(paris);
    assertThat(service.replace(id, input("Paris", "Senior dev"), Optional.empty()).getCity())
        .as("the body's city picks the job replaced")
        .isEqualTo("Paris");
    assertThat(service.get(id, Optional.of("Lyon"))).isEqualTo(lyon);
    assertThatThrownBy(() -> service.get(id, Optional.of("Nantes")))
        .isInstanceOf(JobNotFoundException.class);
    assertThatThrownBy(() -> service.replace(id, input("Nantes", "Dev"), Optional.empty()))
        .isInstanceOf(CityChangeException.class);

    service.delete(id, Optional.of("Paris"), Optional.empty());

    assertThatThrownBy(() -> service.get(id, Optional.of("Paris")))
        .isInstanceOf(JobNotFoundException.class);
    assertThat(service.get(id, Optional.empty())).as("now unambiguous").isEqualTo(lyon);
  }

  @Test
  void pagesThroughACityWithCursorsThatBelongToIt() {
    for (int i = 0; i < 5; i++) {
      service.create(input("Lyon", "Dev " + i));
      service.create(input("Paris", "Dev " + i));
    }

    List<Job> lyon = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      JobPage page = service.list(2, Optional.of("Lyon"), cursor);
      lyon.addAll(page.getItems());
      cursor = Optional.ofNullable(page.getNextCursor());
    } while (cursor.isPresent());
    String lyonCursor = service.list(2, Optional.of("Lyon"), Optional.empty()).getNextCursor();

    assertThat(lyon).hasSize(5).allMatch(job -> job.getCity().equals("Lyon"));
    assertThatThrownBy(() -> service.list(2, Optional.of("Paris"), Optional.of(lyonCursor)))
        .isInstanceOf(InvalidCursorException.class);
  }

  /** The store, with another writer's change landing between each read and write. */
  private record ChangingBeforeEachWrite(InMemoryJobStore store)
      implements dev.jobs.store.JobStore {

    @Override
    public Optional<Job> find(JobKey key) {
      return store.find(key);
    }

    @Override
    public List<Job> withId(String id) {
      return store.withId(id);
    }

    @Override
    public JobSlice list(int limit, Optional<String> city, Optional<JobKey> after) {
      return store.list(limit, city, after);
    }

    @Override
    public void create(Job job) {
      store.create(job);
    }

    @Override
    public void replace(Job job, Job expected) {
      meanwhile(expected);
      store.replace(job, expected);
    }

    @Override
    public boolean delete(Job expected) {
      meanwhile(expected);
      return store.delete(expected);
    }

    @Override
    public List<Job> putAll(List<Job> jobs, Instant deadline) {
      return store.putAll(jobs, deadline);
    }

    private void meanwhile(Job expected) {
      Job other =
          new Job()
              .id(expected.getId())
              .city(expected.getCity())
              .companyName("Other writer")
              .title(expected.getTitle() + "!");
      store.replace(other, store.find(JobKey.of(expected)).orElseThrow());
    }
  }
}
