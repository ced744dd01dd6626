package dev.jobs.client;

import dev.jobs.model.Problem;

/**
 * An answer of the job API that is an error: its status and the RFC 9457 problem it sent (title,
 * detail, and for a 400 the fields at fault), parsed. Unchecked: a caller handles the statuses it
 * expects and lets the others go.
 */
public class JobsProblemException extends JobsClientException {

  private final int status;
  private final transient Problem problem;

  JobsProblemException(int status, Problem problem) {
    super(
        status
            + " "
            + (problem.getTitle() == null ? "" : problem.getTitle())
            + (problem.getDetail() == null ? "" : ": " + problem.getDetail()),
        null);
    this.status = status;
    this.problem = problem;
  }

  public int status() {
    return status;
  }

  public Problem problem() {
    return problem;
  }
}
