package dev.jobs.locallambda.runtime;

import dev.jobs.locallambda.runtime.RuntimeApi.Answer;
import dev.jobs.locallambda.runtime.RuntimeApi.Invocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One execution environment of a function: its runtime's process ({@link RuntimeProcess}) and the
 * Runtime API it polls ({@link RuntimeApi}). It handles one invocation at a time; a timeout or an
 * exit ends it.
 */
final class LambdaInstance implements AutoCloseable {

  /** How long Lambda lets an on-demand function initialise before it counts against the invoke. */
  static final Duration INIT_TIMEOUT = Duration.ofSeconds(10);

  /** The error type of an invocation that ran out of time. */
  static final String TIMED_OUT = "Sandbox.Timedout";

  private final FunctionConfig function;
  private final Consumer<String> output;
  private final long startedNanos = System.nanoTime();
  private final RuntimeApi runtimeApi;
  private volatile RuntimeProcess runtime;
  private volatile boolean stopped;
  private int invocations;
  private double lastDurationMillis;

  private LambdaInstance(FunctionConfig function, Consumer<String> output) {
    this.function = function;
    this.output = output;
    this.runtimeApi =
        RuntimeApi.start(function.name(), () -> runtime != null && runtime.process().isAlive());
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
    LambdaInstance instance = new LambdaInstance(function, output);
    Map<String, String> variables = new HashMap<>(environment);
    variables.put("AWS_LAMBDA_RUNTIME_API", instance.runtimeApi.address());
    try {
      instance.runtime = RuntimeProcess.start(function, taskRoot, nativeClient, variables, output);
    } catch (IOException e) {
      instance.runtimeApi.close();
      throw new UncheckedIOException("cannot start " + function.name(), e);
    }
    Process process = instance.runtime.process();
    process
        .onExit()
        .thenRun(
            () -> {
              instance.runtimeApi.fail(
                  instance.error(
                      "Runtime.ExitError",
                      "Runtime exited with error: exit status " + process.exitValue()));
              instance.runtimeApi.close();
            });
    return instance;
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
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    long start = System.nanoTime();
    long deadlineMillis = System.currentTimeMillis() + function.timeout().toMillis();
    try {
      if (!runtimeApi.hand(
          new Invocation(requestId, event, deadlineMillis),
          answer,
          deadlineMillis - System.currentTimeMillis())) {
        throw timedOut();
      }
      return answer.get(deadlineMillis - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw timedOut();
    } catch (ExecutionException e) {
      throw (FunctionError) e.getCause();
    } finally {
      runtimeApi.done();
      lastDurationMillis = (System.nanoTime() - start) / 1e6;
      try {
        runtime.passOnOutput();
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
      runtimeApi
          .initialized()
          .get(INIT_TIMEOUT.plus(function.timeout()).toMillis(), TimeUnit.MILLISECONDS);
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
    CompletableFuture<Long> initialized = runtimeApi.initialized();
    return initialized.isDone() && !initialized.isCompletedExceptionally()
        ? (initialized.join() - startedNanos) / 1e6
        : null;
  }

  /** Whether the runtime could answer again: it neither exited nor was stopped. */
  boolean alive() {
    return !stopped && runtime.process().isAlive();
  }

  /** Lambda's Max Memory Used: the process's peak resident memory; -1 where unknown. */
  long maxMemoryUsedMb() {
    return runtime.maxMemoryUsedMb();
  }

  private FunctionError error(String type, String message) {
    String document =
        "{\"errorType\":\"%s\",\"errorMessage\":\"%s\"}"
            .formatted(type, message.replace("\"", "'"));
    return new FunctionError(function.name(), type, document.getBytes(StandardCharsets.UTF_8));
  }

  /** Kills the process, as an execution environment dies: its invocation fails, it is gone. */
  void kill() {
    runtime.process().destroyForcibly();
  }

  /** Stops the process, as Lambda does when it retires an execution environment. */
  @Override
  public void close() {
    stopped = true;
    if (runtime != null) {
      runtime.close();
    }
    runtimeApi.close();
  }
}
