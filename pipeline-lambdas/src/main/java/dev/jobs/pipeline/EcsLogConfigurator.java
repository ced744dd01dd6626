package dev.jobs.pipeline;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.logstash.logback.composite.AbstractFieldJsonProvider;
import net.logstash.logback.composite.GlobalCustomFieldsJsonProvider;
import net.logstash.logback.composite.loggingevent.KeyValuePairsJsonProvider;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.composite.loggingevent.LoggingEventNestedJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventThreadNameJsonProvider;
import net.logstash.logback.composite.loggingevent.MdcJsonProvider;
import net.logstash.logback.composite.loggingevent.MessageJsonProvider;
import net.logstash.logback.composite.loggingevent.StackTraceJsonProvider;
import net.logstash.logback.composite.loggingevent.ThrowableClassNameJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;

/**
 * The ingestion functions' logging: one JSON object a line on standard output, which Lambda sends
 * to CloudWatch Logs, in ECS, the shape of the job API's lines (Spring Boot's ECS format), with the
 * invocation's faas fields ({@code LambdaLogContext}, in the MDC) and the key-value pairs of each
 * event. Logback finds it through the service loader and skips its XML configuration, whose parsing
 * cost about 150 ms of every cold start (decision record 0026).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public class EcsLogConfigurator extends ContextAwareBase implements Configurator {

  /** The appender's name, for tests that read what it writes. */
  public static final String APPENDER = "JSON";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> json = new ConsoleAppender<>();
    json.setContext(context);
    json.setName(APPENDER);
    json.setEncoder(encoder(context));
    json.start();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(json);
    context.getLogger("dev.jobs").setLevel(Level.INFO);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The ECS line of an event, started. */
  public static Encoder<ILoggingEvent> encoder(LoggerContext context) {
    LoggingEventJsonProviders line = new LoggingEventJsonProviders();
    LoggingEventFormattedTimestampJsonProvider timestamp =
        named(new LoggingEventFormattedTimestampJsonProvider(), "@timestamp");
    timestamp.setTimeZone("UTC");
    line.addTimestamp(timestamp);
    LoggingEventJsonProviders log = new LoggingEventJsonProviders();
    log.addLogLevel(named(new LogLevelJsonProvider(), "level"));
    log.addLoggerName(named(new LoggerNameJsonProvider(), "logger"));
    line.addNestedField(nested("log", log));
    LoggingEventJsonProviders thread = new LoggingEventJsonProviders();
    thread.addThreadName(named(new LoggingEventThreadNameJsonProvider(), "name"));
    LoggingEventJsonProviders process = new LoggingEventJsonProviders();
    process.addNestedField(nested("thread", thread));
    line.addNestedField(nested("process", process));
    ObjectNode service = JsonNodeFactory.instance.objectNode();
    service
        .putObject("service")
        .put("name", environment("AWS_LAMBDA_FUNCTION_NAME", "pipeline-lambdas"))
        .put("version", environment("AWS_LAMBDA_FUNCTION_VERSION", "local"));
    line.addGlobalCustomFields(constant(service));
    line.addMessage(new MessageJsonProvider());
    // Nested, as Spring Boot nests the MDC's dotted keys: "faas":{"execution":...}.
    MdcJsonProvider mdc = new MdcJsonProvider();
    mdc.addMdcKeyFieldName("faas.execution=execution");
    mdc.addMdcKeyFieldName("faas.coldstart=coldstart");
    mdc.addMdcKeyFieldName("faas.name=name");
    LoggingEventJsonProviders faas = new LoggingEventJsonProviders();
    faas.addMdc(mdc);
    line.addNestedField(nested("faas", faas));
    line.addKeyValuePairs(new KeyValuePairsJsonProvider());
    line.addThrowableClassName(named(new ThrowableClassNameJsonProvider(), "error.type"));
    line.addStackTrace(named(new StackTraceJsonProvider(), "error.stack_trace"));
    ObjectNode ecs = JsonNodeFactory.instance.objectNode();
    ecs.putObject("ecs").put("version", "8.11");
    line.addGlobalCustomFields(constant(ecs));

    LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
    encoder.setContext(context);
    encoder.setProviders(line);
    encoder.start();
    return encoder;
  }

  private static <P extends AbstractFieldJsonProvider<ILoggingEvent>> P named(
      P provider, String field) {
    provider.setFieldName(field);
    return provider;
  }

  private static LoggingEventNestedJsonProvider nested(
      String field, LoggingEventJsonProviders providers) {
    LoggingEventNestedJsonProvider nested = named(new LoggingEventNestedJsonProvider(), field);
    nested.setProviders(providers);
    return nested;
  }

  /** Fields the same on every line, written as they are (no pattern to evaluate per event). */
  private static GlobalCustomFieldsJsonProvider<ILoggingEvent> constant(ObjectNode fields) {
    GlobalCustomFieldsJsonProvider<ILoggingEvent> constant = new GlobalCustomFieldsJsonProvider<>();
    constant.setCustomFieldsNode(fields);
    return constant;
  }

  private static String environment(String variable, String otherwise) {
    String value = System.getenv(variable);
    return value == null || value.isEmpty() ? otherwise : value;
  }
}
