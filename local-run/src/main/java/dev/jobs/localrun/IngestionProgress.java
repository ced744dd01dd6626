package dev.jobs.localrun;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * What the person running the backend sees of ingestion: every two seconds, a running count of the
 * rows stored per file while it is in flight, then one line when a file is done (no row of it
 * stored for a round). Rows are counted by the {@code source_key} of their messages.
 */
final class IngestionProgress implements AutoCloseable {

  private static final long EVERY_MILLIS = 2_000;

  private final Map<String, AtomicLong> stored = new ConcurrentHashMap<>();
  private final Map<String, Long> reported = new ConcurrentHashMap<>();
  private final Map<String, Long> started = new ConcurrentHashMap<>();
  private final Thread reporter;

  IngestionProgress() {
    reporter = new Thread(this::report, "ingestion-progress");
    reporter.setDaemon(true);
    reporter.start();
  }

  void stored(List<Message> messages) {
    for (Message message : messages) {
      MessageAttributeValue key = message.messageAttributes().get("source_key");
      String file = key == null ? "(unknown file)" : key.stringValue();
      started.putIfAbsent(file, System.nanoTime());
      stored.computeIfAbsent(file, k -> new AtomicLong()).incrementAndGet();
    }
  }

  private void report() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(EVERY_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      stored.forEach(
          (file, count) -> {
            long now = count.get();
            Long before = reported.put(file, now);
            if (before == null || now > before) {
              System.out.printf("ingesting %s: %,d rows stored%n", file, now);
            } else if (started.containsKey(file)) {
              double seconds =
                  (System.nanoTime() - started.remove(file)) / 1e9 - EVERY_MILLIS / 1e3;
              System.out.printf(
                  "ingested %s: %,d rows stored in %.1f s (rows rejected, if any: rejected/%s.errors.jsonl)%n",
                  file, now, seconds, file);
              stored.remove(file);
              reported.remove(file);
            }
          });
    }
  }

  @Override
  public void close() throws InterruptedException {
    reporter.interrupt();
    reporter.join(5_000);
  }
}
