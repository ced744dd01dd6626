package dev.jobs.localaws.rehearsal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * What AWS does to the product that the emulators do not: the job table's capacity, enforced as
 * DynamoDB enforces it, and a share of calls that fail transiently, each service as it fails (and
 * of invocations whose execution environment dies). The fronts of {@link
 * dev.jobs.localaws.LocalAws} and the local Lambda runtime apply it; it counts what it did, for the
 * tests to check and the local run to report.
 */
public final class Rehearsal {

  /** What a test gets unless it asks: an on-demand table, no fault. */
  public static Rehearsal none() {
    return new Rehearsal(TableCapacity.ON_DEMAND, 0);
  }

  /** A run command option's rule: what it must match, and what that is, in words. */
  public record Option(String pattern, String what) {}

  /** The rules of the run command's options, which the root pom's run profile checks first. */
  public static final Option CAPACITY_OPTION =
      new Option(
          "on-demand|[1-9][0-9]{0,3}|[1-3][0-9]{4}|40000",
          "a whole number from 1 to 40000, or on-demand");

  public static final Option BURST_OPTION =
      new Option("[0-9]|[1-9][0-9]|[12][0-9]{2}|300", "a whole number from 0 to 300");

  public static final Option FAULTS_OPTION =
      new Option("0(\\.[0-9]*)?|1(\\.0*)?|\\.[0-9]+", "a number from 0 to 1");

  private final TableCapacity capacity;
  private final double faultRate;
  private final Map<String, LongAdder> events = new ConcurrentHashMap<>();

  /**
   * @param faultRate the share of calls (and invocations) that fail, from 0 to 1
   */
  public Rehearsal(TableCapacity capacity, double faultRate) {
    if (!(faultRate >= 0 && faultRate <= 1)) {
      throw new IllegalArgumentException("a fault rate is from 0 to 1, not " + faultRate);
    }
    this.capacity = capacity;
    this.faultRate = faultRate;
  }

  /**
   * The settings of the run command's options, each checked: a bad one is an error whose one line
   * names the option.
   *
   * @param capacityOption {@code -Dtable.capacity}: units per second, or {@code on-demand}; null or
   *     empty for the declared capacity
   * @param burstOption {@code -Dtable.burst}: seconds of unused capacity kept (0 to 300); null or
   *     empty for DynamoDB's 300
   * @param faultsOption {@code -Dfaults}: the share of calls that fail, from 0 to 1; null or empty
   *     for none
   * @param declared the table's capacity in terraform/
   */
  public static Rehearsal fromOptions(
      String capacityOption, String burstOption, String faultsOption, TableCapacity declared) {
    String capacity = checked("table.capacity", capacityOption, CAPACITY_OPTION);
    String burst = checked("table.burst", burstOption, BURST_OPTION);
    String faults = checked("faults", faultsOption, FAULTS_OPTION);
    int burstSeconds = burst == null ? TableCapacity.MAX_BURST_SECONDS : Integer.parseInt(burst);
    TableCapacity table;
    if (capacity == null) {
      table = declared.withBurst(burstSeconds);
    } else if (capacity.equals("on-demand")) {
      table = TableCapacity.ON_DEMAND;
    } else {
      long units = Long.parseLong(capacity);
      table = TableCapacity.provisioned(units, units, burstSeconds);
    }
    return new Rehearsal(table, faults == null ? 0 : Double.parseDouble(faults));
  }

  /**
   * The option's value if it was given (the run command passes each, empty if not set), and
   * matches; null if not given.
   */
  private static String checked(String option, String value, Option rule) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (!value.matches(rule.pattern())) {
      throw new IllegalArgumentException("-D" + option + "=" + value + " is not " + rule.what());
    }
    return value;
  }

  public TableCapacity capacity() {
    return capacity;
  }

  public double faultRate() {
    return faultRate;
  }

  /** Whether this call (or invocation) fails: true for the share of them the rate says. */
  public boolean strike() {
    return faultRate > 0 && ThreadLocalRandom.current().nextDouble() < faultRate;
  }

  /** Counts one thing done to the product, named to follow its count ("SQS 500s"). */
  public void count(String event) {
    events.computeIfAbsent(event, e -> new LongAdder()).increment();
  }

  /** How often it happened so far. */
  public long counted(String event) {
    LongAdder adder = events.get(event);
    return adder == null ? 0 : adder.sum();
  }

  /** Everything counted so far, by name. */
  public Map<String, Long> events() {
    Map<String, Long> counts = new TreeMap<>();
    events.forEach((event, adder) -> counts.put(event, adder.sum()));
    return counts;
  }

  /** The settings in a few words, as the local run prints them. */
  public String describe() {
    return capacity.describe() + (faultRate > 0 ? ", faults " + faultRate : ", no faults");
  }
}
