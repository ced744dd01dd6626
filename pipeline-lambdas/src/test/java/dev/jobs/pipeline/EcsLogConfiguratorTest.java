package dev.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.lambda.LambdaLogContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

class EcsLogConfiguratorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LoggerContext CONTEXT = (LoggerContext) LoggerFactory.getILoggerFactory();

  @Test
  void logbackTakesItInPlaceOfAnXmlFile() {
    Logger root = CONTEXT.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    assertThat(root.getAppender(EcsLogConfigurator.APPENDER))
        .isInstanceOf(OutputStreamAppender.class);
    assertThat(root.getLevel()).isEqualTo(Level.WARN);
    assertThat(CONTEXT.getLogger("dev.jobs.pipeline.s3tosqs").getEffectiveLevel())
        .isEqualTo(Level.INFO);
  }

  @Test
  void writesOneEcsObjectWithTheInvocationAndTheEventsPairs() throws Exception {
    LoggingEvent event =
        event(
            "dev.jobs.pipeline.s3tosqs.S3ToSqsHandler",
            Level.INFO,
            null,
            "ingested s3://{}/{}",
            "bucket",
            "job_offers/a.csv");
    event.addKeyValuePair(new KeyValuePair("rows_read", 3));
    event.setMDCPropertyMap(
        Map.of(
            LambdaLogContext.EXECUTION, "request-1",
            LambdaLogContext.NAME, "s3_to_sqs_lambda",
            LambdaLogContext.COLD_START, "true"));

    JsonNode line = encode(event);

    assertThat(line.path("@timestamp").asText()).endsWith("Z");
    assertThat(line.path("log").path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("log").path("logger").asText())
        .isEqualTo("dev.jobs.pipeline.s3tosqs.S3ToSqsHandler");
    assertThat(line.path("process").path("thread").path("name").asText())
        .isEqualTo(Thread.currentThread().getName());
    assertThat(line.path("service").path("name").asText()).isNotBlank();
    assertThat(line.path("message").asText()).isEqualTo("ingested s3://bucket/job_offers/a.csv");
    assertThat(line.path("faas").path("execution").asText()).isEqualTo("request-1");
    assertThat(line.path("faas").path("name").asText()).isEqualTo("s3_to_sqs_lambda");
    assertThat(line.path("faas").path("coldstart").asText()).isEqualTo("true");
    assertThat(line.path("rows_read").asInt()).isEqualTo(3);
    assertThat(line.path("ecs").path("version").asText()).isEqualTo("8.11");
    assertThat(line.has("error.type")).isFalse();
  }

  @Test
  void writesAnErrorsTypeAndStackTrace() throws Exception {
    LoggingEvent event =
        event(
            "dev.jobs.pipeline.sqstodynamo.SqsToDynamoHandler",
            Level.ERROR,
            new IllegalStateException("boom"),
            "batch failed");

    JsonNode line = encode(event);

    assertThat(line.path("error.type").asText()).isEqualTo("IllegalStateException");
    assertThat(line.path("error.stack_trace").asText())
        .startsWith("java.lang.IllegalStateException: boom");
    assertThat(line.path("faas").isEmpty()).isTrue();
  }

  private static LoggingEvent event(
      String logger, Level level, Throwable error, String message, Object... arguments) {
    return new LoggingEvent(
        Logger.class.getName(), CONTEXT.getLogger(logger), level, message, error, arguments);
  }

  private static JsonNode encode(ILoggingEvent event) throws Exception {
    byte[] bytes = EcsLogConfigurator.encoder(CONTEXT).encode(event);
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).endsWith(System.lineSeparator()).containsOnlyOnce(System.lineSeparator());
    return JSON.readTree(text);
  }
}
