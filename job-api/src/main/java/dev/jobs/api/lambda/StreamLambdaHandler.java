package dev.jobs.api.lambda;

import com.amazonaws.serverless.exceptions.ContainerInitializationException;
import com.amazonaws.serverless.proxy.internal.LambdaContainerHandler;
import com.amazonaws.serverless.proxy.model.AwsProxyResponse;
import com.amazonaws.serverless.proxy.model.HttpApiV2ProxyRequest;
import com.amazonaws.serverless.proxy.spring.SpringBootLambdaContainerHandler;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.jobs.lambda.LambdaLogContext;
import dev.jobs.lambda.SnapStartPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

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

  /** Held here because CRaC keeps only weak references to its resources. */
  private static final SnapStartPriming PRIMING;

  static {
    // A text body whose type names no charset (Swagger UI's scripts and styles, problem+json) is
    // decoded with this before it goes into the event; ISO-8859-1, the default, mangles UTF-8.
    // Bodies that are not valid UTF-8 are sent base64-encoded whatever this says.
    LambdaContainerHandler.getContainerConfig()
        .setDefaultContentCharset(StandardCharsets.UTF_8.name());
    try {
      HANDLER = SpringBootLambdaContainerHandler.getHttpApiV2ProxyHandler(LambdaApplication.class);
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

  /** The event, fit for the container ({@link GatewayEvents}), through the app. */
  static AwsProxyResponse handle(HttpApiV2ProxyRequest event, Context context) {
    return HANDLER.proxy(GatewayEvents.fit(event), context);
  }

  /** Runs the priming requests now, as SnapStart would before its snapshot (for the tests). */
  static void prime() {
    PRIMING.prime();
  }
}
