package dev.jobs.api.service;

import java.util.Optional;

/** No job has the id asked for (in the city asked for, if any). */
public class JobNotFoundException extends RuntimeException {

  public JobNotFoundException(String id, Optional<String> city) {
    super(
        city.map(c -> "No job has the id " + id + " in " + c + ".")
            .orElse("No job has the id " + id + "."));
  }
}
