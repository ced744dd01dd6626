package dev.jobs.localaws;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The bucket notification of terraform/ (s3:ObjectCreated:*, prefix {@code job_offers/}, suffix
 * {@code .csv}) for an emulator that has none: it watches the bucket and sends the handler one
 * event per new object version (key, eTag and time of writing). Objects there before it starts are
 * not announced.
 */
public final class S3Notifications implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(S3Notifications.class);
  private static final Duration EVERY = Duration.ofMillis(500);
  private static final String SUFFIX = ".csv";

  private final S3Client s3;
  private final RequestHandler<S3Event, Void> handler;
  private final Map<String, String> seen = new HashMap<>();
  private volatile boolean running;
  private Thread watcher;

  public S3Notifications(S3Client s3, RequestHandler<S3Event, Void> handler) {
    this.s3 = s3;
    this.handler = handler;
  }

  public S3Notifications start() {
    newObjects(); // what is there already was announced by an earlier run
    running = true;
    watcher =
        new Thread(
            () -> {
              while (running) {
                try {
                  for (S3Object object : newObjects().values()) {
                    handler.handleRequest(
                        S3Events.objectCreated(
                            JobsAwsResources.BUCKET, object.key(), object.size(), object.eTag()),
                        null);
                  }
                  Thread.sleep(EVERY.toMillis());
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  log.warn("an S3 notification failed; watching on", e);
                }
              }
            },
            "s3-notifications");
    watcher.setDaemon(true);
    watcher.start();
    return this;
  }

  private Map<String, S3Object> newObjects() {
    Map<String, S3Object> found = new HashMap<>();
    s3
        .listObjectsV2Paginator(
            b -> b.bucket(JobsAwsResources.BUCKET).prefix(JobsAwsResources.INGEST_PREFIX))
        .contents()
        .stream()
        .filter(object -> object.key().endsWith(SUFFIX))
        .filter(object -> !version(object).equals(seen.get(object.key())))
        .forEach(
            object -> {
              seen.put(object.key(), version(object));
              found.put(object.key(), object);
            });
    return found;
  }

  /** An unversioned bucket's stand-in for a version: the same bytes written again are new. */
  private static String version(S3Object object) {
    return object.eTag() + "@" + object.lastModified();
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
