package dev.jobs.locallambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobs.localaws.LocalAws;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * An API Gateway HTTP API event (payload format 2.0) as job_api_gw sends it to its Lambda: on stage
 * {@code dev}, with {@code overwrite:path = $request.path}, so {@code rawPath} lacks the stage
 * while {@code requestContext.http.path} has it. Its route is the one of {@link
 * HttpApiGateway#ROUTES} that the request matches, with the local user as the caller where that
 * route is {@code AWS_IAM} (as after a valid signature), unless {@link #route} names another. The
 * one definition of that format for the local gateway and the tests; the job API's SnapStart
 * priming builds its requests from the container's model, which its PrimingTest compares with this.
 */
public final class HttpApiEvent {

  public static final String STAGE = "dev";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private final String method;
  private final String path;
  private String query = "";
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final List<String> cookies = new ArrayList<>();
  private String body;
  private boolean base64;
  private String domainName = "localhost";
  private String sourceIp = "127.0.0.1";
  private String protocol = "HTTP/1.1";
  private String requestId = UUID.randomUUID().toString();
  private String routeKey;
  private Map<String, String> pathParameters;
  private String iamAccessKey;

  private HttpApiEvent(String method, String path) {
    this.method = method;
    this.path = path;
  }

  /** A request for {@code path}, as the integration sees it (without the stage). */
  public static HttpApiEvent request(String method, String path) {
    return new HttpApiEvent(method, path);
  }

  public HttpApiEvent query(String rawQuery) {
    this.query = rawQuery == null ? "" : rawQuery;
    return this;
  }

  /**
   * API Gateway lowercases header names and joins repeated headers with commas; a header without a
   * value (such as a body's absent content type) is not sent.
   */
  public HttpApiEvent header(String name, String value) {
    if (value != null) {
      headers.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + "," + b);
    }
    return this;
  }

  public HttpApiEvent cookie(String cookie) {
    cookies.add(cookie);
    return this;
  }

  public HttpApiEvent json(String json) {
    return body("application/json", json);
  }

  public HttpApiEvent body(String contentType, String text) {
    header("content-type", contentType);
    this.body = text;
    this.base64 = false;
    return this;
  }

  /** A body of a type API Gateway does not pass as text: sent base64-encoded. */
  public HttpApiEvent binary(String contentType, byte[] bytes) {
    header("content-type", contentType);
    this.body = Base64.getEncoder().encodeToString(bytes);
    this.base64 = true;
    return this;
  }

  public HttpApiEvent domainName(String domainName) {
    this.domainName = domainName;
    return this;
  }

  public HttpApiEvent sourceIp(String sourceIp) {
    this.sourceIp = sourceIp;
    return this;
  }

  public HttpApiEvent requestId(String requestId) {
    this.requestId = requestId;
    return this;
  }

  public HttpApiEvent protocol(String protocol) {
    this.protocol = protocol;
    return this;
  }

  /** The route that matched, and its path parameters; the caller only as {@link #iamCaller}. */
  public HttpApiEvent route(String routeKey, Map<String, String> pathParameters) {
    this.routeKey = routeKey;
    this.pathParameters = pathParameters;
    return this;
  }

  /** The caller that an {@code AWS_IAM} route authorized: the local account's user. */
  public HttpApiEvent iamCaller(String accessKey) {
    this.iamAccessKey = accessKey;
    return this;
  }

  public byte[] toJson() {
    if (routeKey == null) {
      Route route =
          HttpApiGateway.ROUTES.stream()
              .filter(r -> r.matches(method, path))
              .findFirst()
              .orElseThrow();
      routeKey = route.key();
      pathParameters = route.parameters(path);
      if (route.authorization().equals(Route.AWS_IAM) && iamAccessKey == null) {
        iamAccessKey = LocalAws.CREDENTIALS.resolveCredentials().accessKeyId();
      }
    }
    Instant now = Instant.now();
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "2.0");
    event.put("routeKey", routeKey);
    event.put("rawPath", path);
    event.put("rawQueryString", query);
    if (!cookies.isEmpty()) {
      ArrayNode cookieNode = event.putArray("cookies");
      cookies.forEach(cookieNode::add);
    }
    ObjectNode headerNode = event.putObject("headers");
    headers.forEach(headerNode::put);
    if (!query.isEmpty()) {
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
    context.put("apiId", domainName.split("\\.")[0]);
    context.put("domainName", domainName);
    context.put("domainPrefix", domainName.split("\\.")[0]);
    ObjectNode http = context.putObject("http");
    http.put("method", method);
    http.put("path", "/" + STAGE + path);
    http.put("protocol", protocol);
    http.put("sourceIp", sourceIp);
    http.put("userAgent", headers.getOrDefault("user-agent", ""));
    context.put("requestId", requestId);
    context.put("routeKey", routeKey);
    if (iamAccessKey != null) {
      ObjectNode iam = context.putObject("authorizer").putObject("iam");
      iam.put("accessKey", iamAccessKey);
      iam.put("accountId", LocalAws.ACCOUNT_ID);
      iam.put("callerId", "AIDALOCALUSER");
      iam.putNull("cognitoIdentity");
      iam.putNull("principalOrgId");
      iam.put("userArn", "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":user/local");
      iam.put("userId", "AIDALOCALUSER");
    }
    context.put("stage", STAGE);
    context.put("time", REQUEST_TIME.format(now));
    context.put("timeEpoch", now.toEpochMilli());
    if (!pathParameters.isEmpty()) {
      // API Gateway leaves the field out for a route without parameters.
      ObjectNode pathNode = event.putObject("pathParameters");
      pathParameters.forEach(pathNode::put);
    }
    if (body != null) {
      event.put("body", body);
    }
    event.put("isBase64Encoded", base64);
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
