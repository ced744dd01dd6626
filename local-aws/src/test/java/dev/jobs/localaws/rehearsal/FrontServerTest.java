package dev.jobs.localaws.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.jobs.localaws.junit.LoggedEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * A front passes what it does not change byte for byte, both ways: the emulator behind it sees the
 * request as its caller wrote it, and the caller the emulator's answer. The emulator here is a
 * socket that records each request and answers as it is told, closing the connection after each
 * answer if asked (as an emulator timing out an idle connection does).
 */
class FrontServerTest {

  private static final byte[] GZIPPED = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0};

  private final HttpClient caller = HttpClient.newHttpClient();
  private RecordingEmulator emulator;
  private FrontServer front;

  @AfterEach
  void stop() throws IOException {
    front.close();
    emulator.close();
  }

  @Test
  void theEmulatorSeesThePathQueryHeadersAndBodyAsSent() throws Exception {
    start(false, "content-encoding: gzip\r\nx-amz-crc32: 42\r\n", GZIPPED);
    String target = "/job-offers/job_offers/na%C3%AFve%20file%2B1.csv?prefix=a%2Fb&list-type=2";

    HttpResponse<byte[]> answer =
        caller.send(
            HttpRequest.newBuilder(front.endpoint().resolve(target))
                .header("X-Amz-Target", "DynamoDB_20120810.GetItem")
                .POST(BodyPublishers.ofString("{\"é\":1}"))
                .build(),
            BodyHandlers.ofByteArray());

    RecordingEmulator.Request seen = emulator.requests.get(0);
    assertThat(seen.line()).isEqualTo("POST " + target + " HTTP/1.1");
    assertThat(seen.headers()).contains("x-amz-target: DynamoDB_20120810.GetItem");
    assertThat(new String(seen.body(), StandardCharsets.UTF_8)).isEqualTo("{\"é\":1}");
    // Neither decompressed nor stripped of what the SDK checks.
    assertThat(answer.body()).isEqualTo(GZIPPED);
    assertThat(answer.headers().firstValue("content-encoding")).hasValue("gzip");
    assertThat(answer.headers().firstValue("x-amz-crc32")).hasValue("42");
  }

  @Test
  void anEmptyPutStillSaysItsLength() throws Exception {
    start(false, "", new byte[0]);

    caller.send(
        HttpRequest.newBuilder(front.endpoint().resolve("/job-offers/empty.csv"))
            .PUT(BodyPublishers.noBody())
            .build(),
        BodyHandlers.discarding());

    assertThat(emulator.requests.get(0).headers()).contains("content-length: 0");
  }

  @Test
  void aHeadAnswerKeepsTheLengthOfWhatItDescribes() throws Exception {
    start(false, "content-length: 1234\r\n", null);

    HttpResponse<Void> answer =
        caller.send(
            HttpRequest.newBuilder(front.endpoint().resolve("/job-offers/big.csv"))
                .method("HEAD", BodyPublishers.noBody())
                .build(),
            BodyHandlers.discarding());

    assertThat(answer.headers().firstValue("content-length")).hasValue("1234");
  }

  @Test
  void aRequestOnAConnectionTheEmulatorHadClosedIsSentAgain() throws Exception {
    start(true, "", "ok".getBytes(StandardCharsets.US_ASCII));

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> answer =
          caller.send(
              HttpRequest.newBuilder(front.endpoint().resolve("/queue"))
                  .POST(BodyPublishers.ofString("Action=ReceiveMessage"))
                  .build(),
              BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("ok");
    }
    assertThat(emulator.requests).hasSize(3);
  }

  @Test
  void closingWithARequestInFlightIsNoErrorOfItsOwn() throws Exception {
    Set<Thread> othersExchanges = exchangeThreads();
    // An emulator that holds each request unanswered, as SQS holds a long poll.
    start(false, "", null, true);
    CompletableFuture<HttpResponse<Void>> polling =
        caller.sendAsync(
            HttpRequest.newBuilder(front.endpoint().resolve("/queue"))
                .POST(BodyPublishers.ofString("Action=ReceiveMessage&WaitTimeSeconds=20"))
                .build(),
            BodyHandlers.discarding());
    await().atMost(Duration.ofSeconds(5)).until(() -> !emulator.requests.isEmpty());

    List<ILoggingEvent> logged =
        LoggedEvents.during(
            Logger.ROOT_LOGGER_NAME,
            () -> {
              front.close();
              // Until this front's exchange has ended, whatever it had to say.
              await()
                  .atMost(Duration.ofSeconds(5))
                  .until(() -> othersExchanges.containsAll(exchangeThreads()));
            });

    // Stopping the run is not a failure to report: an operator reading the log would look for one.
    assertThat(logged)
        .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
        .extracting(ILoggingEvent::getFormattedMessage)
        .isEmpty();
    // Whoever was waiting is let go, with its connection closed.
    assertThat(polling).failsWithin(Duration.ofSeconds(5));
  }

  /** The threads on which fronts exchange requests with their emulators. */
  private static Set<Thread> exchangeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().matches("front-\\d+-\\d+"))
        .collect(Collectors.toSet());
  }

  private void start(boolean closeAfterEachAnswer, String headers, byte[] body) throws IOException {
    start(closeAfterEachAnswer, headers, body, false);
  }

  private void start(boolean closeAfterEachAnswer, String headers, byte[] body, boolean hold)
      throws IOException {
    emulator = new RecordingEmulator(closeAfterEachAnswer, headers, body, hold);
    front = FrontServer.start(0, emulator.endpoint(), () -> Front.THROUGH);
  }

  /** An HTTP/1.1 server on a socket, one connection at a time. */
  private static final class RecordingEmulator implements AutoCloseable {

    record Request(String line, List<String> headers, byte[] body) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final boolean closeAfterEachAnswer;
    private final String headers;
    private final byte[] body;
    private final boolean hold;

    /**
     * @param body the answer's body, or null for none (its length then only in {@code headers})
     * @param hold whether to leave each request unanswered until the connection closes
     */
    RecordingEmulator(boolean closeAfterEachAnswer, String headers, byte[] body, boolean hold)
        throws IOException {
      this.closeAfterEachAnswer = closeAfterEachAnswer;
      this.headers = headers;
      this.body = body;
      this.hold = hold;
      Thread server = new Thread(this::serve, "emulator");
      server.setDaemon(true);
      server.start();
    }

    URI endpoint() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (Socket connection = socket.accept()) {
          InputStream in = connection.getInputStream();
          OutputStream out = connection.getOutputStream();
          Request request;
          while ((request = read(in)) != null) {
            requests.add(request);
            if (hold) {
              in.transferTo(OutputStream.nullOutputStream());
              break;
            }
            String head =
                "HTTP/1.1 200 OK\r\n"
                    + headers
                    + (body == null ? "" : "content-length: " + body.length + "\r\n")
                    + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            if (body != null && !request.line().startsWith("HEAD")) {
              out.write(body);
            }
            out.flush();
            if (closeAfterEachAnswer) {
              break;
            }
          }
        } catch (IOException closed) {
          // The front closed the connection, or the test the server.
        }
      }
    }

    /** The next request on the connection, or null at its end. */
    private static Request read(InputStream in) throws IOException {
      String line = readLine(in);
      if (line == null || line.isEmpty()) {
        return null;
      }
      // Each header as "name: value", the name in lower case.
      List<String> headers = new ArrayList<>();
      int length = 0;
      for (String header = readLine(in);
          header != null && !header.isEmpty();
          header = readLine(in)) {
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).strip();
        headers.add(name + ": " + value);
        if (name.equals("content-length")) {
          length = Integer.parseInt(value);
        }
      }
      return new Request(line, headers, in.readNBytes(length));
    }

    private static String readLine(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != -1; b = in.read()) {
        if (b == '\n') {
          return line.toString(StandardCharsets.UTF_8).stripTrailing();
        }
        line.write(b);
      }
      return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
