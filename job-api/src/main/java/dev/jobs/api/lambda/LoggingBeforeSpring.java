package dev.jobs.api.lambda;

import ch.qos.logback.classic.BasicConfigurator;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import org.slf4j.Logger;

/**
 * Logback's configuration until Spring Boot's own (ECS lines, application.yaml) replaces it as the
 * app starts: logback's basic console, warnings only. With logback's default, the Lambda
 * container's "Starting Lambda Container Handler" was the one line of each cold start that was not
 * JSON. Logback finds it through the service loader.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public class LoggingBeforeSpring extends BasicConfigurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    super.configure(context);
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
