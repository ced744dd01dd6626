package dev.jobs.locallambda.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How Lambda invokes a function asynchronously (an S3 notification does): an invocation that fails
 * is retried twice, after a delay each time, and then its event goes to the function's on-failure
 * destination in Lambda's destination record, so that no failed event is dropped. It returns once
 * the event was handled or sent there.
 */
public final class AsyncInvocation<I> implements RequestHandler<I, Void> {

  private static final Logger log = LoggerFactory.getLogger(AsyncInvocation.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RequestHandler<I, ?> function;
  private final String functionArn;
  private final PojoSerializer<I> events;
  private final List<Duration> retryDelays;
  private final Consumer<String> onFailure;

  /**
   * @param retryDelays the wait before each retry: Lambda retries twice, about one then two minutes
   *     after a failure
   * @param onFailure sends a destination record to the on-failure destination
   */
  public AsyncInvocation(
      RequestHandler<I, ?> function,
      String functionName,
      Class<I> eventType,
      List<Duration> retryDelays,
      Consumer<String> onFailure) {
    this.function = function;
    this.functionArn = LambdaFunction.arn(functionName);
    this.events = LambdaEventSerializers.serializerFor(eventType, getClass().getClassLoader());
    this.retryDelays = List.copyOf(retryDelays);
    this.onFailure = onFailure;
  }

  @Override
  public Void handleRequest(I event, Context context) {
    RuntimeException failure = null;
    for (int attempt = 0; attempt <= retryDelays.size(); attempt++) {
      if (attempt > 0) {
        log.warn(
            "{} failed ({}); retry {} of {} in {}",
            functionArn,
            failure.getMessage(),
            attempt,
            retryDelays.size(),
            retryDelays.get(attempt - 1));
        sleep(retryDelays.get(attempt - 1));
      }
      try {
        function.handleRequest(event, context);
        return null;
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    log.error(
        "{} failed {} times; the event goes to its on-failure destination",
        functionArn,
        retryDelays.size() + 1,
        failure);
    onFailure.accept(destinationRecord(event, failure, retryDelays.size() + 1));
    return null;
  }

  /** What Lambda sends an on-failure destination. */
  private String destinationRecord(I event, RuntimeException failure, int attempts) {
    ObjectNode record = JSON.createObjectNode();
    record.put("version", "1.0");
    record.put("timestamp", Instant.now().toString());
    ObjectNode request = record.putObject("requestContext");
    request.put("requestId", UUID.randomUUID().toString());
    request.put("functionArn", functionArn + ":$LATEST");
    request.put("condition", "RetriesExhausted");
    request.put("approximateInvokeCount", attempts);
    record.set("requestPayload", json(event));
    ObjectNode response = record.putObject("responseContext");
    response.put("statusCode", 200);
    response.put("executedVersion", "$LATEST");
    response.put("functionError", "Unhandled");
    record.set("responsePayload", errorDocument(failure));
    return record.toString();
  }

  private JsonNode json(I event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    events.toJson(event, out);
    try {
      return JSON.readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode errorDocument(RuntimeException failure) {
    if (failure instanceof FunctionError error) {
      try {
        return JSON.readTree(error.payload());
      } catch (IOException e) {
        return JSON.getNodeFactory().textNode(new String(error.payload(), StandardCharsets.UTF_8));
      }
    }
    ObjectNode document = JSON.createObjectNode();
    document.put("errorMessage", failure.getMessage());
    document.put("errorType", failure.getClass().getName());
    return document;
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted before a retry", e);
    }
  }
}
