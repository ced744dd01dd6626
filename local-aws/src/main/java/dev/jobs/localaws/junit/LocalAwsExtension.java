package dev.jobs.localaws.junit;

import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.rehearsal.Rehearsal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Starts the emulators that {@link WithLocalAws} asks for, once per test JVM: they live in the root
 * store and stop when the test run ends.
 */
public final class LocalAwsExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(LocalAwsExtension.class);
  private static final List<Class<?>> RESOLVABLE =
      List.of(LocalAws.class, DynamoDbClient.class, SqsClient.class, S3Client.class);

  private static volatile LocalAws current;

  /**
   * The emulators of the running test class, for code that has no extension context, such as a
   * Spring {@code @DynamicPropertySource} method.
   */
  public static LocalAws localAws() {
    if (current == null) {
      throw new IllegalStateException("annotate the test class with @WithLocalAws");
    }
    return current;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    WithLocalAws wanted =
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithLocalAws.class)
            .orElseThrow(() -> new IllegalStateException("annotate the class with @WithLocalAws"));
    EnumSet<LocalAws.Service> services = EnumSet.noneOf(LocalAws.Service.class);
    services.addAll(List.of(wanted.value()));
    current = start(context, services);
    current.rehearse(Rehearsal.none());
  }

  /** A class that rehearsed throttling or faults leaves none to the next. */
  @Override
  public void afterAll(ExtensionContext context) {
    shared(context).rehearse(Rehearsal.none());
  }

  /**
   * For extensions that decide at run time whether they need emulators: starts these services in
   * the test JVM's shared emulators.
   */
  public static LocalAws start(ExtensionContext context, Set<LocalAws.Service> services) {
    return shared(context).start(services);
  }

  private static LocalAws shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "emulators", key -> new ClosedAtTheEnd(LocalAws.inMemory()), ClosedAtTheEnd.class)
        .localAws();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return RESOLVABLE.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    LocalAws aws = shared(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == DynamoDbClient.class) {
      return aws.dynamoDb();
    }
    if (type == SqsClient.class) {
      return aws.sqs();
    }
    if (type == S3Client.class) {
      return aws.s3();
    }
    return aws;
  }

  private record ClosedAtTheEnd(LocalAws localAws)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      localAws.close();
    }
  }
}
