package dev.jobs.api.lambda;

import org.springframework.aot.AotDetector;
import org.springframework.boot.ApplicationContextFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.AotApplicationContextInitializer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * What lets the Lambda container (aws-serverless-java-container 2.1) run the bean definitions
 * Spring generated at build time for {@link LambdaApplication}, where the zip's {@code
 * spring.properties} turns them on; elsewhere both do nothing. Its {@code
 * SpringBootLambdaContainerHandler} neither names the main class by which Spring finds the
 * generated code nor accepts the application context Spring makes for it (3.0 does both, and is not
 * served here). Registered in {@code META-INF/spring.factories} (decision record 0026).
 */
public final class LambdaAot {

  private LambdaAot() {}

  /** The generated bean definitions, in place of the main class Spring cannot find. */
  public static class Initializer
      implements AotApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final ApplicationContextInitializer<ConfigurableApplicationContext> GENERATED =
        AotApplicationContextInitializer.forInitializerClasses(
            LambdaApplication.class.getName() + "__ApplicationContextInitializer");

    @Override
    public void initialize(ConfigurableApplicationContext context) {
      if (AotDetector.useGeneratedArtifacts()) {
        GENERATED.initialize(context);
      }
    }
  }

  /**
   * The context type the container casts to, as bare as the one Spring makes for generated code.
   */
  @Order(Ordered.HIGHEST_PRECEDENCE)
  public static class ContextFactory implements ApplicationContextFactory {

    @Override
    public ConfigurableApplicationContext create(WebApplicationType webApplicationType) {
      return webApplicationType == WebApplicationType.SERVLET && AotDetector.useGeneratedArtifacts()
          ? new GeneratedServletContext()
          : null;
    }
  }

  /**
   * Without the annotation processors such a context registers: they ran at build time, and the
   * generated code registers what they found.
   */
  static class GeneratedServletContext extends AnnotationConfigServletWebServerApplicationContext {

    GeneratedServletContext() {
      for (String processor : getBeanDefinitionNames()) {
        removeBeanDefinition(processor);
      }
    }
  }
}
