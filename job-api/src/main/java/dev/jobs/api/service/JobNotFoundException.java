package dev.jobs.api.service;

/** No job has the id asked for. */
public class JobNotFoundException extends RuntimeException {

  public JobNotFoundException(String id) {
    super("No job has the id " + id + ".");
  }
}
