package dev.jobs.localaws.rehearsal;

/**
 * The job table's throughput as DynamoDB enforces it, for the table and, alike, its index.
 * Provisioned: read and write units per second, and up to {@value #MAX_BURST_SECONDS} seconds of
 * unused units kept as burst credit. On demand: a new table's limits, 12,000 read and 4,000 write
 * units per second, which no emulator on one machine reaches.
 *
 * @param burstSeconds the unused seconds of capacity kept; a table starts with all of them
 */
public record TableCapacity(boolean onDemand, long readUnits, long writeUnits, int burstSeconds) {

  /** DynamoDB keeps up to five minutes of unused read and write capacity. */
  public static final int MAX_BURST_SECONDS = 300;

  /** A new on-demand table's limits. */
  public static final TableCapacity ON_DEMAND = new TableCapacity(true, 12_000, 4_000, 1);

  public static TableCapacity provisioned(long readUnits, long writeUnits, int burstSeconds) {
    return new TableCapacity(false, readUnits, writeUnits, burstSeconds);
  }

  /** The same capacity with another burst credit (on-demand has none to change). */
  public TableCapacity withBurst(int seconds) {
    return onDemand ? this : provisioned(readUnits, writeUnits, seconds);
  }

  String describe() {
    return onDemand
        ? "table on demand"
        : "table provisioned at %d read and %d write units, %d s of burst credit"
            .formatted(readUnits, writeUnits, burstSeconds);
  }
}
