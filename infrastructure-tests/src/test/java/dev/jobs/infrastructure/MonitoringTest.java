package dev.jobs.infrastructure;

import static dev.jobs.localaws.Terraform.blocks;
import static dev.jobs.localaws.Terraform.map;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.Terraform;
import dev.jobs.localaws.junit.LoggedEvents;
import dev.jobs.localaws.junit.WithLocalAws;
import dev.jobs.locallambda.S3Events;
import dev.jobs.pipeline.EcsLogConfigurator;
import dev.jobs.pipeline.IngestionNames;
import dev.jobs.pipeline.s3tosqs.CsvIngestion;
import dev.jobs.pipeline.s3tosqs.LoggedProgress;
import dev.jobs.pipeline.s3tosqs.S3ToSqsHandler;
import dev.jobs.pipeline.sqstodynamo.BatchOutcome;
import dev.jobs.pipeline.sqstodynamo.LoggedWrites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * What an operator hears of, checked against what terraform/ declares and the code logs, as the IAM
 * test checks the roles: every alarm notifies the topic; each watches a metric that AWS publishes
 * (its namespace, name and dimensions) of a resource terraform/ declares, or one of the product's
 * own, counted by a metric filter from fields the code's log lines hold, each event once; every
 * function, each queue of failures and the API have theirs; the dashboard shows only such metrics.
 */
@WithLocalAws({Service.S3, Service.SQS})
class MonitoringTest {

  private static final Terraform TF = Terraform.read(Path.of("../terraform"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "aws_sns_topic.alarms.arn";

  /** The AWS metrics used, by namespace and name: their dimensions (AWS's documentation). */
  private static final Map<String, Map<String, List<Set<String>>>> AWS_METRICS =
      Map.of(
          "AWS/SQS",
          Map.of(
              "ApproximateNumberOfMessagesVisible", List.of(Set.of("QueueName")),
              "ApproximateNumberOfMessagesNotVisible", List.of(Set.of("QueueName")),
              "ApproximateAgeOfOldestMessage", List.of(Set.of("QueueName"))),
          "AWS/Lambda",
          Map.of(
              "Errors", List.of(Set.of("FunctionName")),
              "Throttles", List.of(Set.of("FunctionName")),
              "Invocations", List.of(Set.of("FunctionName")),
              "Duration", List.of(Set.of("FunctionName")),
              "ConcurrentExecutions", List.of(Set.of("FunctionName"))),
          "AWS/ApiGateway",
          Map.of(
              "Count", List.of(Set.of("ApiId", "Stage")),
              "4xx", List.of(Set.of("ApiId", "Stage")),
              "5xx", List.of(Set.of("ApiId", "Stage")),
              "Latency", List.of(Set.of("ApiId", "Stage")),
              "IntegrationLatency", List.of(Set.of("ApiId", "Stage"))),
          "AWS/DynamoDB",
          Map.of(
              "ConsumedWriteCapacityUnits",
                  List.of(Set.of("TableName"), Set.of("TableName", "GlobalSecondaryIndexName")),
              "WriteThrottleEvents", List.of(Set.of("TableName")),
              "ReadThrottleEvents", List.of(Set.of("TableName"))));

  /** What each dimension names: an attribute of a resource terraform/ declares, as a pattern. */
  private static final Map<String, String> DIMENSIONS =
      Map.of(
          "QueueName", "aws_sqs_queue\\.(\\w+)\\.name",
          "FunctionName", "aws_lambda_function\\.(\\w+)\\.function_name",
          "ApiId", "aws_apigatewayv2_api\\.(\\w+)\\.id",
          "Stage", "aws_apigatewayv2_stage\\.(\\w+)\\.name",
          "TableName", "aws_dynamodb_table\\.(\\w+)\\.name",
          "GlobalSecondaryIndexName", "city-index");

  /** One metric an alarm or the dashboard reads. */
  private record Metric(
      String where, String namespace, String name, Map<String, String> dimensions) {}

  @Test
  void everyAlarmNotifiesTheTopicWhenItFiresAndWhenItClears() {
    assertThat(TF.resource("aws_sns_topic", "alarms"))
        .containsEntry("name", "var.alarm_topic_name");
    assertThat(TF.resource("aws_sns_topic_subscription", "alarm_email"))
        .containsEntry("protocol", "email")
        .containsEntry("endpoint", "var.alarm_email");
    TF.resources("aws_cloudwatch_metric_alarm")
        .forEach(
            (name, alarm) ->
                assertThat(map(alarm))
                    .as(name)
                    .containsEntry("alarm_actions", List.of(TOPIC))
                    .containsEntry("ok_actions", List.of(TOPIC)));
  }

  @Test
  void everyAlarmWatchesAMetricOfAResourceTerraformDeclares() {
    List<Metric> metrics = alarmMetrics();

    assertThat(metrics).hasSizeGreaterThan(10);
    metrics.forEach(MonitoringTest::requireExists);
  }

  @Test
  void everyFunctionEachQueueOfFailuresTheQueueAndTheApiHaveTheirAlarms() {
    List<Metric> metrics = alarmMetrics();
    Set<String> functions = TF.resources("aws_lambda_function").keySet();

    for (String metric : List.of("Errors", "Throttles")) {
      assertThat(watched(metrics, "AWS/Lambda", metric, "FunctionName"))
          .as(metric)
          .isEqualTo(references("aws_lambda_function", functions, "function_name"));
    }
    assertThat(watched(metrics, "AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName"))
        .containsExactlyInAnyOrder(
            "aws_sqs_queue.job_offers_dead_letter.name", "aws_sqs_queue.failed_ingestions.name");
    assertThat(watched(metrics, "AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName"))
        .containsExactly("aws_sqs_queue.job_offers.name");
    assertThat(metrics).extracting(Metric::name).contains("5xx", "ApiThrottled", "Count");
  }

  @Test
  void theDashboardShowsMetricsOfResourcesTerraformDeclares() throws Exception {
    List<Metric> metrics = dashboardMetrics();

    assertThat(metrics).hasSizeGreaterThan(20);
    metrics.forEach(MonitoringTest::requireExists);
  }

  /**
   * The product's metrics, counted from its log lines as CloudWatch would count them: the lines its
   * code writes (s3_to_sqs ingesting a file with a bad row, sqs_to_dynamo's summary of a batch) and
   * the fields of the gateway's access log. A file's progress lines must not count its rows again.
   */
  @Test
  void theProductsMetricsCountFieldsItsLogLinesHoldEachEventOnce(LocalAws aws) throws Exception {
    Map<String, List<JsonNode>> linesByLogGroup = new HashMap<>();
    linesByLogGroup.put(
        "aws_cloudwatch_log_group.sqs_to_dynamo.name",
        logged(
            () ->
                new LoggedWrites()
                    .written(
                        new BatchOutcome(
                            10, Set.of(), 230, 20, 2, Map.of("job_offers/a.csv", List.of(2L))))));
    linesByLogGroup.put(
        "aws_cloudwatch_log_group.s3_to_sqs.name",
        logged(() -> ingestAFileWithOneBadRowInThirtyThousand(aws)));
    Map<String, Long> expected =
        Map.of("JobsWritten", 230L, "JobsRequeued", 20L, "RowsRejected", 1L);

    Map<String, Object> filters = TF.resources("aws_cloudwatch_log_metric_filter");
    for (Map.Entry<String, Object> entry : filters.entrySet()) {
      Map<String, Object> filter = map(entry.getValue());
      Map<String, Object> transformation = map(filter.get("metric_transformation"));
      String metric = (String) transformation.get("name");
      String logGroup = (String) filter.get("log_group_name");
      String pattern = (String) filter.get("pattern");
      if (logGroup.equals("aws_cloudwatch_log_group.job_api_gw.name")) {
        assertThat(accessLogFields()).as(metric).containsAll(fields(pattern));
        continue;
      }
      List<JsonNode> lines = linesByLogGroup.get(logGroup);
      assertThat(lines).as("lines of %s", logGroup).isNotEmpty();
      long counted =
          lines.stream()
              .filter(line -> matches(pattern, line))
              .mapToLong(line -> value((String) transformation.get("value"), line))
              .sum();
      assertThat(counted).as(metric).isEqualTo(expected.get(metric));
    }
    assertThat(filters).hasSize(4);
  }

  private static void ingestAFileWithOneBadRowInThirtyThousand(LocalAws aws) {
    aws.reset();
    StringBuilder csv = new StringBuilder("id,city,company_name,title\n");
    for (int i = 0; i < 30_000; i++) {
      csv.append(i == 7 ? "not-an-id" : "%032x".formatted(i)).append(",Lyon,ACME,Job\n");
    }
    String key = IngestionNames.INGEST_PREFIX + "monitored.csv";
    aws.s3()
        .putObject(
            b -> b.bucket(JobsAwsResources.BUCKET).key(key),
            RequestBody.fromString(csv.toString()));
    LoggedProgress progress = new LoggedProgress();
    new S3ToSqsHandler(new CsvIngestion(aws.s3(), aws.sqs(), aws.queueUrl(), progress))
        .handleRequest(S3Events.objectCreated(JobsAwsResources.BUCKET, key, 0, "etag"), null);
    // A progress line as a longer file logs every 2 s, with the count so far: not a new rejection.
    progress.reading(key, 1_000_000, 0, 0, 0, 1);
    aws.reset();
  }

  /**
   * The JSON lines the action logs, as the Lambdas write them: their logging configuration applied
   * again, since S3Mock, a Spring Boot app in this JVM, replaced it with Spring Boot's.
   */
  private static List<JsonNode> logged(Runnable action) throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    EcsLogConfigurator lambdas = new EcsLogConfigurator();
    lambdas.setContext(context);
    lambdas.configure(context);
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    @SuppressWarnings("unchecked")
    OutputStreamAppender<ILoggingEvent> json =
        (OutputStreamAppender<ILoggingEvent>) root.getAppender(EcsLogConfigurator.APPENDER);
    List<JsonNode> lines = new ArrayList<>();
    for (ILoggingEvent event : LoggedEvents.during(root.getName(), action::run)) {
      lines.add(JSON.readTree(new String(json.getEncoder().encode(event), StandardCharsets.UTF_8)));
    }
    return lines;
  }

  /** CloudWatch's JSON filter patterns as used here: clauses {@code $.field = value} and &&. */
  private static boolean matches(String pattern, JsonNode line) {
    for (String clause : clauses(pattern)) {
      String[] sides = clause.split("=", 2);
      JsonNode field = line.path(sides[0].strip().substring(2));
      String wanted = sides[1].strip();
      if (field.isMissingNode()) {
        return false;
      }
      if (wanted.equals("*")) {
        continue;
      }
      String expected = wanted.replaceAll("^\"|\"$", "");
      String regex = Pattern.quote(expected).replace("*", "\\E.*\\Q");
      if (!field.asText().matches(regex)) {
        return false;
      }
    }
    return true;
  }

  private static List<String> clauses(String pattern) {
    String inside = pattern.strip();
    assertThat(inside).as(pattern).startsWith("{").endsWith("}");
    return List.of(inside.substring(1, inside.length() - 1).split("&&"));
  }

  private static Set<String> fields(String pattern) {
    Set<String> fields = new TreeSet<>();
    for (String clause : clauses(pattern)) {
      fields.add(clause.split("=", 2)[0].strip().substring(2));
    }
    return fields;
  }

  private static long value(String value, JsonNode line) {
    if (!value.startsWith("$.")) {
      return Long.parseLong(value);
    }
    JsonNode field = line.path(value.substring(2));
    assertThat(field.isNumber()).as("%s in %s", value, line).isTrue();
    return field.asLong();
  }

  /** The keys of the stage's access log format (a jsonencode of $context variables). */
  private static Set<String> accessLogFields() {
    Matcher format =
        Pattern.compile(
                "access_log_settings \\{.*?format = jsonencode\\(\\{(.*?)\\}\\)", Pattern.DOTALL)
            .matcher(TF.text());
    assertThat(format.find()).as("the stage's access log format").isTrue();
    Set<String> keys = new TreeSet<>();
    Matcher key = Pattern.compile("(\\w+)\\s*=\\s*\"\\$context\\.").matcher(format.group(1));
    while (key.find()) {
      keys.add(key.group(1));
    }
    return keys;
  }

  /** Every metric of every alarm, each for_each expanded. */
  private static List<Metric> alarmMetrics() {
    List<Metric> metrics = new ArrayList<>();
    TF.resources("aws_cloudwatch_metric_alarm")
        .forEach(
            (name, declared) -> {
              Map<String, Object> alarm = map(declared);
              Map<String, Object> each =
                  alarm.get("for_each") instanceof Map<?, ?> forEach
                      ? map(forEach)
                      : Map.of("", "");
              each.forEach(
                  (key, value) -> {
                    String where = "alarm " + name + (key.isEmpty() ? "" : "[" + key + "]");
                    List<Map<String, Object>> declaredMetrics = new ArrayList<>();
                    if (alarm.containsKey("metric_name")) {
                      declaredMetrics.add(alarm);
                    }
                    blocks(alarm.get("metric_query")).stream()
                        .filter(query -> query.containsKey("metric"))
                        .forEach(query -> declaredMetrics.add(map(query.get("metric"))));
                    for (Map<String, Object> metric : declaredMetrics) {
                      Map<String, String> dimensions = new LinkedHashMap<>();
                      if (metric.get("dimensions") instanceof Map<?, ?> declaredDimensions) {
                        map(declaredDimensions)
                            .forEach(
                                (dimension, of) ->
                                    dimensions.put(
                                        dimension,
                                        String.valueOf(of).replace("each.value", (String) value)));
                      }
                      metrics.add(
                          new Metric(
                              where,
                              (String) metric.get("namespace"),
                              resolved((String) metric.get("metric_name")),
                              dimensions));
                    }
                  });
            });
    return metrics;
  }

  /** Every metric of the dashboard's template, its placeholders as the resource fills them. */
  private static List<Metric> dashboardMetrics() throws Exception {
    Matcher resource =
        Pattern.compile(
                "resource \"aws_cloudwatch_dashboard\" \"jobs_backend\" \\{.*?templatefile\\("
                    + "\"\\$\\{path\\.module\\}/([\\w.]+)\", \\{(.*?)\\}\\)",
                Pattern.DOTALL)
            .matcher(TF.text());
    assertThat(resource.find()).as("the dashboard from its template").isTrue();
    Map<String, String> placeholders = new HashMap<>();
    Matcher placeholder = Pattern.compile("(\\w+)\\s*=\\s*([\\w.]+)").matcher(resource.group(2));
    while (placeholder.find()) {
      placeholders.put(placeholder.group(1), placeholder.group(2));
    }
    String template = Files.readString(TF.directory().resolve(resource.group(1)));
    Matcher used = Pattern.compile("\\$\\{(\\w+)\\}").matcher(template);
    while (used.find()) {
      assertThat(placeholders).as("the dashboard's template variables").containsKey(used.group(1));
    }
    JsonNode dashboard =
        JSON.readTree(
            Pattern.compile("\\$\\{(\\w+)\\}")
                .matcher(template)
                .replaceAll(match -> Matcher.quoteReplacement(placeholders.get(match.group(1)))));
    List<Metric> metrics = new ArrayList<>();
    for (JsonNode widget : dashboard.path("widgets")) {
      for (JsonNode metric : widget.path("properties").path("metrics")) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (int i = 2; i + 1 < metric.size() && metric.get(i).isTextual(); i += 2) {
          dimensions.put(metric.get(i).asText(), metric.get(i + 1).asText());
        }
        metrics.add(
            new Metric(
                "dashboard: " + widget.path("properties").path("title").asText(),
                resolved(metric.get(0).asText()),
                metric.get(1).asText(),
                dimensions));
      }
    }
    return metrics;
  }

  /** A metric of AWS's with its dimensions, each naming a resource of terraform/; or ours. */
  private static void requireExists(Metric metric) {
    if (metric.namespace().equals(TF.block("locals").get("metrics_namespace"))) {
      assertThat(metric.dimensions()).as(metric.where()).isEmpty();
      assertThat(
              TF.resources("aws_cloudwatch_log_metric_filter").values().stream()
                  .map(filter -> map(map(filter).get("metric_transformation")))
                  .filter(t -> t.get("name").equals(metric.name())))
          .as("%s: a metric filter makes %s", metric.where(), metric.name())
          .singleElement()
          .satisfies(t -> assertThat(t).containsEntry("namespace", metric.namespace()));
      return;
    }
    Map<String, List<Set<String>>> names = AWS_METRICS.get(metric.namespace());
    assertThat(names).as("%s: namespace %s", metric.where(), metric.namespace()).isNotNull();
    assertThat(names.get(metric.name()))
        .as("%s: %s %s", metric.where(), metric.namespace(), metric.name())
        .isNotNull()
        .contains(metric.dimensions().keySet());
    metric
        .dimensions()
        .forEach(
            (dimension, value) -> {
              Matcher reference = Pattern.compile(DIMENSIONS.get(dimension)).matcher(value);
              assertThat(reference.matches())
                  .as("%s: %s = %s", metric.where(), dimension, value)
                  .isTrue();
              if (reference.groupCount() > 0) {
                String type = value.substring(0, value.indexOf('.'));
                assertThat(TF.resources(type)).as(metric.where()).containsKey(reference.group(1));
              }
            });
  }

  /** A reference to a metric filter's metric, as its name; anything else as it is. */
  private static String resolved(String value) {
    // hcl4j reads "metric_transformation[0].name" as "metric_transformation.value.name".
    Matcher filter =
        Pattern.compile(
                "aws_cloudwatch_log_metric_filter\\.(\\w+)\\.metric_transformation(\\[0]|\\.value)\\.name")
            .matcher(value);
    if (filter.matches()) {
      return (String)
          map(TF.resource("aws_cloudwatch_log_metric_filter", filter.group(1))
                  .get("metric_transformation"))
              .get("name");
    }
    if (value.startsWith("local.")) {
      return (String) TF.block("locals").get(value.substring("local.".length()));
    }
    return value;
  }

  private static Set<String> watched(
      List<Metric> metrics, String namespace, String name, String dimension) {
    Set<String> values = new TreeSet<>();
    metrics.stream()
        .filter(m -> m.namespace().equals(namespace) && m.name().equals(name))
        .forEach(m -> values.add(m.dimensions().get(dimension)));
    return values;
  }

  private static Set<String> references(String type, Set<String> names, String attribute) {
    Set<String> references = new TreeSet<>();
    names.forEach(name -> references.add(type + "." + name + "." + attribute));
    return references;
  }
}
