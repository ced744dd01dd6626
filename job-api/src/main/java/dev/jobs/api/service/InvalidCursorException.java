package dev.jobs.api.service;

/** A cursor that this API did not give for this listing: altered, truncated, or of another city. */
public class InvalidCursorException extends RuntimeException {

  public InvalidCursorException(String message) {
    super(message);
  }
}
