package dev.jobs.store;

/** The store refuses a write as such (a job it cannot hold): trying again will not help. */
public class JobRejectedException extends RuntimeException {

  public JobRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
