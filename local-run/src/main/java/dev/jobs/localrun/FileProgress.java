package dev.jobs.localrun;

import dev.jobs.pipeline.s3tosqs.IngestionReport;
import java.time.Duration;
import java.util.BitSet;

/**
 * One file's ingestion as the local run shows it: its counts, written by the ingesting and storing
 * threads and read by the reporter, the lines of its rows stored, and its storing rate.
 */
final class FileProgress {

  /** A file with no progress for this long is reported as it stands. */
  private static final Duration IDLE = Duration.ofSeconds(60);

  private static final Duration RATE_WINDOW = Duration.ofSeconds(10);

  /** What a file's ingestion has done, as it is kept on disk. */
  record Saved(
      String key,
      long startedMillis,
      long bytes,
      long bytesRead,
      long read,
      long sent,
      long rejected,
      IngestionReport report,
      byte[] storedLines,
      long deliveries,
      boolean summarized) {}

  final String key;
  final long startedMillis;
  volatile long bytes = -1;
  volatile long bytesRead;
  volatile long read;
  volatile long sent;
  volatile long rejected;
  volatile IngestionReport report;
  volatile long lastChange = System.nanoTime();
  // Whether its last line was printed; it shows again if it goes on.
  volatile boolean summarized;
  // The lines of the rows stored, and their deliveries (the same row may come twice).
  private final BitSet storedLines;
  private long deliveries;
  // The storing rate, smoothed over about RATE_WINDOW; touched by the reporter thread only.
  double rate;
  long rateAt = System.nanoTime();
  long rateStored;

  FileProgress(String key) {
    this.key = key;
    this.startedMillis = System.currentTimeMillis();
    this.storedLines = new BitSet();
  }

  FileProgress(Saved saved) {
    key = saved.key();
    startedMillis = saved.startedMillis();
    bytes = saved.bytes();
    bytesRead = saved.bytesRead();
    read = saved.read();
    sent = saved.sent();
    rejected = saved.rejected();
    report = saved.report();
    storedLines = BitSet.valueOf(saved.storedLines());
    deliveries = saved.deliveries();
    summarized = saved.summarized();
  }

  synchronized Saved saved() {
    return new Saved(
        key,
        startedMillis,
        bytes,
        bytesRead,
        read,
        sent,
        rejected,
        report,
        storedLines.toByteArray(),
        deliveries,
        summarized);
  }

  synchronized void store(String lines) {
    for (String line : lines.split(",")) {
      storedLines.set(Integer.parseInt(line.trim()));
      deliveries++;
    }
  }

  synchronized long stored() {
    return storedLines.cardinality();
  }

  synchronized long redelivered() {
    return deliveries - storedLines.cardinality();
  }

  /**
   * Rows stored per second lately: a running average that forgets after RATE_WINDOW, taken as rows
   * land. Between two landings it holds (a throttled table lands a batch every few seconds).
   */
  double rate() {
    long now = System.nanoTime();
    long stored = stored();
    double elapsed = (now - rateAt) / 1e9;
    if (stored != rateStored && elapsed > 0.2) {
      double recent = (stored - rateStored) / elapsed;
      double weight = rate == 0 ? 1 : 1 - Math.exp(-elapsed / RATE_WINDOW.toSeconds());
      rate += weight * (recent - rate);
      rateAt = now;
      rateStored = stored;
    }
    return rate;
  }

  void changed() {
    lastChange = System.nanoTime();
    summarized = false;
  }

  double seconds() {
    return (System.currentTimeMillis() - startedMillis) / 1e3;
  }

  boolean readKnown() {
    return bytes >= 0;
  }

  boolean done() {
    return report != null && stored() >= report.rowsSent();
  }

  boolean idle() {
    return System.nanoTime() - lastChange > IDLE.toNanos();
  }
}
