package dev.jobs.store;

/** Where a job is in the table: its id and city. */
public record JobKey(String id, String city) {}
