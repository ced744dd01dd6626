package dev.jobs.locallambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The credentials endpoint Lambda gives a SnapStart function instead of credentials in its
 * environment, so that none is frozen in a snapshot: {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} on
 * loopback, answering with temporary credentials a request that carries {@code
 * AWS_CONTAINER_AUTHORIZATION_TOKEN} in its Authorization header, and refusing any other.
 */
public final class ContainerCredentials implements AutoCloseable {

  private final HttpServer server;
  private final String token = UUID.randomUUID().toString();
  private final AtomicInteger served = new AtomicInteger();

  private ContainerCredentials(HttpServer server) {
    this.server = server;
  }

  public static ContainerCredentials start() throws IOException {
    HttpServer server = LoopbackServer.create(0);
    ContainerCredentials credentials = new ContainerCredentials(server);
    server.createContext("/", credentials::serve);
    server.start();
    return credentials;
  }

  /** The variables Lambda sets for a SnapStart function, to find this endpoint. */
  public Map<String, String> environment() {
    return Map.of(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "http://127.0.0.1:" + server.getAddress().getPort() + "/2018-06-01/credentials",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN",
        token);
  }

  /** How many times credentials were handed out. */
  public int served() {
    return served.get();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!token.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.sendResponseHeaders(403, -1);
        return;
      }
      String expiration = Instant.now().plus(1, ChronoUnit.HOURS).toString();
      byte[] body =
          """
          {"AccessKeyId":"%s","SecretAccessKey":"local","Token":"local-session","Expiration":"%s"}"""
              .formatted("ASIALOCALSNAPSTART", expiration)
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
      served.incrementAndGet();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
