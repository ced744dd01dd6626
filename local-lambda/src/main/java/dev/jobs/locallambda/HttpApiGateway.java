package dev.jobs.locallambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jobs.localaws.LocalAws;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * job_api_gw on this machine: an HTTP API with stage {@code dev} and the {@link #ROUTES} of
 * terraform/, whose AWS_PROXY integration (payload format 2.0, {@code overwrite:path =
 * $request.path}) invokes a Lambda handler. A route with {@code AWS_IAM} authorization takes only
 * requests signed (Signature Version 4, service {@code execute-api}) with the local credentials
 * ({@link LocalAws#CREDENTIALS}) and answers others 403 with API Gateway's message. Requests become
 * the events API Gateway sends; the handler's answers become HTTP responses.
 */
public final class HttpApiGateway implements AutoCloseable {

  public static final String STAGE = HttpApiEvent.STAGE;

  /**
   * The routes of terraform/ (the Terraform tests check that the two agree), in API Gateway's order
   * of precedence: a method before ANY, a literal path before a greedy one. Writes need a
   * signature; reads, Swagger UI and every other path are public.
   */
  public static final List<Route> ROUTES =
      List.of(
          new Route("POST /v1/jobs", Route.AWS_IAM),
          new Route("PUT /v1/jobs/{id}", Route.AWS_IAM),
          new Route("DELETE /v1/jobs/{id}", Route.AWS_IAM),
          new Route("ANY /{proxy+}", Route.NONE));

  private static final Logger log = LoggerFactory.getLogger(HttpApiGateway.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "/" + STAGE + "/";

  /** Content types API Gateway passes to Lambda as text; any other body is base64. */
  private static final List<String> TEXT_TYPES =
      List.of(
          "text/",
          "application/json",
          "application/problem+json",
          "application/xml",
          "application/javascript",
          "application/x-www-form-urlencoded");

  /** Headers the gateway sets itself, whatever the client sent. */
  private static final List<String> GATEWAY_SET =
      List.of("content-type", "x-forwarded-proto", "x-forwarded-port");

  private final HttpServer server;
  private final RequestStreamHandler handler;
  private final ExecuteApiSignatures signatures =
      new ExecuteApiSignatures(
          LocalAws.CREDENTIALS.resolveCredentials(), LocalAws.REGION.id(), Clock.systemUTC());

  private HttpApiGateway(HttpServer server, RequestStreamHandler handler) {
    this.server = server;
    this.handler = handler;
  }

  /** Serves on the port (0: a free one) of the loopback interface. */
  public static HttpApiGateway start(int port, RequestStreamHandler handler) throws IOException {
    HttpServer server = LoopbackServer.create(port);
    HttpApiGateway gateway = new HttpApiGateway(server, handler);
    server.createContext("/", gateway::serve);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    return gateway;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        forward(exchange);
      } catch (RuntimeException e) {
        // Inside the try that closes the exchange: a closed one could not answer.
        log.error("the integration failed", e);
        respond(exchange, 500, "application/json", message("Internal Server Error"));
      }
    }
  }

  private void forward(HttpExchange exchange) throws IOException {
    String rawPath = exchange.getRequestURI().getRawPath();
    if (!rawPath.startsWith(PREFIX)) {
      // What API Gateway answers for a stage or route it does not have.
      respond(exchange, 404, "application/json", message("Not Found"));
      return;
    }
    String path = rawPath.substring(PREFIX.length() - 1);
    String method = exchange.getRequestMethod();
    Route route = ROUTES.stream().filter(r -> r.matches(method, path)).findFirst().orElseThrow();
    byte[] body = exchange.getRequestBody().readAllBytes();
    HttpApiEvent event = event(exchange, path, body).route(route.key(), route.parameters(path));
    if (route.authorization().equals(Route.AWS_IAM)) {
      Optional<String> refusal =
          signatures.refusal(method, requestUri(exchange), exchange.getRequestHeaders(), body);
      if (refusal.isPresent()) {
        respond(exchange, 403, "application/json", message(refusal.get()));
        return;
      }
      event.iamCaller(LocalAws.CREDENTIALS.resolveCredentials().accessKeyId());
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event.toJson()), output, null);
    JsonNode response = JSON.readTree(output.toByteArray());
    response
        .path("headers")
        .fields()
        .forEachRemaining(
            header ->
                exchange.getResponseHeaders().add(header.getKey(), header.getValue().asText()));
    response
        .path("multiValueHeaders")
        .fields()
        .forEachRemaining(
            header ->
                header
                    .getValue()
                    .forEach(
                        value -> {
                          if (!exchange.getResponseHeaders().containsKey(header.getKey())) {
                            exchange.getResponseHeaders().add(header.getKey(), value.asText());
                          }
                        }));
    response
        .path("cookies")
        .forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie.asText()));
    String answer = response.path("body").isNull() ? "" : response.path("body").asText("");
    byte[] bytes =
        response.path("isBase64Encoded").asBoolean()
            ? Base64.getDecoder().decode(answer)
            : answer.getBytes(StandardCharsets.UTF_8);
    int status = response.path("statusCode").asInt(502);
    exchange.sendResponseHeaders(status, status == 204 || bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0 && status != 204) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The event of a request to {@code path}, the path without the stage. */
  private static HttpApiEvent event(HttpExchange exchange, String path, byte[] body) {
    // overwrite:path = $request.path: the integration sees the path without the stage.
    HttpApiEvent event =
        HttpApiEvent.request(exchange.getRequestMethod(), path)
            .query(exchange.getRequestURI().getRawQuery())
            .protocol(exchange.getProtocol())
            .sourceIp(exchange.getRemoteAddress().getAddress().getHostAddress());
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (host != null) {
      event.domainName(host.replaceFirst(":\\d+$", ""));
    }
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (name.equalsIgnoreCase("cookie")) {
                values.forEach(line -> List.of(line.split(";\\s*")).forEach(event::cookie));
              } else if (!GATEWAY_SET.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> event.header(name, value));
              }
            });
    event
        .header("x-forwarded-proto", "http")
        .header("x-forwarded-port", String.valueOf(exchange.getLocalAddress().getPort()))
        .header("x-forwarded-for", exchange.getRemoteAddress().getAddress().getHostAddress());
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    Optional<String> text = isText(contentType) ? utf8(body) : Optional.empty();
    if (body.length > 0 && text.isPresent()) {
      event.body(contentType, text.get());
    } else if (body.length > 0) {
      // Bytes that are not UTF-8 go as they are (base64): decoded here, they would become U+FFFD,
      // and the app would store what the client never sent.
      event.binary(contentType, body);
    } else if (contentType != null) {
      event.header("content-type", contentType);
    }
    return event;
  }

  /** The URI the client addressed, as it signed it. */
  private static URI requestUri(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    return URI.create(
        "http://"
            + host
            + exchange.getRequestURI().getRawPath()
            + (exchange.getRequestURI().getRawQuery() == null
                ? ""
                : "?" + exchange.getRequestURI().getRawQuery()));
  }

  /** API Gateway's own error body. */
  private static byte[] message(String message) {
    return JSON.createObjectNode()
        .put("message", message)
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The bytes as UTF-8 text, if they are that. */
  private static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static boolean isText(String contentType) {
    if (contentType == null) {
      return true;
    }
    String type = contentType.toLowerCase(Locale.ROOT);
    return TEXT_TYPES.stream().anyMatch(type::startsWith);
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
