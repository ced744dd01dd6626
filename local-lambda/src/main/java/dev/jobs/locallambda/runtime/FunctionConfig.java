package dev.jobs.locallambda.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A Lambda function as its deployment declares it: what the rehearsal needs to run its zip as the
 * java21 managed runtime would.
 *
 * @param name the function name ({@code AWS_LAMBDA_FUNCTION_NAME})
 * @param handler {@code class::method}, as in the function's configuration
 * @param zip the deployment package
 * @param memoryMb the memory size, which sizes the JVM as Lambda does
 * @param timeout after which an invocation is ended, and its process with it
 * @param environment the function's own variables (those of its configuration)
 * @param snapStart whether the function uses SnapStart, which changes how it gets credentials
 */
public record FunctionConfig(
    String name,
    String handler,
    Path zip,
    int memoryMb,
    Duration timeout,
    Map<String, String> environment,
    boolean snapStart) {

  public FunctionConfig {
    environment = Map.copyOf(environment);
  }

  /** The same function with other variables, or with one more. */
  public FunctionConfig withEnvironment(Map<String, String> environment) {
    return new FunctionConfig(name, handler, zip, memoryMb, timeout, environment, snapStart);
  }

  /** Without SnapStart: initialised at its first invocation, credentials in its environment. */
  public FunctionConfig withSnapStart(boolean snapStart) {
    return new FunctionConfig(name, handler, zip, memoryMb, timeout, environment, snapStart);
  }

  public FunctionConfig withTimeout(Duration timeout) {
    return new FunctionConfig(name, handler, zip, memoryMb, timeout, environment, snapStart);
  }
}
