package dev.jobs.localrun;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.pipeline.s3tosqs.IngestionListener;
import dev.jobs.pipeline.s3tosqs.IngestionReport;
import dev.jobs.pipeline.sqstodynamo.BatchOutcome;
import dev.jobs.pipeline.sqstodynamo.WriteListener;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the person running the backend sees of ingestion: per file, rows read, sent, stored and
 * rejected, the rate, and while the file is read its share read and an ETA; then one line when the
 * file is done, with the rows stored twice (redelivered) if any. On a terminal the status line is
 * redrawn in place four times a second; elsewhere (a log, CI) it is printed every two seconds when
 * it changed. A key that s3_to_sqs skips gets one line saying why.
 *
 * <p>Reading comes from s3_to_sqs_lambda, storing from sqs_to_dynamo_lambda, which says the lines
 * of the rows it stored (jobs it sent back to the queue are not stored yet): their listeners when
 * they run in this JVM, their log lines when they run from their zips (a function's lines of an
 * invocation are read before it ends). A row counts as stored once however often its message is
 * delivered, so a file never has more rows stored than it holds. With a records directory, each
 * file's counts survive a restart: they are written before the event source mapping deletes the
 * messages they count.
 */
final class IngestionProgress implements IngestionListener, WriteListener, AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final boolean terminal;
  private final Path records;
  private final Map<String, FileProgress> files = new ConcurrentHashMap<>();
  private final Thread reporter;
  private String shown = "";

  /** On standard output, redrawn in place if that is a terminal; counts kept in memory only. */
  static IngestionProgress onStandardOutput() {
    return onStandardOutput(null);
  }

  /**
   * On standard output, each file's counts kept in the directory (created if missing), so that a
   * restart goes on counting them.
   */
  static IngestionProgress onStandardOutput(Path records) {
    return new IngestionProgress(System.out, System.console() != null, records);
  }

  IngestionProgress(PrintStream out, boolean terminal, Path records) {
    this.out = out;
    this.terminal = terminal;
    this.records = records;
    if (records != null) {
      loadRecords();
    }
    reporter = new Thread(this::report, "ingestion-progress");
    reporter.setDaemon(true);
    reporter.start();
  }

  private FileProgress file(String key) {
    return files.computeIfAbsent(key, FileProgress::new);
  }

  @Override
  public void reading(
      String key, long bytes, long bytesRead, long rowsRead, long rowsSent, long rowsRejected) {
    // A file read again once done is a new upload of it: counted afresh. One read again before
    // it was done (after a crash, or s3_to_sqs's retry) goes on with the rows stored so far.
    FileProgress file =
        bytesRead == 0
            ? files.compute(
                key, (k, known) -> known == null || known.done() ? new FileProgress(k) : known)
            : file(key);
    file.bytes = bytes;
    file.bytesRead = bytesRead;
    file.read = rowsRead;
    file.sent = rowsSent;
    file.rejected = rowsRejected;
    file.changed();
    save(file);
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
    FileProgress file = file(report.key());
    file.report = report;
    save(file);
  }

  @Override
  public void ignored(String key, String reason) {
    print("ignored %s: %s".formatted(key, reason));
  }

  /**
   * A line that an ingestion function wrote: s3_to_sqs_lambda's JSON log lines of progress ({@code
   * reading ...}), of a file ingested ({@code ingested ...}) and of a key skipped ({@code ignored
   * ...}), and sqs_to_dynamo_lambda's of a batch written ({@code wrote a batch of jobs}) count;
   * anything else is not for this.
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
    } else if (message.startsWith("ignored ")) {
      ignored(values.get("key"), values.get("reason"));
    } else if (message.equals("wrote a batch of jobs")) {
      entry
          .path("stored_lines")
          .fields()
          .forEachRemaining(f -> stored(f.getKey(), f.getValue().asText()));
    }
  }

  private static long number(Map<String, String> values, String key) {
    String value = values.get(key);
    return value == null ? 0 : Long.parseLong(value);
  }

  @Override
  public void written(BatchOutcome outcome) {
    outcome
        .storedLines()
        .forEach(
            (key, lines) ->
                stored(key, lines.stream().map(String::valueOf).collect(Collectors.joining(","))));
  }

  /** Rows of a file stored, by their lines (comma-separated). */
  private void stored(String key, String lines) {
    FileProgress file = file(key);
    boolean wasDone = file.done();
    file.store(lines);
    if (!wasDone) {
      file.changed();
    }
    save(file);
  }

  private void report() {
    long every = terminal ? 250 : 2_000;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        return;
      }
      StringBuilder status = new StringBuilder();
      files.forEach(
          (key, file) -> {
            if (file.summarized) {
              return;
            }
            if (file.done() || file.idle()) {
              file.summarized = true;
              save(file);
              print(summary(file));
            } else {
              status.append(status.isEmpty() ? "" : "  |  ").append(status(file));
            }
          });
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

  private static String status(FileProgress file) {
    long stored = file.stored();
    if (!file.readKnown()) {
      return "%s  stored %,d (queued before a restart)".formatted(file.key, stored);
    }
    double rate = file.rate();
    StringBuilder line = new StringBuilder(file.key);
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
  private static long expectedRows(FileProgress file) {
    if (file.report != null) {
      return file.report.rowsSent();
    }
    if (file.bytesRead <= 0) {
      return 0;
    }
    return Math.round((double) file.sent * file.bytes / file.bytesRead);
  }

  private static String summary(FileProgress file) {
    IngestionReport report = file.report;
    long stored = file.stored();
    if (report == null) {
      return file.readKnown()
          ? "%s: reading stopped after %,d rows, %,d stored (s3_to_sqs failed: see the log)"
              .formatted(file.key, file.read, stored)
          : "%s: %,d rows stored (queued before a restart)".formatted(file.key, stored);
    }
    if (report.empty()) {
      return "ingested %s: empty file, no rows".formatted(file.key);
    }
    String rejected =
        report.rowsRejected() == 0
            ? "none rejected"
            : "%,d rejected (listed in %s)"
                .formatted(report.rowsRejected(), report.rejectsReport());
    String redelivered =
        file.redelivered() == 0 ? "" : ", %,d redelivered".formatted(file.redelivered());
    if (stored < report.rowsSent()) {
      return ("%s: %,d of %,d rows stored so far, %s%s; the rest is retried or in the dead letter"
              + " queue")
          .formatted(file.key, stored, report.rowsSent(), rejected, redelivered);
    }
    return "ingested %s: %,d rows, %,d stored, %s%s, in %.1f s (%,.0f rows/s)"
        .formatted(
            file.key,
            report.rowsRead(),
            stored,
            rejected,
            redelivered,
            file.seconds(),
            report.rowsRead() / Math.max(file.seconds(), 0.001));
  }

  private void loadRecords() {
    try (Stream<Path> saved = Files.exists(records) ? Files.list(records) : Stream.empty()) {
      for (Path path : saved.filter(p -> p.toString().endsWith(".json")).toList()) {
        FileProgress file =
            new FileProgress(JSON.readValue(path.toFile(), FileProgress.Saved.class));
        files.put(file.key, file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ingestion records in " + records, e);
    }
  }

  /** Writes the file's counts, whole or not at all (a new file moved over the old one). */
  private void save(FileProgress file) {
    if (records == null) {
      return;
    }
    // One writer at a time: an older snapshot must not land over a newer one.
    synchronized (file) {
      try {
        Files.createDirectories(records);
        Path written = Files.createTempFile(records, "record", ".tmp");
        JSON.writeValue(written.toFile(), file.saved());
        Files.move(
            written,
            records.resolve(recordName(file.key)),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the ingestion record of " + file.key, e);
      }
    }
  }

  /** A name for any key (up to 1,024 bytes, any character): its hash. */
  private static String recordName(String key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash) + ".json";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    reporter.interrupt();
    reporter.join(5_000);
    show("");
  }
}
