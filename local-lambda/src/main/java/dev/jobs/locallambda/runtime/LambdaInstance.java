package dev.jobs.locallambda.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jobs.locallambda.LoopbackServer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

/**
 * One execution environment of a function: a JVM process started as the java21 managed runtime
 * starts it (AWS's runtime interface client as main class, the function's code as its task root,
 * the JVM sized from the memory size), and the Lambda Runtime API it polls for invocations, served
 * here on loopback. It handles one invocation at a time; a timeout or an exit ends it.
 */
final class LambdaInstance implements AutoCloseable {

  /** How long Lambda lets an on-demand function initialise before it counts against the invoke. */
  static final Duration INIT_TIMEOUT = Duration.ofSeconds(10);

  /** The error type of an invocation that ran out of time. */
  static final String TIMED_OUT = "Sandbox.Timedout";

  private static final String RUNTIME = "/2018-06-01/runtime";

  private static final String NATIVE_CLIENT_PROPERTY =
      "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

  /**
   * The managed runtime's classpath: the runtime interface client and what it needs, and the {@link
   * Sandbox} that starts it (with the rest of this module's classes, which no code of a zip refers
   * to).
   */
  private static final List<Class<?>> RUNTIME_CLASSES =
      List.of(
          Sandbox.class,
          AWSLambda.class,
          Context.class,
          PojoSerializer.class,
          SdkInternalThreadLocal.class);

  /** One invocation handed to the runtime. */
  private record Invocation(String requestId, byte[] event, long deadlineMillis) {}

  /** The runtime's answer: a response, or an error with its type. */
  record Answer(byte[] payload, String errorType) {
    boolean failed() {
      return errorType != null;
    }
  }

  private final FunctionConfig function;
  private final HttpServer runtimeApi;
  private final long startedNanos = System.nanoTime();
  private final CompletableFuture<Long> initialized = new CompletableFuture<>();
  private final SynchronousQueue<Invocation> next = new SynchronousQueue<>();
  private volatile CompletableFuture<Answer> answer;
  private Process process;
  private Consumer<String> output;
  // What the process wrote is read under this lock, by the reader or by an invocation that ends.
  private final Object outputLock = new Object();
  private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
  private volatile boolean stopped;
  private int invocations;
  private double lastDurationMillis;

  private LambdaInstance(FunctionConfig function, HttpServer runtimeApi) {
    this.function = function;
    this.runtimeApi = runtimeApi;
  }

  /**
   * Starts the process; it initialises in the background, as a Lambda cold start does.
   *
   * @param taskRoot the function's code, unpacked (Lambda's {@code /var/task})
   * @param environment every variable of the process but {@code AWS_LAMBDA_RUNTIME_API}
   * @param output told each line the process writes (what Lambda sends to CloudWatch Logs)
   */
  static LambdaInstance start(
      FunctionConfig function,
      Path taskRoot,
      Path nativeClient,
      Map<String, String> environment,
      Consumer<String> output) {
    try {
      HttpServer server = LoopbackServer.create(0);
      LambdaInstance instance = new LambdaInstance(function, server);
      server.createContext(RUNTIME, instance::serve);
      // The runtime holds a request open while it waits for the next invocation.
      server.setExecutor(Executors.newCachedThreadPool(daemon(function.name() + "-runtime-api")));
      server.start();
      instance.launch(taskRoot, nativeClient, environment, output);
      return instance;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + function.name(), e);
    }
  }

  private void launch(
      Path taskRoot, Path nativeClient, Map<String, String> environment, Consumer<String> output)
      throws IOException {
    this.output = output;
    ProcessBuilder builder = new ProcessBuilder(command(nativeClient)).directory(taskRoot.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder
        .environment()
        .put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApi.getAddress().getPort());
    builder.redirectErrorStream(true);
    process = builder.start();
    Thread reader = new Thread(this::readOutput, function.name() + "-output");
    reader.setDaemon(true);
    reader.start();
    process
        .onExit()
        .thenRun(
            () -> {
              FunctionError exit =
                  error(
                      "Runtime.ExitError",
                      "Runtime exited with error: exit status " + process.exitValue());
              initialized.completeExceptionally(exit);
              CompletableFuture<Answer> current = answer;
              if (current != null) {
                current.completeExceptionally(exit);
              }
              runtimeApi.stop(0);
            });
  }

  /**
   * Passes on the lines the process writes, as they come (within a few milliseconds), until it
   * ends. Lambda sends a function's lines to its log before the invocation ends: {@link #invoke}
   * passes on, before it returns, what is left of those written before the answer.
   */
  private void readOutput() {
    try {
      while (process.isAlive()) {
        passOnOutput();
        Thread.sleep(10);
      }
      synchronized (outputLock) {
        InputStream in = process.getInputStream();
        byte[] buffer = new byte[8192];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          lines(buffer, read);
        }
        if (partialLine.size() > 0) {
          output.accept(partialLine.toString(StandardCharsets.UTF_8));
        }
      }
    } catch (IOException | InterruptedException e) {
      // The process is gone, or this instance stopped.
    }
  }

  /** Passes on the complete lines written so far. */
  private void passOnOutput() throws IOException {
    synchronized (outputLock) {
      InputStream in = process.getInputStream();
      byte[] buffer = new byte[8192];
      for (int available = in.available(); available > 0; available = in.available()) {
        lines(buffer, in.read(buffer, 0, Math.min(available, buffer.length)));
      }
    }
  }

  private void lines(byte[] buffer, int length) {
    for (int i = 0; i < length; i++) {
      if (buffer[i] == '\n') {
        output.accept(partialLine.toString(StandardCharsets.UTF_8));
        partialLine.reset();
      } else {
        partialLine.write(buffer[i]);
      }
    }
  }

  /**
   * The java command of the managed runtime, as recorded on Lambda's java17 runtime: heap 85 % of
   * the memory size, C1 only, the serial collector, CRaC hooks through the runtime interface
   * client's own implementation (SnapStart's priming runs that way), a JVM crash reported on
   * standard error (the function's log). {@code JAVA_TOOL_OPTIONS} in the function's variables
   * reaches the JVM as it does on Lambda.
   */
  private List<String> command(Path nativeClient) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:MaxHeapSize=" + function.memoryMb() * 1024L * 85 / 100 + "k");
    command.add("-XX:+UseSerialGC");
    command.add("-Xshare:auto");
    command.add("-XX:+TieredCompilation");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("--add-opens=java.base/java.io=ALL-UNNAMED");
    command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
    command.add("-Djava.net.preferIPv4Stack=true");
    command.add("-XX:+ErrorFileToStderr");
    command.add(NATIVE_CLIENT_PROPERTY + "=" + nativeClient);
    command.add("-classpath");
    command.add(runtimeClasspath());
    command.add(Sandbox.class.getName());
    command.add(function.handler());
    return command;
  }

  /**
   * Unpacks the runtime interface client's native library for this machine into the directory. Left
   * to itself, the client unpacks it to one fixed path in /tmp, which is each sandbox's own on
   * Lambda but shared here: two instances starting at once would load a half-written file.
   */
  static Path unpackNativeClient(Path directory) {
    String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
    String library = "libaws-lambda-jni.linux-" + arch + ".so";
    Path target = directory.resolve(library);
    try (InputStream in = AWSLambda.class.getResourceAsStream("/jni/" + library)) {
      if (in == null) {
        throw new IllegalStateException("the runtime interface client has no " + library);
      }
      Files.createDirectories(directory);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + library, e);
    }
  }

  private static String runtimeClasspath() {
    List<String> entries = new ArrayList<>();
    for (Class<?> type : RUNTIME_CLASSES) {
      try {
        entries.add(
            Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException("cannot locate " + type, e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /**
   * Hands the invocation to the runtime and waits for its answer, at most the function's timeout
   * (after the initialisation, on a cold start). A timeout stops the process, as Lambda does.
   *
   * @throws FunctionError if the initialisation failed, the process exited or the time ran out
   */
  Answer invoke(String requestId, byte[] event) throws InterruptedException {
    invocations++;
    lastDurationMillis = 0;
    awaitInitialized();
    CompletableFuture<Answer> current = new CompletableFuture<>();
    answer = current;
    long start = System.nanoTime();
    Invocation invocation =
        new Invocation(
            requestId, event, System.currentTimeMillis() + function.timeout().toMillis());
    try {
      long timeoutMillis = invocation.deadlineMillis() - System.currentTimeMillis();
      if (!next.offer(invocation, timeoutMillis, TimeUnit.MILLISECONDS)) {
        throw timedOut();
      }
      return current.get(
          invocation.deadlineMillis() - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw timedOut();
    } catch (ExecutionException e) {
      throw (FunctionError) e.getCause();
    } finally {
      answer = null;
      lastDurationMillis = (System.nanoTime() - start) / 1e6;
      try {
        passOnOutput();
      } catch (IOException gone) {
        // The process ended: its reader passes on the rest.
      }
    }
  }

  /** The invocations handed to this instance so far. */
  int invocations() {
    return invocations;
  }

  /** How long the last invocation ran, from the runtime taking it to its answer. */
  double lastDurationMillis() {
    return lastDurationMillis;
  }

  /**
   * Waits for the runtime to ask for its first invocation (or, for SnapStart, to be restored).
   * Lambda gives an initialisation {@link #INIT_TIMEOUT}, then tries again within the invocation's
   * timeout: here, one wait for both.
   */
  void awaitInitialized() throws InterruptedException {
    try {
      initialized.get(INIT_TIMEOUT.plus(function.timeout()).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw timedOut();
    } catch (ExecutionException e) {
      FunctionError error = (FunctionError) e.getCause();
      output.accept(
          "INIT_REPORT Init Duration: %.2f ms\tPhase: init\tStatus: error\tError Type: %s"
              .formatted((System.nanoTime() - startedNanos) / 1e6, error.errorType()));
      close();
      throw error;
    }
  }

  private FunctionError timedOut() {
    close();
    return error(
        TIMED_OUT,
        "Task timed out after %.2f seconds".formatted(function.timeout().toMillis() / 1000.0));
  }

  /** Milliseconds from the process start to its first call for work, once it made it. */
  Double initDurationMillis() {
    return initialized.isDone() && !initialized.isCompletedExceptionally()
        ? initialized.join() / 1e6
        : null;
  }

  /** Whether the runtime could answer again: it neither exited nor was stopped. */
  boolean alive() {
    return !stopped && process.isAlive();
  }

  /**
   * The process's peak resident memory (VmHWM), which is what Lambda's Max Memory Used counts; -1
   * where /proc does not tell.
   */
  long maxMemoryUsedMb() {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Gone, or not Linux.
    }
    return -1;
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(RUNTIME.length());
      if (path.equals("/invocation/next")) {
        initialized.complete(System.nanoTime() - startedNanos);
        nextInvocation(exchange);
      } else if (path.equals("/restore/next")) {
        // SnapStart: Lambda snapshots here and later restores; here, restored at once.
        initialized.complete(System.nanoTime() - startedNanos);
        exchange.sendResponseHeaders(200, -1);
      } else if (path.equals("/init/error") || path.equals("/restore/error")) {
        initialized.completeExceptionally(reported(exchange));
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
      while (invocation == null && process.isAlive()) {
        invocation = next.poll(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (invocation == null) {
      exchange.sendResponseHeaders(500, -1);
      return;
    }
    Map<String, String> headers = new HashMap<>();
    headers.put("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
    headers.put("Lambda-Runtime-Deadline-Ms", String.valueOf(invocation.deadlineMillis()));
    headers.put("Lambda-Runtime-Invoked-Function-Arn", LambdaFunction.arn(function.name()));
    headers.put(
        "Lambda-Runtime-Trace-Id",
        "Root=1-00000000-"
            + invocation.requestId().replace("-", "").substring(0, 24)
            + ";Sampled=0");
    headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, invocation.event().length);
    try (OutputStream body = exchange.getResponseBody()) {
      body.write(invocation.event());
    }
  }

  private FunctionError reported(HttpExchange exchange) throws IOException {
    return new FunctionError(
        function.name(), errorType(exchange), exchange.getRequestBody().readAllBytes());
  }

  private static String errorType(HttpExchange exchange) {
    String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
    return type == null ? "Runtime.Unknown" : type;
  }

  private FunctionError error(String type, String message) {
    String document =
        "{\"errorType\":\"%s\",\"errorMessage\":\"%s\"}"
            .formatted(type, message.replace("\"", "'"));
    return new FunctionError(function.name(), type, document.getBytes(StandardCharsets.UTF_8));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Kills the process, as an execution environment dies: its invocation fails, it is gone. */
  void kill() {
    process.destroyForcibly();
  }

  /** Stops the process, as Lambda does when it retires an execution environment. */
  @Override
  public void close() {
    stopped = true;
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
    runtimeApi.stop(0);
  }
}
