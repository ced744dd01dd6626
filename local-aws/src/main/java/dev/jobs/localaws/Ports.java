package dev.jobs.localaws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;

/** Loopback ports for the emulators and the servers the tooling starts. */
public final class Ports {

  private Ports() {}

  /** A port that was free a moment ago, for a server that cannot report the one it bound. */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    }
  }

  /**
   * Fails with a message that says what to do if the port is taken, rather than letting a service
   * fail to bind, or a client talk to whatever holds the port.
   */
  static void requireFree(int port, String service) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException taken) {
      throw new IllegalStateException(
          "port "
              + port
              + " ("
              + service
              + ") is in use: stop what holds it (`ss -ltnp 'sport = :"
              + port
              + "'` names it), or choose another port");
    }
  }

  /** Whether something accepts connections on the port within the timeout. */
  public static boolean awaitListening(int port, Duration timeout, Process process)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline) && (process == null || process.isAlive())) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      } catch (IOException notYet) {
        Thread.sleep(25);
      }
    }
    return false;
  }
}
