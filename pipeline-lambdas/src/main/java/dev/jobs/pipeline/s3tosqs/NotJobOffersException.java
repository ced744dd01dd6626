package dev.jobs.pipeline.s3tosqs;

/** The file as a whole is not a CSV of job offers: it is rejected without reading its rows. */
public class NotJobOffersException extends Exception {

  public NotJobOffersException(String message) {
    super(message);
  }
}
