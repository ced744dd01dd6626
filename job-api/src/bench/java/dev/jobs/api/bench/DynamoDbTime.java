package dev.jobs.api.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The time this thread's SDK calls spend on the wire (request sent to response received, retries
 * included), so that a bench can subtract DynamoDB's time from a request's. A global interceptor
 * (src/bench/resources), so that the app's own client carries it unchanged.
 */
public final class DynamoDbTime implements ExecutionInterceptor {

  private static final ThreadLocal<long[]> SPENT = ThreadLocal.withInitial(() -> new long[2]);

  static void reset() {
    SPENT.get()[0] = 0;
  }

  static long nanos() {
    return SPENT.get()[0];
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    SPENT.get()[1] = System.nanoTime();
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    long[] spent = SPENT.get();
    spent[0] += System.nanoTime() - spent[1];
  }
}
