package dev.jobs.locallambda.runtime;

import java.nio.charset.StandardCharsets;

/**
 * An invocation that ended in error, as Lambda answers it: the error type ({@code
 * X-Amz-Function-Error} is {@code Unhandled}) and the error document the runtime reported, or that
 * Lambda wrote for a timeout or a runtime that exited.
 */
public final class FunctionError extends RuntimeException {

  private final String errorType;
  private final byte[] payload;

  FunctionError(String functionName, String errorType, byte[] payload) {
    super(
        functionName
            + " failed: "
            + errorType
            + ": "
            + new String(payload, StandardCharsets.UTF_8));
    this.errorType = errorType;
    this.payload = payload.clone();
  }

  /** For example {@code Sandbox.Timedout}, {@code Runtime.ExitError}, or the exception's class. */
  public String errorType() {
    return errorType;
  }

  /** The error document: {@code {"errorMessage": ..., "errorType": ...}}. */
  public byte[] payload() {
    return payload.clone();
  }
}
