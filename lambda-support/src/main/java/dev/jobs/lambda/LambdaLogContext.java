package dev.jobs.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.MDC;

/**
 * The invocation on every log line of a handler: Lambda's request id, the function's name, and
 * whether this is the execution environment's first invocation (a cold start), as the ECS fields
 * {@code faas.execution}, {@code faas.name} and {@code faas.coldstart} in the MDC, which the
 * functions' JSON encoders write on each line. Opened when a handler starts, closed when it ends.
 */
public final class LambdaLogContext implements AutoCloseable {

  public static final String EXECUTION = "faas.execution";
  public static final String NAME = "faas.name";
  public static final String COLD_START = "faas.coldstart";

  /** Per execution environment: one JVM, one function. */
  private static final AtomicBoolean FIRST = new AtomicBoolean(true);

  private LambdaLogContext() {}

  /**
   * The invocation's fields, until {@link #close()}. Without a context (a test), cold start only.
   */
  public static LambdaLogContext open(Context context) {
    MDC.put(COLD_START, String.valueOf(FIRST.getAndSet(false)));
    if (context != null) {
      MDC.put(EXECUTION, context.getAwsRequestId());
      MDC.put(NAME, context.getFunctionName());
    }
    return new LambdaLogContext();
  }

  @Override
  public void close() {
    List.of(EXECUTION, NAME, COLD_START).forEach(MDC::remove);
  }
}
