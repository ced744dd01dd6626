package dev.jobs.locallambda;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The JDK's HTTP server on loopback, as every stand-in for an AWS endpoint here serves. */
public final class LoopbackServer {

  static {
    // Without TCP_NODELAY, each kept-alive exchange waits on Nagle and delayed ACKs: about 40 ms,
    // which made every Lambda invocation and gateway request 40 ms slower. The JDK reads this
    // once, as its first server starts, and offers no setting per server.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private LoopbackServer() {}

  /** A server on the port (0: a free one) of 127.0.0.1, not started. */
  public static HttpServer create(int port) throws IOException {
    return HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
  }
}
