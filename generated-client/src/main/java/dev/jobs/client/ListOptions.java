package dev.jobs.client;

/**
 * What to list: a city (all cities if none) and a page size (the server's default if none). Named,
 * so that a city is never passed for a cursor: {@code ListOptions.all().city("Lyon").limit(50)}.
 */
public record ListOptions(String city, Integer limit) {

  public static ListOptions all() {
    return new ListOptions(null, null);
  }

  public ListOptions city(String city) {
    return new ListOptions(city, limit);
  }

  /** Jobs per page, 1 to 100. */
  public ListOptions limit(int limit) {
    return new ListOptions(city, limit);
  }
}
