package dev.jobs.localaws;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback ports for the emulators and the servers the tooling starts. */
public final class Ports {

  private Ports() {}

  /** Where the kernel's ephemeral range starts when /proc does not say (Linux's default). */
  private static final int EPHEMERAL_DEFAULT = 32_768;

  /** The lowest port handed out: above the well-known and the run's own fixed ports. */
  private static final int LOWEST = 10_000;

  private static final int EPHEMERAL_START = ephemeralRangeStart();

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /**
   * A loopback port that was free a moment ago, for a server that cannot report the one it bound.
   * It lies below the kernel's ephemeral range: a port the kernel hands out (what {@code new
   * ServerSocket(0)} gets) could be taken, before the server binds it, by any outgoing connection
   * on this machine, and once was (a test's S3Mock failed to bind). Never the same one twice in
   * this JVM; from a random start, so that JVMs starting servers at once seldom meet.
   */
  public static int free() {
    int span = EPHEMERAL_START - LOWEST;
    int first = ThreadLocalRandom.current().nextInt(span);
    for (int i = 0; i < span; i++) {
      int port = LOWEST + (first + i) % span;
      if (HANDED_OUT.contains(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
        HANDED_OUT.add(port);
        return port;
      } catch (IOException inUse) {
        // Try the next one.
      }
    }
    throw new IllegalStateException("no free port on loopback below " + EPHEMERAL_START);
  }

  private static int ephemeralRangeStart() {
    try {
      // Read by lines: Files.readString trusts the size /proc reports (0) and reads one byte.
      String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0);
      return Integer.parseInt(range.strip().split("\\s+")[0]);
    } catch (IOException | RuntimeException notLinux) {
      return EPHEMERAL_DEFAULT;
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
