package dev.jobs.locallambda.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jobs.locallambda.LoopbackServer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The Lambda Runtime API of one execution environment, served on loopback: the runtime interface
 * client asks it for the next invocation and posts the answer, or its initialisation's error.
 */
final class RuntimeApi implements AutoCloseable {

  private static final String PATH = "/2018-06-01/runtime";

  /** One invocation handed to the runtime. */
  record Invocation(String requestId, byte[] event, long deadlineMillis) {}

  /** The runtime's answer: a response, or an error with its type. */
  record Answer(byte[] payload, String errorType) {
    boolean failed() {
      return errorType != null;
    }
  }

  private final String functionName;
  private final BooleanSupplier runtimeAlive;
  private final HttpServer server;
  private final CompletableFuture<Long> initialized = new CompletableFuture<>();
  private final SynchronousQueue<Invocation> next = new SynchronousQueue<>();
  private volatile CompletableFuture<Answer> answer;

  private RuntimeApi(String functionName, BooleanSupplier runtimeAlive, HttpServer server) {
    this.functionName = functionName;
    this.runtimeAlive = runtimeAlive;
    this.server = server;
  }

  /** Serves on a free port; {@code runtimeAlive} says whether a runtime may still ask. */
  static RuntimeApi start(String functionName, BooleanSupplier runtimeAlive) {
    try {
      HttpServer server = LoopbackServer.create(0);
      RuntimeApi api = new RuntimeApi(functionName, runtimeAlive, server);
      server.createContext(PATH, api::serve);
      // The runtime holds a request open while it waits for the next invocation.
      server.setExecutor(
          Executors.newCachedThreadPool(
              new DefaultThreadFactory(functionName + "-runtime-api", true)));
      server.start();
      return api;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the runtime API of " + functionName, e);
    }
  }

  /** {@code AWS_LAMBDA_RUNTIME_API}, as the runtime reads it. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Completed, with {@link System#nanoTime()}, when the runtime first asks for work (or, for
   * SnapStart, to be restored); failed by an initialisation error.
   */
  CompletableFuture<Long> initialized() {
    return initialized;
  }

  /**
   * Hands the invocation to the runtime once it asks for it, within the time given; its answer
   * completes the future.
   *
   * @return whether the runtime took it in time
   */
  boolean hand(Invocation invocation, CompletableFuture<Answer> answer, long timeoutMillis)
      throws InterruptedException {
    this.answer = answer;
    return next.offer(invocation, timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** The invocation is over: a late answer to it is dropped. */
  void done() {
    answer = null;
  }

  /** Fails what waits on the runtime: it is gone. */
  void fail(FunctionError error) {
    initialized.completeExceptionally(error);
    CompletableFuture<Answer> current = answer;
    if (current != null) {
      current.completeExceptionally(error);
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(PATH.length());
      if (path.equals("/invocation/next")) {
        initialized.complete(System.nanoTime());
        nextInvocation(exchange);
      } else if (path.equals("/restore/next")) {
        // SnapStart: Lambda snapshots here and later restores; here, restored at once.
        initialized.complete(System.nanoTime());
        exchange.sendResponseHeaders(200, -1);
      } else if (path.equals("/init/error") || path.equals("/restore/error")) {
        initialized.completeExceptionally(
            new FunctionError(
                functionName, errorType(exchange), exchange.getRequestBody().readAllBytes()));
        exchange.sendResponseHeaders(202, -1);
      } else if (path.endsWith("/response") || path.endsWith("/error")) {
        CompletableFuture<Answer> current = answer;
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (current != null) {
          current.complete(new Answer(body, path.endsWith("/error") ? errorType(exchange) : null));
        }
        exchange.sendResponseHeaders(202, -1);
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private void nextInvocation(HttpExchange exchange) throws IOException {
    Invocation invocation = null;
    try {
      while (invocation == null && runtimeAlive.getAsBoolean()) {
        invocation = next.poll(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (invocation == null) {
      exchange.sendResponseHeaders(500, -1);
      return;
    }
    var headers = exchange.getResponseHeaders();
    headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
    headers.set("Lambda-Runtime-Deadline-Ms", String.valueOf(invocation.deadlineMillis()));
    headers.set("Lambda-Runtime-Invoked-Function-Arn", LambdaFunction.arn(functionName));
    headers.set(
        "Lambda-Runtime-Trace-Id",
        "Root=1-00000000-"
            + invocation.requestId().replace("-", "").substring(0, 24)
            + ";Sampled=0");
    headers.set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, invocation.event().length);
    try (OutputStream body = exchange.getResponseBody()) {
      body.write(invocation.event());
    }
  }

  private static String errorType(HttpExchange exchange) {
    String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
    return type == null ? "Runtime.Unknown" : type;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
