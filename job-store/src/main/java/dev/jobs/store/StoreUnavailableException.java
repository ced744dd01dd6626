package dev.jobs.store;

/** The store cannot answer now (throttled, down, unreachable): the same call may succeed later. */
public class StoreUnavailableException extends RuntimeException {

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
