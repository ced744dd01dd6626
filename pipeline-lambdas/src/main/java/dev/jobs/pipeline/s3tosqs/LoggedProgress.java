package dev.jobs.pipeline.s3tosqs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs how a long file's reading goes, at most every {@link #EVERY_NANOS} and once as it starts, so
 * that a 15-minute ingestion shows in its log group (and on the local run's terminal) before it
 * ends, and each key it was notified of but did not ingest, with why. The summary is the handler's
 * line.
 */
public final class LoggedProgress implements IngestionListener {

  private static final Logger log = LoggerFactory.getLogger(LoggedProgress.class);
  private static final long EVERY_NANOS = 2_000_000_000L;

  private long lastLogged;

  @Override
  public void reading(
      String key, long bytes, long bytesRead, long rowsRead, long rowsSent, long rowsRejected) {
    long now = System.nanoTime();
    if (rowsRead > 0 && now - lastLogged < EVERY_NANOS) {
      return;
    }
    lastLogged = now;
    log.atInfo()
        .addKeyValue("key", key)
        .addKeyValue("bytes", bytes)
        .addKeyValue("bytes_read", bytesRead)
        .addKeyValue("rows_read", rowsRead)
        .addKeyValue("rows_sent", rowsSent)
        .addKeyValue("rows_rejected", rowsRejected)
        .log("reading {}", key);
  }

  @Override
  public void ignored(String key, String reason) {
    log.atInfo()
        .addKeyValue("key", key)
        .addKeyValue("reason", reason)
        .log("ignored {}: {}", key, reason);
  }
}
