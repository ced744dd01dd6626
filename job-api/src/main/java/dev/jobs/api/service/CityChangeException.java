package dev.jobs.api.service;

/**
 * A replace that would move a job to another city. The city is part of the job's key, and a move
 * (delete and put in one transaction) is not offered: see docs/decisions.
 */
public class CityChangeException extends RuntimeException {

  public CityChangeException(String id) {
    super(
        "Job "
            + id
            + " cannot move to another city: its city is part of its key. Delete it and create"
            + " it in the new city.");
  }
}
