package dev.jobs.localrun;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.pipeline.IngestionNames;
import dev.jobs.pipeline.s3tosqs.IngestionListener;
import dev.jobs.pipeline.s3tosqs.IngestionReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * What the person running the backend sees of ingestion: per file, rows read, sent, stored and
 * rejected, the rate, and while the file is read its share read and an ETA; then one line when the
 * file is done. On a terminal the status line is redrawn in place four times a second; elsewhere (a
 * log, CI) it is printed every two seconds when it changed.
 *
 * <p>Reading comes from s3_to_sqs_lambda: its {@link IngestionListener} when it runs in this JVM,
 * its log lines (progress and summary) when it runs from its zip; storing, from the messages the
 * event source mapping saw handled, by their {@code source_key}. Rows queued by an earlier run are
 * stored after a restart without a reading to go with them: they are shown as such.
 */
final class IngestionProgress implements IngestionListener, AutoCloseable {

  /** A file with no progress for this long is reported as it stands and forgotten. */
  private static final Duration IDLE = Duration.ofSeconds(60);

  private static final Duration RATE_WINDOW = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final boolean terminal;
  private final Map<String, File> files = new ConcurrentHashMap<>();
  private final Thread reporter;
  private String shown = "";

  /** On standard output, redrawn in place if that is a terminal. */
  static IngestionProgress onStandardOutput() {
    return new IngestionProgress(System.out, System.console() != null);
  }

  IngestionProgress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
    reporter = new Thread(this::report, "ingestion-progress");
    reporter.setDaemon(true);
    reporter.start();
  }

  /** One file's counts; written by the ingesting and storing threads, read by the reporter. */
  private static final class File {
    final long started = System.nanoTime();
    final AtomicLong stored = new AtomicLong();
    volatile long bytes = -1;
    volatile long bytesRead;
    volatile long read;
    volatile long sent;
    volatile long rejected;
    volatile IngestionReport report;
    volatile long lastChange = System.nanoTime();
    // The storing rate, smoothed over about RATE_WINDOW; touched by the reporter thread only.
    double rate;
    long rateAt = started;
    long rateStored;

    /** Rows stored per second lately: a running average that forgets after RATE_WINDOW. */
    double rate() {
      long now = System.nanoTime();
      long stored = this.stored.get();
      double elapsed = (now - rateAt) / 1e9;
      if (elapsed > 0.2) {
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
    }

    double seconds() {
      return (System.nanoTime() - started) / 1e9;
    }

    boolean readKnown() {
      return bytes >= 0;
    }

    boolean done() {
      return report != null && stored.get() >= report.rowsSent();
    }

    boolean idle() {
      return System.nanoTime() - lastChange > IDLE.toNanos();
    }
  }

  private File file(String key) {
    return files.computeIfAbsent(key, k -> new File());
  }

  @Override
  public void reading(
      String key, long bytes, long bytesRead, long rowsRead, long rowsSent, long rowsRejected) {
    File file = file(key);
    file.bytes = bytes;
    file.bytesRead = bytesRead;
    file.read = rowsRead;
    file.sent = rowsSent;
    file.rejected = rowsRejected;
    file.changed();
  }

  @Override
  public void ingested(IngestionReport report) {
    reading(
        report.key(),
        report.bytes(),
        report.bytes(),
        report.rowsRead(),
        report.rowsSent(),
        report.rowsRejected());
    file(report.key()).report = report;
  }

  /**
   * A line that s3_to_sqs_lambda wrote: its JSON log lines of progress ({@code reading ...}) and of
   * a file ingested ({@code ingested ...}) count; anything else is not for this.
   */
  void logged(String line) {
    if (!line.startsWith("{")) {
      return;
    }
    JsonNode entry;
    try {
      entry = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return;
    }
    // ECS lines: the event's key-value pairs are top-level fields beside "message".
    Map<String, String> values = new HashMap<>();
    entry.fields().forEachRemaining(f -> values.put(f.getKey(), f.getValue().asText()));
    String message = entry.path("message").asText();
    if (message.startsWith("reading ")) {
      reading(
          values.get("key"),
          number(values, "bytes"),
          number(values, "bytes_read"),
          number(values, "rows_read"),
          number(values, "rows_sent"),
          number(values, "rows_rejected"));
    } else if (message.startsWith("ingested ")) {
      String rejectsReport = values.get("rejects_report");
      ingested(
          new IngestionReport(
              values.get("bucket"),
              values.get("key"),
              number(values, "bytes"),
              Boolean.parseBoolean(values.get("empty_file")),
              number(values, "rows_read"),
              number(values, "rows_sent"),
              number(values, "rows_rejected"),
              number(values, "duration_ms"),
              rejectsReport == null || "null".equals(rejectsReport) ? null : rejectsReport));
    }
  }

  private static long number(Map<String, String> values, String key) {
    String value = values.get(key);
    return value == null ? 0 : Long.parseLong(value);
  }

  /** Messages the event source mapping saw stored (and deleted): their jobs, by their lines. */
  void stored(List<Message> messages) {
    for (Message message : messages) {
      MessageAttributeValue key =
          message.messageAttributes().get(IngestionNames.SOURCE_KEY_ATTRIBUTE);
      MessageAttributeValue lines = message.messageAttributes().get(IngestionNames.LINES_ATTRIBUTE);
      File file = file(key == null ? "(a message without source_key)" : key.stringValue());
      file.stored.addAndGet(lines == null ? 1 : lines.stringValue().split(",").length);
      file.changed();
    }
  }

  private void report() {
    long every = terminal ? 250 : 2_000;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        return;
      }
      files.forEach(
          (key, file) -> {
            if (file.done() || file.idle()) {
              files.remove(key);
              print(summary(key, file));
            }
          });
      StringBuilder status = new StringBuilder();
      files.forEach(
          (key, file) -> status.append(status.isEmpty() ? "" : "  |  ").append(status(key, file)));
      show(status.toString());
    }
  }

  private synchronized void print(String line) {
    if (terminal && !shown.isEmpty()) {
      out.print("\r\033[2K");
    }
    out.println(line);
    if (terminal && !shown.isEmpty()) {
      out.print(shown);
    }
    out.flush();
  }

  private synchronized void show(String status) {
    if (terminal) {
      out.print("\r\033[2K" + status);
      out.flush();
    } else if (!status.isEmpty() && !status.equals(shown)) {
      out.println(status);
    }
    shown = status;
  }

  static String status(String key, File file) {
    long stored = file.stored.get();
    if (!file.readKnown()) {
      return "%s  stored %,d (queued before a restart)".formatted(key, stored);
    }
    double rate = file.rate();
    StringBuilder line = new StringBuilder(key);
    line.append("  read %,d".formatted(file.read));
    if (file.report == null && file.bytes > 0) {
      line.append(" (%d%%)".formatted(file.bytesRead * 100 / file.bytes));
    }
    line.append("  sent %,d  stored %,d  rejected %,d".formatted(file.sent, stored, file.rejected));
    line.append("  %,.0f rows/s".formatted(rate));
    long total = expectedRows(file);
    if (rate > 0 && total > stored) {
      long eta = Math.round((total - stored) / rate);
      line.append("  ETA %d:%02d".formatted(eta / 60, eta % 60));
    }
    return line.toString();
  }

  /** The rows that will be stored: all sent once read; before, an estimate from the bytes read. */
  private static long expectedRows(File file) {
    if (file.report != null) {
      return file.report.rowsSent();
    }
    if (file.bytesRead <= 0) {
      return 0;
    }
    return Math.round((double) file.sent * file.bytes / file.bytesRead);
  }

  static String summary(String key, File file) {
    IngestionReport report = file.report;
    long stored = file.stored.get();
    if (report == null) {
      return file.readKnown()
          ? "%s: reading stopped after %,d rows, %,d stored (s3_to_sqs failed: see the log)"
              .formatted(key, file.read, stored)
          : "%s: %,d rows stored (queued before a restart)".formatted(key, stored);
    }
    if (report.empty()) {
      return "ingested %s: empty file, no rows".formatted(key);
    }
    String rejected =
        report.rowsRejected() == 0
            ? "none rejected"
            : "%,d rejected (listed in %s)"
                .formatted(report.rowsRejected(), report.rejectsReport());
    if (stored < report.rowsSent()) {
      return "%s: %,d of %,d rows stored so far, %s; the rest is retried or in the dead letter queue"
          .formatted(key, stored, report.rowsSent(), rejected);
    }
    return "ingested %s: %,d rows, %,d stored, %s, in %.1f s (%,.0f rows/s)"
        .formatted(
            key,
            report.rowsRead(),
            report.rowsSent(),
            rejected,
            file.seconds(),
            report.rowsRead() / Math.max(file.seconds(), 0.001));
  }

  @Override
  public void close() throws InterruptedException {
    reporter.interrupt();
    reporter.join(5_000);
    show("");
  }
}
