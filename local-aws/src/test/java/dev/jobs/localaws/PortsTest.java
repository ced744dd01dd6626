package dev.jobs.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PortsTest {

  /**
   * The ports handed out lie outside the kernel's ephemeral range, which any outgoing connection
   * may take between the choice and the bind (a test's S3Mock once failed so), and can be bound.
   */
  @Test
  void freePortsAreBelowTheEphemeralRangeDistinctAndBindable() throws IOException {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    int ephemeralStart =
        Files.exists(range)
            ? Integer.parseInt(Files.readAllLines(range).get(0).strip().split("\\s+")[0])
            : 32_768;

    List<Integer> ports = IntStream.range(0, 50).map(i -> Ports.free()).boxed().toList();

    assertThat(ports)
        .doesNotHaveDuplicates()
        .allSatisfy(port -> assertThat(port).isBetween(10_000, ephemeralStart - 1));
    for (int port : ports.subList(0, 5)) {
      try (ServerSocket socket = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
  }
}
