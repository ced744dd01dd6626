package dev.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobs.model.Job;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} answers, run on each implementation by a subclass: the DynamoDB
 * adapter against dynalite, and the in-memory store that unit tests use in its place.
 */
public abstract class JobStoreContract {

  private JobStore store;

  /** A store to test; its jobs need not be empty, each test uses a city of its own. */
  protected abstract JobStore store();

  @BeforeEach
  void open() {
    store = store();
  }

  @Test
  void findsWhatItCreatedAndRefusesToCreateItTwice() {
    Job job = job(city());

    store.create(job);

    assertThat(store.find(JobKey.of(job))).contains(job);
    assertThat(store.withId(job.getId())).containsExactly(job);
    assertThatThrownBy(() -> store.create(job)).isInstanceOf(JobConflictException.class);
    assertThat(store.find(new JobKey(newId(), job.getCity()))).isEmpty();
    assertThat(store.withId(newId())).isEmpty();
  }

  @Test
  void replacesOnlyTheJobAsItWasRead() {
    Job read = job(city());
    store.create(read);
    Job changed = copy(read).title("Senior dev");

    store.replace(changed, read);

    assertThat(store.find(JobKey.of(read))).contains(changed);
    assertThatThrownBy(() -> store.replace(copy(read).title("Lost update"), read))
        .as("the job changed since it was read")
        .isInstanceOf(JobConflictException.class);
    store.delete(changed);
    assertThatThrownBy(() -> store.replace(changed, changed))
        .as("the job was deleted since it was read")
        .isInstanceOf(JobConflictException.class);
  }

  @Test
  void deletesOnlyTheJobAsItWasReadAndSaysWhenThereWasNone() {
    Job read = job(city());
    store.create(read);
    Job changed = copy(read).title("Changed");
    store.replace(changed, read);

    assertThatThrownBy(() -> store.delete(read)).isInstanceOf(JobConflictException.class);
    assertThat(store.delete(changed)).isTrue();
    assertThat(store.delete(changed)).isFalse();
    assertThat(store.find(JobKey.of(read))).isEmpty();
  }

  @Test
  void listsACityPageByPageEveryJobOnce() {
    String city = city();
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      Job job = job(city);
      store.create(job);
      created.add(job.getId());
    }

    List<Job> listed = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    Optional<JobKey> after = Optional.empty();
    do {
      JobSlice page = store.list(3, Optional.of(city), after);
      listed.addAll(page.jobs());
      pageSizes.add(page.jobs().size());
      after = page.next();
    } while (after.isPresent());

    assertThat(pageSizes).containsExactly(3, 3, 1);
    assertThat(listed).extracting(Job::getId).containsExactlyInAnyOrderElementsOf(created);
    assertThat(listed).allMatch(job -> job.getCity().equals(city));
  }

  @Test
  void putsAllOverwritingAndTheLastOfAKeyWins() throws InterruptedException {
    String city = city();
    Job first = job(city);
    store.create(first);
    Job other = job(city);

    List<Job> unwritten =
        store.putAll(
            List.of(copy(first).title("Overwritten"), other, copy(first).title("Last wins")));

    assertThat(unwritten).isEmpty();
    assertThat(store.find(JobKey.of(first))).map(Job::getTitle).contains("Last wins");
    assertThat(store.find(JobKey.of(other))).contains(other);
  }

  @Test
  void keepsOneIdInTwoCitiesApart() throws InterruptedException {
    Job inOneCity = job(city());
    Job inAnother = copy(inOneCity).city(city()).title("Elsewhere");

    store.putAll(List.of(inOneCity, inAnother));

    assertThat(store.withId(inOneCity.getId())).containsExactlyInAnyOrder(inOneCity, inAnother);
    assertThat(store.find(JobKey.of(inAnother))).contains(inAnother);
    assertThat(store.delete(inOneCity)).isTrue();
    assertThat(store.withId(inOneCity.getId())).containsExactly(inAnother);
  }

  @Test
  void refusesAJobLargerThanAnItem() {
    Job huge = job(city()).title("x".repeat(JobStore.MAX_JOB_BYTES));

    assertThatThrownBy(() -> store.create(huge)).isInstanceOf(JobRejectedException.class);
    assertThatThrownBy(() -> store.putAll(List.of(job(huge.getCity()), huge)))
        .isInstanceOf(JobRejectedException.class);
  }

  private static String city() {
    return "Storeville-" + UUID.randomUUID();
  }

  private static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static Job job(String city) {
    return new Job().id(newId()).city(city).companyName("ACME").title("Dev");
  }

  private static Job copy(Job job) {
    return new Job()
        .id(job.getId())
        .city(job.getCity())
        .companyName(job.getCompanyName())
        .title(job.getTitle());
  }
}
