package dev.jobs.client;

/**
 * Every failure of a {@link JobsClient} call: no answer (a refused connection, a timeout), no
 * credentials or region to sign with, or, as its subclass {@link JobsProblemException}, an answer
 * that is an error. Unchecked, with a message that says which.
 */
public class JobsClientException extends RuntimeException {

  public JobsClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
