package dev.jobs.api.service;

/** The job changed since the client read it: its If-Match is not the job's ETag. */
public class PreconditionFailedException extends RuntimeException {

  public PreconditionFailedException(String id) {
    super("The job " + id + " changed since you read it; read it again.");
  }
}
