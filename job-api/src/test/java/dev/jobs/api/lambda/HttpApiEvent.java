package dev.jobs.api.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * An API Gateway HTTP API (payload format 2.0) event as job_api_gw sends it: route {@code ANY
 * /{proxy+}} on stage {@code dev}, with {@code overwrite:path = $request.path}, so {@code rawPath}
 * lacks the stage while {@code requestContext.http.path} has it.
 */
public final class HttpApiEvent {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String method;
  private final String path;
  private String query = "";
  private final Map<String, String> headers = new LinkedHashMap<>();
  private String body;
  private boolean base64;

  private HttpApiEvent(String method, String path) {
    this.method = method;
    this.path = path;
    headers.put("accept", "*/*");
    headers.put("host", "abc123.execute-api.eu-west-1.amazonaws.com");
    headers.put("user-agent", "curl/8.5.0");
    headers.put("x-forwarded-for", "203.0.113.7");
    headers.put("x-forwarded-port", "443");
    headers.put("x-forwarded-proto", "https");
  }

  public static HttpApiEvent request(String method, String path) {
    return new HttpApiEvent(method, path);
  }

  public HttpApiEvent query(String rawQuery) {
    this.query = rawQuery;
    return this;
  }

  /** API Gateway lowercases header names. */
  HttpApiEvent header(String name, String value) {
    headers.put(name.toLowerCase(Locale.ROOT), value);
    return this;
  }

  HttpApiEvent json(String json) {
    header("content-type", "application/json");
    this.body = json;
    return this;
  }

  /** A body API Gateway does not take for text (any type it does not know), sent as base64. */
  HttpApiEvent binary(String contentType, byte[] bytes) {
    header("content-type", contentType);
    this.body = Base64.getEncoder().encodeToString(bytes);
    this.base64 = true;
    return this;
  }

  HttpApiEvent body(String contentType, String text) {
    header("content-type", contentType);
    this.body = text;
    return this;
  }

  public byte[] toJson() {
    Instant now = Instant.now();
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "2.0");
    event.put("routeKey", "ANY /{proxy+}");
    event.put("rawPath", path);
    event.put("rawQueryString", query);
    ObjectNode headerNode = event.putObject("headers");
    headers.forEach(headerNode::put);
    if (!query.isEmpty()) {
      ObjectNode parameters = event.putObject("queryStringParameters");
      for (String pair : query.split("&")) {
        String[] nameValue = pair.split("=", 2);
        parameters.put(decode(nameValue[0]), nameValue.length > 1 ? decode(nameValue[1]) : "");
      }
    }
    ObjectNode context = event.putObject("requestContext");
    context.put("accountId", "123456789012");
    context.put("apiId", "abc123");
    context.put("domainName", "abc123.execute-api.eu-west-1.amazonaws.com");
    context.put("domainPrefix", "abc123");
    ObjectNode http = context.putObject("http");
    http.put("method", method);
    http.put("path", "/dev" + path);
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "203.0.113.7");
    http.put("userAgent", "curl/8.5.0");
    context.put("requestId", UUID.randomUUID().toString().substring(0, 16) + "=");
    context.put("routeKey", "ANY /{proxy+}");
    context.put("stage", "dev");
    context.put("time", "28/Nov/2026:10:00:00 +0000");
    context.put("timeEpoch", now.toEpochMilli());
    event.putObject("pathParameters").put("proxy", path.substring(1));
    if (body != null) {
      event.put("body", body);
    }
    event.put("isBase64Encoded", base64);
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String decode(String text) {
    return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
