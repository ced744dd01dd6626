package dev.jobs.store;

/** The in-memory store answers as the port says. */
class InMemoryJobStoreTest extends JobStoreContract {

  @Override
  protected JobStore store() {
    return new InMemoryJobStore();
  }
}
