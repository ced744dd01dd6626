package dev.jobs.locallambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.jobs.localaws.junit.LoggedEvents;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The watch stopped while it lists the bucket, as the local run is by Ctrl-C: the listing cut short
 * is no failure to report. The bucket here is a socket that holds the listing unanswered until the
 * test lets it go.
 */
class S3NotificationsTest {

  @Test
  void aListingCutShortByTheStopIsNoFailure() throws Exception {
    try (ServerSocket bucket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        S3Client s3 =
            S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + bucket.getLocalPort()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .forcePathStyle(true)
                .build()) {
      S3Notifications notifications =
          new S3Notifications(s3, "job_offers/", (event, context) -> null, null, () -> {}).start();
      Socket listing = bucket.accept();
      // The request has arrived: the watch is inside the SDK's call.
      assertThat(listing.getInputStream().read()).isNotNegative();

      List<ILoggingEvent> logged =
          LoggedEvents.during(
              S3Notifications.class.getName(),
              () -> {
                CompletableFuture<Void> closing =
                    CompletableFuture.runAsync(
                        () -> {
                          try {
                            notifications.close();
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                        });
                // The stop interrupts the watch; the connection it waits on then ends, as S3's
                // would.
                await().atMost(Duration.ofSeconds(5)).until(S3NotificationsTest::watchInterrupted);
                listing.close();
                closing.get(10, TimeUnit.SECONDS);
              });

      assertThat(logged)
          .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
          .extracting(ILoggingEvent::getFormattedMessage)
          .isEmpty();
    }
  }

  /** Whether the watch's thread has been interrupted, or has ended. */
  private static boolean watchInterrupted() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("s3-notifications"))
        .allMatch(Thread::isInterrupted);
  }
}
