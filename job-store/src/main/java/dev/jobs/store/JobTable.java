package dev.jobs.store;

import dev.jobs.model.Job;

/**
 * The job table's names, as terraform/ declares them: keyed by id and city, with a city index for
 * listing one city's jobs.
 */
public final class JobTable {

  /** The table's name in every environment (Terraform variable {@code table_name}). */
  public static final String DEFAULT_NAME = "job-offers";

  /** Hash key of the table. */
  public static final String ID = Job.JSON_PROPERTY_ID;

  /** Range key of the table, hash key of {@link #CITY_INDEX}. */
  public static final String CITY = Job.JSON_PROPERTY_CITY;

  /** Global secondary index (hash city, range id, all attributes) that lists a city's jobs. */
  public static final String CITY_INDEX = "city-index";

  private JobTable() {}
}
