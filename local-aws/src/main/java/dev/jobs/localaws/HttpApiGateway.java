package dev.jobs.localaws;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * job_api_gw on this machine: an HTTP API with stage {@code dev} and route {@code ANY /{proxy+}},
 * whose AWS_PROXY integration (payload format 2.0, {@code overwrite:path = $request.path}) invokes
 * a Lambda handler in this JVM. Requests become the events API Gateway sends; the handler's answers
 * become HTTP responses.
 */
public final class HttpApiGateway implements AutoCloseable {

  public static final String STAGE = "dev";

  private static final Logger log = LoggerFactory.getLogger(HttpApiGateway.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);
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

  private final HttpServer server;
  private final RequestStreamHandler handler;

  private HttpApiGateway(HttpServer server, RequestStreamHandler handler) {
    this.server = server;
    this.handler = handler;
  }

  /** Serves on the port (0: a free one) of the loopback interface. */
  public static HttpApiGateway start(int port, RequestStreamHandler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
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
      String rawPath = exchange.getRequestURI().getRawPath();
      if (!rawPath.startsWith(PREFIX)) {
        // What API Gateway answers for a stage or route it does not have.
        respond(
            exchange,
            404,
            "application/json",
            "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      handler.handleRequest(new ByteArrayInputStream(event(exchange, rawPath)), output, null);
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
      String body = response.path("body").isNull() ? "" : response.path("body").asText("");
      byte[] bytes =
          response.path("isBase64Encoded").asBoolean()
              ? Base64.getDecoder().decode(body)
              : body.getBytes(StandardCharsets.UTF_8);
      int status = response.path("statusCode").asInt(502);
      exchange.sendResponseHeaders(status, status == 204 || bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0 && status != 204) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (RuntimeException e) {
      log.error("the integration failed", e);
      respond(
          exchange,
          500,
          "application/json",
          "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static byte[] event(HttpExchange exchange, String rawPath) throws IOException {
    Instant now = Instant.now();
    String path = rawPath.substring(PREFIX.length() - 1); // overwrite:path = $request.path
    String query = exchange.getRequestURI().getRawQuery();
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "2.0");
    event.put("routeKey", "ANY /{proxy+}");
    event.put("rawPath", path);
    event.put("rawQueryString", query == null ? "" : query);
    ObjectNode headers = event.putObject("headers");
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("cookie")) {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
              }
            });
    headers.put("x-forwarded-proto", "http");
    headers.put("x-forwarded-port", String.valueOf(exchange.getLocalAddress().getPort()));
    headers.put("x-forwarded-for", exchange.getRemoteAddress().getAddress().getHostAddress());
    List<String> cookies = exchange.getRequestHeaders().get("Cookie");
    if (cookies != null) {
      var array = event.putArray("cookies");
      cookies.forEach(line -> List.of(line.split(";\\s*")).forEach(array::add));
    }
    if (query != null && !query.isEmpty()) {
      ObjectNode parameters = event.putObject("queryStringParameters");
      for (String pair : query.split("&")) {
        String[] nameValue = pair.split("=", 2);
        String name = decode(nameValue[0]);
        String value = nameValue.length > 1 ? decode(nameValue[1]) : "";
        // API Gateway joins repeated parameters with commas.
        parameters.put(
            name, parameters.has(name) ? parameters.get(name).asText() + "," + value : value);
      }
    }
    ObjectNode context = event.putObject("requestContext");
    context.put("accountId", LocalAws.ACCOUNT_ID);
    context.put("apiId", "local");
    String host = exchange.getRequestHeaders().getFirst("Host");
    context.put("domainName", host == null ? "localhost" : host);
    context.put("domainPrefix", "local");
    ObjectNode http = context.putObject("http");
    http.put("method", exchange.getRequestMethod());
    http.put("path", rawPath);
    http.put("protocol", exchange.getProtocol());
    http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
    http.put("userAgent", String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
    context.put("requestId", UUID.randomUUID().toString());
    context.put("routeKey", "ANY /{proxy+}");
    context.put("stage", STAGE);
    context.put("time", REQUEST_TIME.format(now));
    context.put("timeEpoch", now.toEpochMilli());
    event.putObject("pathParameters").put("proxy", path.substring(1));
    byte[] body = exchange.getRequestBody().readAllBytes();
    boolean text = isText(exchange.getRequestHeaders().getFirst("Content-Type"));
    if (body.length > 0) {
      event.put(
          "body",
          text
              ? new String(body, StandardCharsets.UTF_8)
              : Base64.getEncoder().encodeToString(body));
    }
    event.put("isBase64Encoded", body.length > 0 && !text);
    return JSON.writeValueAsBytes(event);
  }

  private static boolean isText(String contentType) {
    if (contentType == null) {
      return true;
    }
    String type = contentType.toLowerCase(Locale.ROOT);
    return TEXT_TYPES.stream().anyMatch(type::startsWith);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
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
