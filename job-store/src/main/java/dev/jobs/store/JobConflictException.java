package dev.jobs.store;

/** A write lost a race: the job was created, changed or removed by another request meanwhile. */
public class JobConflictException extends RuntimeException {

  public JobConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
