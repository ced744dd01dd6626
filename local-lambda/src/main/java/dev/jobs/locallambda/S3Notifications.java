package dev.jobs.locallambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.jobs.localaws.JobsAwsResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The bucket notification of terraform/ (s3:ObjectCreated:* under a prefix: the function itself
 * says why it skips a key that is not a CSV file) for an emulator that has none: it watches the
 * bucket and sends the handler one event per object version (key, eTag and time of writing) under
 * the prefix that it has not handled yet.
 *
 * <p>A version counts as handled once the handler returned for it. With a record file, what was
 * handled survives a restart: a version whose ingestion a crash cut short is announced again when
 * the watch starts again, as are versions written while nothing watched. A version whose handler
 * failed is announced again at the next start, not in the same run.
 */
public final class S3Notifications implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(S3Notifications.class);
  private static final Duration EVERY = Duration.ofMillis(500);

  private final S3Client s3;
  private final String prefix;
  private final RequestHandler<S3Event, Void> handler;
  private final Path record;
  private final Runnable beforeRecording;
  private final Set<String> announced = new HashSet<>();
  private volatile boolean running;
  private Thread watcher;

  /**
   * Remembers what it handled in the record file (created if missing), across restarts; with no
   * file, in memory only.
   *
   * @param beforeRecording makes what the handler did durable, before it is recorded as done
   */
  public S3Notifications(
      S3Client s3,
      String prefix,
      RequestHandler<S3Event, Void> handler,
      Path record,
      Runnable beforeRecording) {
    this.s3 = s3;
    this.prefix = prefix;
    this.handler = handler;
    this.record = record;
    this.beforeRecording = beforeRecording;
  }

  public S3Notifications start() {
    announced.addAll(handledBefore());
    running = true;
    watcher =
        new Thread(
            () -> {
              while (running) {
                try {
                  for (S3Object object : notYetAnnounced()) {
                    announce(object);
                  }
                  Thread.sleep(EVERY.toMillis());
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  if (!running) {
                    // Cut short by close(): no failure to report.
                    return;
                  }
                  log.warn("listing the bucket failed; watching on", e);
                }
              }
            },
            "s3-notifications");
    watcher.setDaemon(true);
    watcher.start();
    return this;
  }

  private void announce(S3Object object) {
    String version = version(object);
    announced.add(version);
    try {
      handler.handleRequest(
          S3Events.objectCreated(
              JobsAwsResources.BUCKET, object.key(), object.size(), object.eTag()),
          null);
      beforeRecording.run();
      remember(version);
    } catch (RuntimeException e) {
      if (running) {
        log.warn(
            "s3_to_sqs failed on {}; it is announced again at the next start", object.key(), e);
      } else {
        log.info("stopped during {}; it is announced again at the next start", object.key());
      }
    }
  }

  private List<S3Object> notYetAnnounced() {
    return s3
        .listObjectsV2Paginator(b -> b.bucket(JobsAwsResources.BUCKET).prefix(prefix))
        .contents()
        .stream()
        // The folder object exists before the notification, as Terraform creates them.
        .filter(object -> !object.key().equals(prefix))
        .filter(object -> !announced.contains(version(object)))
        .toList();
  }

  /**
   * An unversioned bucket's stand-in for a version id: the same bytes written again are new. The
   * key comes last, so that it may hold any character.
   */
  private static String version(S3Object object) {
    return object.eTag() + "@" + object.lastModified() + " " + object.key();
  }

  private Set<String> handledBefore() {
    try {
      return record != null && Files.exists(record)
          ? new HashSet<>(Files.readAllLines(record, StandardCharsets.UTF_8))
          : Set.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + record, e);
    }
  }

  private void remember(String version) {
    if (record == null) {
      return;
    }
    try {
      Files.createDirectories(record.toAbsolutePath().getParent());
      Files.writeString(
          record,
          version + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + record, e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (watcher != null) {
      watcher.interrupt();
      watcher.join(5_000);
    }
  }
}
