package dev.jobs.api.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.springframework.beans.factory.config.BeanPostProcessor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The time this thread spends in the app's DynamoDB client, so that a bench can subtract it from a
 * request's: the client bean, wrapped. Added to the app by {@code spring.main.sources}, which the
 * bench sets; the app itself is unchanged.
 */
public final class DynamoDbTime implements BeanPostProcessor {

  private static final ThreadLocal<long[]> SPENT = ThreadLocal.withInitial(() -> new long[1]);

  static void reset() {
    SPENT.get()[0] = 0;
  }

  static long nanos() {
    return SPENT.get()[0];
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof DynamoDbClient client)) {
      return bean;
    }
    return Proxy.newProxyInstance(
        DynamoDbClient.class.getClassLoader(),
        new Class<?>[] {DynamoDbClient.class},
        (proxy, method, args) -> {
          long start = System.nanoTime();
          try {
            return method.invoke(client, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            SPENT.get()[0] += System.nanoTime() - start;
          }
        });
  }
}
