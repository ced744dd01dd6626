package dev.jobs.localaws.junit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** For tests that read the log: what a logger, and those below it, logged while an action ran. */
public final class LoggedEvents {

  /** A test's action, which may throw. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  private LoggedEvents() {}

  /**
   * The events the logger (or the root, {@code Logger.ROOT_LOGGER_NAME}) took during the action.
   */
  public static List<ILoggingEvent> during(String loggerName, Action action) throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try {
      action.run();
    } finally {
      logger.detachAppender(events);
    }
    return events.list;
  }
}
