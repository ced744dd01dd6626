package dev.jobs.infrastructure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * moto's server (Python, installed with pip as {@code moto[server]}): an emulator of the AWS APIs
 * that the local stack lacks, here Lambda's and IAM's, for the deploy scripts. A child process on a
 * free port of the loopback interface.
 */
final class MotoServer implements AutoCloseable {

  private final Process process;
  private final URI endpoint;

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  static MotoServer start() throws IOException, InterruptedException {
    if (!Commands.onPath("moto_server")) {
      throw new IllegalStateException("moto_server is not on the PATH: pip install 'moto[server]'");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process =
        new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!accepts(port)) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        server.close();
        throw new IllegalStateException("moto_server did not start on port " + port);
      }
      Thread.sleep(100);
    }
    return server;
  }

  URI endpoint() {
    return endpoint;
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.destroy();
  }
}
