package dev.jobs.api.service;

import java.util.List;

/** An id that names jobs in several cities, asked for without saying which. */
public class AmbiguousIdException extends RuntimeException {

  private final List<String> cities;

  public AmbiguousIdException(String id, List<String> cities) {
    super(
        "The id %s names %d jobs, in %s; say which with ?city=."
            .formatted(
                id,
                cities.size(),
                String.join(", ", cities.subList(0, cities.size() - 1))
                    + " and "
                    + cities.get(cities.size() - 1)));
    this.cities = List.copyOf(cities);
  }

  public List<String> cities() {
    return cities;
  }
}
