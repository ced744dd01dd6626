package dev.jobs.api.lambda;

import com.amazonaws.serverless.exceptions.ContainerInitializationException;
import com.amazonaws.serverless.proxy.internal.LambdaContainerHandler;
import com.amazonaws.serverless.proxy.model.AwsProxyResponse;
import com.amazonaws.serverless.proxy.model.HttpApiV2AuthorizerMap;
import com.amazonaws.serverless.proxy.model.HttpApiV2ProxyRequest;
import com.amazonaws.serverless.proxy.spring.SpringBootLambdaContainerHandler;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.jobs.api.JobApiApplication;
import dev.jobs.api.web.ProblemHandler;
import dev.jobs.logging.LambdaLogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * job_api_lambda's entry point: API Gateway HTTP API (payload 2.0) events through the Spring app.
 * The app is built once per container, in the static initialiser (so SnapStart snapshots it); if
 * that fails, the error propagates and Lambda starts a fresh container.
 */
public class StreamLambdaHandler implements RequestStreamHandler {

  private static final SpringBootLambdaContainerHandler<HttpApiV2ProxyRequest, AwsProxyResponse>
      HANDLER;
  private static final ObjectReader EVENTS =
      LambdaContainerHandler.getObjectMapper().readerFor(HttpApiV2ProxyRequest.class);
  private static final ObjectWriter RESPONSES =
      LambdaContainerHandler.getObjectMapper().writerFor(AwsProxyResponse.class);

  static final String UNSIGNED_WRITE =
      "Creating, replacing and deleting jobs need a request signed with AWS Signature Version 4.";

  /** Headers by which a client could make the app link to another host or path. */
  private static final List<String> CLIENT_FORWARDING =
      List.of(
          "forwarded",
          "x-forwarded-host",
          "x-forwarded-server",
          "x-forwarded-prefix",
          "x-forwarded-ssl");

  /** Held here because CRaC keeps only weak references to its resources. */
  private static final Priming PRIMING;

  static {
    // A text body whose type names no charset (Swagger UI's scripts and styles, problem+json) is
    // decoded with this before it goes into the event; ISO-8859-1, the default, mangles UTF-8.
    // Bodies that are not valid UTF-8 are sent base64-encoded whatever this says.
    LambdaContainerHandler.getContainerConfig()
        .setDefaultContentCharset(StandardCharsets.UTF_8.name());
    try {
      HANDLER = SpringBootLambdaContainerHandler.getHttpApiV2ProxyHandler(JobApiApplication.class);
    } catch (ContainerInitializationException e) {
      throw new IllegalStateException("cannot start the job API", e);
    }
    PRIMING = Priming.register(StreamLambdaHandler::handleJson);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    try (LambdaLogContext invocation = LambdaLogContext.open(context)) {
      HttpApiV2ProxyRequest event = EVENTS.readValue(input);
      RESPONSES.writeValue(output, handle(event, context));
    }
  }

  /**
   * An event the way {@link #handleRequest} takes it: written as Lambda's JSON, read back, and the
   * response written as JSON too, so that priming warms the event's reading and the response's
   * writing as well (without them, the first invocation after a restore took 2.3 times a warm one).
   */
  static AwsProxyResponse handleJson(HttpApiV2ProxyRequest event, Context context) {
    try {
      byte[] json = LambdaContainerHandler.getObjectMapper().writeValueAsBytes(event);
      AwsProxyResponse response = handle(EVENTS.readValue(json), context);
      RESPONSES.writeValueAsBytes(response);
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static AwsProxyResponse handle(HttpApiV2ProxyRequest event, Context context) {
    withGatewayHeaders(event);
    if (!isExact(event.getRawPath())) {
      return problem(event, 404, "Not Found", ProblemHandler.NOTHING_HERE);
    }
    if (isUnsignedWrite(event)) {
      return problem(event, 403, "Forbidden", UNSIGNED_WRITE);
    }
    event.setRawQueryString(readableQuery(event.getRawQueryString()));
    return HANDLER.proxy(event, context);
  }

  /**
   * Whether the path is one the app may answer. The container drops a trailing slash and merges
   * slashes before the app sees the path: {@code /v1/jobs/} listed jobs, {@code /v1//jobs} too, and
   * the client's {@code getJob("")} read a page as a job. The contract has no such paths.
   */
  static boolean isExact(String rawPath) {
    return rawPath == null
        || rawPath.equals("/")
        || (!rawPath.endsWith("/") && !rawPath.contains("//"));
  }

  /**
   * Whether a write came by a route without AWS_IAM authorization. The gateway refuses unsigned
   * writes on the write routes; a path that the app reads as a write route but the gateway routes
   * elsewhere (such as {@code POST /v1/jobs;x}, which Spring matches to {@code /v1/jobs}) reaches
   * the app through the public {@code ANY /{proxy+}}, and is refused here.
   */
  static boolean isUnsignedWrite(HttpApiV2ProxyRequest event) {
    String method =
        event.getRequestContext() == null || event.getRequestContext().getHttp() == null
            ? null
            : event.getRequestContext().getHttp().getMethod();
    boolean write = "POST".equals(method) || "PUT".equals(method) || "DELETE".equals(method);
    HttpApiV2AuthorizerMap authorizer =
        event.getRequestContext() == null ? null : event.getRequestContext().getAuthorizer();
    return write && (authorizer == null || !authorizer.isIam());
  }

  /** A problem answered before the app, for a request it must not or cannot see as sent. */
  private static AwsProxyResponse problem(
      HttpApiV2ProxyRequest event, int status, String title, String detail) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    String prefix = event.getHeaders().getOrDefault("x-forwarded-prefix", "");
    problem.put("instance", prefix + event.getRawPath());
    AwsProxyResponse response = new AwsProxyResponse(status);
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/problem+json");
    String requestId = event.getHeaders().get("x-request-id");
    if (requestId != null) {
      headers.put("X-Request-Id", requestId);
    }
    response.setHeaders(headers);
    try {
      response.setBody(LambdaContainerHandler.getObjectMapper().writeValueAsString(problem));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return response;
  }

  /**
   * The query string as the container can read it. It cuts each pair at every '=' and fails on a
   * pair without a name: {@code ?=} answered 502 on every route, {@code ?city=a=b} read an empty
   * city. Here a pair is cut at its first '=' only (the value's own are encoded) and pairs without
   * a name are left out, as servlet containers read them.
   */
  static String readableQuery(String raw) {
    if (raw == null || raw.isEmpty()) {
      return raw;
    }
    StringJoiner pairs = new StringJoiner("&");
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      if (!name.isEmpty()) {
        pairs.add(equals < 0 ? pair : name + "=" + pair.substring(equals + 1).replace("=", "%3D"));
      }
    }
    return pairs.toString();
  }

  /**
   * Tells the app where the client called, from the gateway alone, so that {@code Location} and
   * every link point at the gateway's own domain and stage: the host is the request context's
   * domain; the prefix its stage (the gateway strips it from the path: {@code overwrite:path =
   * $request.path}); the scheme and port the ones the gateway sets (the last of a list, the one it
   * added). Headers by which a client could name another host are dropped. The request id is the
   * gateway's too. All of these replace whatever the client sent.
   */
  static HttpApiV2ProxyRequest withGatewayHeaders(HttpApiV2ProxyRequest event) {
    Map<String, String> headers =
        event.getHeaders() == null ? new HashMap<>() : new HashMap<>(event.getHeaders());
    CLIENT_FORWARDING.forEach(headers::remove);
    headers.computeIfPresent(
        "x-forwarded-proto", (name, value) -> last(value).equals("http") ? "http" : "https");
    headers.computeIfPresent(
        "x-forwarded-port", (name, value) -> last(value).matches("\\d{1,5}") ? last(value) : null);
    if (event.getRequestContext() != null) {
      String domain = event.getRequestContext().getDomainName();
      if (domain != null && !domain.isEmpty()) {
        headers.put("host", domain);
      }
      String stage = event.getRequestContext().getStage();
      if (stage != null && !stage.isEmpty() && !"$default".equals(stage)) {
        headers.put("x-forwarded-prefix", "/" + stage);
      }
      if (event.getRequestContext().getRequestId() != null) {
        headers.put("x-request-id", event.getRequestContext().getRequestId());
      }
    }
    event.setHeaders(headers);
    return event;
  }

  private static String last(String list) {
    return list.substring(list.lastIndexOf(',') + 1).strip();
  }

  /** Runs the priming requests now, as SnapStart would before its snapshot (for the tests). */
  static void prime() {
    PRIMING.prime();
  }
}
