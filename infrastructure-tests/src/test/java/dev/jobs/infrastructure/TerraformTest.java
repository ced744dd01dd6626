package dev.jobs.infrastructure;

import static dev.jobs.localaws.Terraform.blocks;
import static dev.jobs.localaws.Terraform.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.Terraform;
import dev.jobs.locallambda.HttpApiGateway;
import dev.jobs.locallambda.Route;
import dev.jobs.pipeline.IngestionNames;
import dev.jobs.store.JobTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * terraform/ declares what the product needs on AWS, wired as the code expects it. Terraform cannot
 * run here (no providers, no account), so this reads the files.
 */
class TerraformTest {

  private static final Terraform TF = Terraform.read(Path.of("../terraform"));
  private static final Map<String, String> LAMBDAS =
      Map.of(
          "s3_to_sqs", "s3_to_sqs_lambda",
          "sqs_to_dynamo", "sqs_to_dynamo_lambda",
          "job_api", "job_api_lambda");

  @Test
  void pinsTerraformAndTheAwsProviderMajorVersion() {
    Map<String, Object> terraform = TF.block("terraform");
    assertThat(terraform.get("required_version")).asString().startsWith(">= 1.");
    Map<String, Object> aws = map(map(terraform.get("required_providers")).get("aws"));
    assertThat(aws).containsEntry("source", "hashicorp/aws");
    assertThat(aws.get("version")).asString().matches("~> \\d+\\.\\d+");
  }

  @Test
  void setsEveryVariableInTfvarsAndUsesIt() {
    Set<String> variables = TF.block("variable").keySet();

    assertThat(TF.tfvars().keySet()).containsExactlyInAnyOrderElementsOf(variables);
    for (String variable : variables) {
      assertThat(TF.text()).as("var.%s is used", variable).contains("var." + variable);
    }
  }

  @Test
  void namesTheResourcesAsTheOriginalAndTheLocalStackDo() {
    assertThat(TF.tfvars())
        .containsEntry("aws_region", "eu-west-1")
        .containsEntry("bucket_name", "")
        .containsEntry("queue_name", JobsAwsResources.QUEUE)
        .containsEntry("dead_letter_queue_name", JobsAwsResources.DEAD_LETTER_QUEUE)
        .containsEntry("failed_ingestions_queue_name", JobsAwsResources.FAILED_INGESTIONS_QUEUE)
        .containsEntry("max_receive_count", (double) JobsAwsResources.MAX_RECEIVE_COUNT)
        .containsEntry("table_name", JobTable.DEFAULT_NAME)
        .containsEntry("table_read_capacity", 5.0)
        .containsEntry("table_write_capacity", 5.0)
        .containsEntry("api_gateway_name", "job_api_gw")
        .containsEntry("api_stage_name", "dev")
        .containsEntry("lambda_memory_size", 512.0);
    LAMBDAS.forEach(
        (resource, name) -> {
          assertThat(TF.tfvars()).containsEntry(resource + "_lambda_name", name);
          assertThat(TF.resource("aws_lambda_function", resource))
              .containsEntry("function_name", "var." + resource + "_lambda_name");
        });
  }

  @Test
  void outputsTheStageUrlAndTheResourcesScriptsNeed() {
    Map<String, Object> outputs = TF.block("output");

    assertThat(outputs)
        .containsOnlyKeys(
            "base_url",
            "bucket",
            "queue_url",
            "dead_letter_queue_url",
            "failed_ingestions_queue_url",
            "table_name",
            "job_api_writer_policy_arn",
            "deploy_role_arn",
            "alarm_topic_arn",
            "dashboard_url");
    assertThat(map(outputs.get("base_url")))
        .containsEntry("value", "aws_apigatewayv2_stage.dev.invoke_url");
    assertThat(map(outputs.get("bucket"))).containsEntry("value", "aws_s3_bucket.job_offers.id");
    assertThat(map(outputs.get("queue_url")))
        .containsEntry("value", "aws_sqs_queue.job_offers.url");
    assertThat(map(outputs.get("dead_letter_queue_url")))
        .containsEntry("value", "aws_sqs_queue.job_offers_dead_letter.url");
    assertThat(map(outputs.get("failed_ingestions_queue_url")))
        .containsEntry("value", "aws_sqs_queue.failed_ingestions.url");
    assertThat(map(outputs.get("table_name")))
        .containsEntry("value", "aws_dynamodb_table.job_offers.name");
    assertThat(map(outputs.get("job_api_writer_policy_arn")))
        .containsEntry("value", "aws_iam_policy.job_api_writer.arn");
    assertThat(map(outputs.get("deploy_role_arn")))
        .containsEntry("value", "aws_iam_role.deploy.arn");
    assertThat(map(outputs.get("alarm_topic_arn")))
        .containsEntry("value", "aws_sns_topic.alarms.arn");
  }

  @Test
  void writesNeedIamOnRoutesOfTheirOwnAsTheLocalGatewayRoutes() {
    Map<String, Object> writeRoutes = map(TF.block("locals").get("write_routes"));
    Map<String, Object> write = TF.resource("aws_apigatewayv2_route", "write");

    assertThat(write)
        .containsEntry("for_each", writeRoutes)
        .containsEntry("route_key", "each.value")
        .containsEntry("authorization_type", Route.AWS_IAM)
        .containsEntry("api_id", "aws_apigatewayv2_api.job_api_gw.id");
    assertThat(TF.resource("aws_apigatewayv2_route", "proxy"))
        .doesNotContainKey("authorization_type");
    Set<Route> terraform = new java.util.HashSet<>();
    writeRoutes.values().forEach(key -> terraform.add(new Route((String) key, Route.AWS_IAM)));
    terraform.add(new Route("ANY /{proxy+}", Route.NONE));
    assertThat(terraform).containsExactlyInAnyOrderElementsOf(HttpApiGateway.ROUTES);
    // Every operation that changes jobs is on a signed route; every read is public.
    assertThat(HttpApiGateway.ROUTES)
        .filteredOn(route -> route.authorization().equals(Route.AWS_IAM))
        .extracting(Route::method)
        .containsExactlyInAnyOrder("POST", "PUT", "DELETE");
  }

  @Test
  void theWriterPolicyAllowsInvokingTheWriteRoutesOnly() {
    Map<String, Object> statement =
        blocks(TF.data("aws_iam_policy_document", "job_api_writer").get("statement")).get(0);
    // <execution arn>/<stage>/<METHOD>/<path> of each write route, a path parameter as *.
    List<String> writeRoutes =
        map(TF.block("locals").get("write_routes")).values().stream()
            .map(String.class::cast)
            .map(
                key ->
                    "aws_apigatewayv2_api.job_api_gw.execution_arn/aws_apigatewayv2_stage.dev.name/"
                        + key.replace(" ", "").replaceAll("\\{[^}]+}", "*"))
            .toList();

    assertThat(statement.get("actions")).isEqualTo(List.of("execute-api:Invoke"));
    assertThat(statement).doesNotContainKey("effect");
    assertThat(blocks(TF.data("aws_iam_policy_document", "job_api_writer").get("statement")))
        .hasSize(1);
    assertThat(Set.copyOf((List<?>) statement.get("resources"))).isEqualTo(Set.copyOf(writeRoutes));
    assertThat(TF.resource("aws_iam_policy", "job_api_writer"))
        .containsEntry("policy", "data.aws_iam_policy_document.job_api_writer.json");
  }

  @Test
  void theStageThrottlesEveryRouteAndWritesMore() {
    Map<String, Object> stage = TF.resource("aws_apigatewayv2_stage", "dev");
    Map<String, Object> tfvars = TF.tfvars();

    assertThat(map(stage.get("default_route_settings")))
        .containsEntry("throttling_rate_limit", "var.api_throttling_rate_limit")
        .containsEntry("throttling_burst_limit", "var.api_throttling_burst_limit");
    assertThat(TF.text())
        .contains("for_each = aws_apigatewayv2_route.write")
        .contains("throttling_rate_limit  = var.api_write_throttling_rate_limit");
    // Provisioned, at its least units (on demand, the table takes what comes).
    double readUnits = (double) tfvars.get("table_read_capacity");
    double writeUnits = (double) tfvars.get("table_write_capacity");
    // A write is one write unit: the write routes together stay near the table's capacity.
    assertThat((double) tfvars.get("api_write_throttling_rate_limit"))
        .isLessThanOrEqualTo(writeUnits);
    // A page of the listing reads about 1.5 units (20 jobs of about 500 bytes, eventually
    // consistent).
    assertThat((double) tfvars.get("api_throttling_rate_limit") * 1.5)
        .isLessThanOrEqualTo(readUnits * 3);
    assertThat((double) tfvars.get("api_throttling_burst_limit"))
        .isGreaterThanOrEqualTo((double) tfvars.get("api_throttling_rate_limit"));
    assertThat(TF.resource("aws_lambda_function", "job_api"))
        .containsEntry("reserved_concurrent_executions", "var.job_api_reserved_concurrency");
  }

  @Test
  void theTableCannotBeDeletedAndTheBucketRefusesPlainHttp() {
    assertThat(TF.resource("aws_dynamodb_table", "job_offers"))
        .containsEntry("deletion_protection_enabled", true);

    Map<String, Object> deny =
        blocks(TF.data("aws_iam_policy_document", "job_offers_bucket").get("statement")).get(0);
    assertThat(deny)
        .containsEntry("effect", "Deny")
        .containsEntry("actions", List.of("s3:*"))
        .containsEntry(
            "resources", List.of("aws_s3_bucket.job_offers.arn", "aws_s3_bucket.job_offers.arn/*"));
    assertThat(map(deny.get("condition")))
        .containsEntry("test", "Bool")
        .containsEntry("variable", "aws:SecureTransport")
        .containsEntry("values", List.of("false"));
    assertThat(TF.resource("aws_s3_bucket_policy", "job_offers"))
        .containsEntry("bucket", "aws_s3_bucket.job_offers.id")
        .containsEntry("policy", "data.aws_iam_policy_document.job_offers_bucket.json");
  }

  @Test
  void theBucketNotifiesS3ToSqsOfCsvFilesUnderJobOffers() {
    // Bucket names are global: the original's is taken, so the default is the account's own.
    assertThat(TF.text())
        .containsPattern("bucket += local\\.bucket_name")
        .containsPattern(
            "bucket_name = var\\.bucket_name != \"\" \\? var\\.bucket_name : "
                + "\"job-offers-\\$\\{data\\.aws_caller_identity\\.current\\.account_id}"
                + "-\\$\\{var\\.aws_region}\"");
    assertThat(JobsAwsResources.BUCKET)
        .as("the local stack's bucket, named as Terraform names it in its account and region")
        .isEqualTo("job-offers-" + LocalAws.ACCOUNT_ID + "-" + LocalAws.REGION.id());
    assertThat(TF.resource("aws_s3_object", "job_offers_folder"))
        .containsEntry("key", IngestionNames.INGEST_PREFIX);

    Map<String, Object> notification = TF.resource("aws_s3_bucket_notification", "job_offers");
    assertThat(notification)
        .containsEntry("bucket", "aws_s3_bucket.job_offers.id")
        .containsEntry(
            "depends_on",
            List.of(
                "aws_lambda_permission.allow_execution_from_s3_bucket",
                "aws_s3_object.job_offers_folder"));
    assertThat(blocks(notification.get("lambda_function")))
        .singleElement()
        .satisfies(
            target ->
                assertThat(target)
                    .containsEntry("lambda_function_arn", "aws_lambda_alias.s3_to_sqs_live.arn")
                    .containsEntry("events", List.of("s3:ObjectCreated:*"))
                    .containsEntry("filter_prefix", IngestionNames.INGEST_PREFIX)
                    .as("the function says why it skips a key: S3 would drop it unsaid")
                    .doesNotContainKey("filter_suffix"));

    assertThat(TF.resource("aws_lambda_permission", "allow_execution_from_s3_bucket"))
        .containsEntry("statement_id", "AllowExecutionFromS3Bucket")
        .containsEntry("action", "lambda:InvokeFunction")
        .containsEntry("function_name", "aws_lambda_function.s3_to_sqs.function_name")
        .containsEntry("principal", "s3.amazonaws.com")
        .containsEntry("source_arn", "aws_s3_bucket.job_offers.arn");
  }

  @Test
  void theQueueRedrivesToTheDeadLetterQueueAndFeedsSqsToDynamoInBatches() {
    assertThat(TF.resource("aws_sqs_queue", "job_offers")).containsEntry("name", "var.queue_name");
    assertThat(TF.resource("aws_sqs_queue", "job_offers_dead_letter"))
        .containsEntry("name", "var.dead_letter_queue_name");
    assertThat(TF.text())
        .containsPattern("deadLetterTargetArn\\s*=\\s*aws_sqs_queue\\.job_offers_dead_letter\\.arn")
        .containsPattern("maxReceiveCount\\s*=\\s*var\\.max_receive_count")
        // AWS's advice for an event source mapping: six times the consumer's timeout.
        .containsPattern(
            "visibility_timeout_seconds\\s*=\\s*6 \\* local\\.sqs_to_dynamo_timeout\\n");
    assertThat(TF.resource("aws_lambda_function", "sqs_to_dynamo"))
        .containsEntry("timeout", (double) JobsAwsResources.CONSUMER_TIMEOUT.toSeconds());

    assertThat(TF.resource("aws_lambda_event_source_mapping", "job_offers_queue"))
        .containsEntry("event_source_arn", "aws_sqs_queue.job_offers.arn")
        .containsEntry("function_name", "aws_lambda_alias.sqs_to_dynamo_live.arn")
        .containsEntry("batch_size", 10.0)
        .containsEntry("function_response_types", List.of("ReportBatchItemFailures"))
        .containsEntry(
            "scaling_config", Map.of("maximum_concurrency", "var.sqs_to_dynamo_max_concurrency"));
    assertThat(TF.tfvars().get("sqs_to_dynamo_max_concurrency"))
        .as("AWS's least maximum concurrency is 2")
        .isEqualTo(2.0);
  }

  @Test
  void theIngestionFunctionsRunOnSnapStartBehindTheAliasesThatS3AndTheQueueInvoke() {
    for (String name : List.of("s3_to_sqs", "sqs_to_dynamo")) {
      Map<String, Object> function = TF.resource("aws_lambda_function", name);
      assertThat(function).as(name).containsEntry("publish", true);
      assertThat(map(function.get("snap_start")))
          .as(name)
          .containsEntry("apply_on", "PublishedVersions");
      assertThat(TF.resource("aws_lambda_alias", name + "_live"))
          .containsEntry("name", "live")
          .containsEntry("function_name", "aws_lambda_function." + name + ".function_name")
          .containsEntry("function_version", "aws_lambda_function." + name + ".version");
    }
    // S3 may invoke the alias, and retries and sends failures from it.
    assertThat(TF.resource("aws_lambda_permission", "allow_execution_from_s3_bucket"))
        .containsEntry("qualifier", "aws_lambda_alias.s3_to_sqs_live.name");
    assertThat(TF.resource("aws_lambda_function_event_invoke_config", "s3_to_sqs"))
        .containsEntry("qualifier", "aws_lambda_alias.s3_to_sqs_live.name");
  }

  /**
   * What a new account allows, by default: an on-demand table (provisioned, with autoscaling, is a
   * choice), no reserved concurrency (an account of 10 can reserve none: the plan checks the quota
   * when one is asked), logs kept as long as the queues of failures keep their messages.
   */
  @Test
  void theDefaultsApplyOnANewAccount() {
    assertThat(TF.tfvars())
        .containsEntry("table_billing_mode", "PAY_PER_REQUEST")
        .containsEntry("job_api_reserved_concurrency", -1.0);
    String text = TF.text();
    // The table and its index, from the variables the local run's DynamoDB reads (TerraformTable).
    assertThat(text).contains("provisioned = var.table_billing_mode == \"PROVISIONED\"");
    for (String units : List.of("read", "write")) {
      assertThat(
              Pattern.compile(
                      units
                          + "_capacity\\s+= local\\.provisioned \\? var\\.table_"
                          + units
                          + "_capacity : null")
                  .matcher(text)
                  .results())
          .as("%s units of the table and of its index", units)
          .hasSize(2);
    }
    assertThat(text)
        .contains("autoscaled = local.provisioned ? {")
        .containsPattern(
            "resource \"aws_appautoscaling_target\" \"job_offers\" \\{\\n  for_each\\s+= local\\.autoscaled");
    assertThat(map(TF.block("variable", "table_billing_mode").get("validation")))
        .containsEntry("error_message", "table_billing_mode is PAY_PER_REQUEST or PROVISIONED.");
    assertThat(text)
        .contains(
            "condition     = var.job_api_reserved_concurrency == -1 || var.job_api_reserved_concurrency >= 1")
        .contains(
            "condition     = var.job_api_reserved_concurrency < 0 || try(data.aws_servicequotas_service_quota.lambda_concurrency[0].value, 0) >= var.job_api_reserved_concurrency + 10");
    assertThat(TF.data("aws_servicequotas_service_quota", "lambda_concurrency"))
        .containsEntry("service_code", "lambda")
        .containsEntry("quota_code", "L-B99A9384");

    double retentionDays = (double) TF.tfvars().get("log_retention_days");
    for (String queue : List.of("job_offers_dead_letter", "failed_ingestions")) {
      assertThat(retentionDays * 86_400)
          .as("logs outlive the messages of %s", queue)
          .isGreaterThanOrEqualTo(
              (double) TF.resource("aws_sqs_queue", queue).get("message_retention_seconds"));
    }
    assertThat(text).contains("contains([14, 30, 60, 90,");
  }

  @Test
  void theTableHasTheKeysAndTheCityIndexTheCodeUses() {
    Map<String, Object> table = TF.resource("aws_dynamodb_table", "job_offers");

    assertThat(table)
        .containsEntry("name", "var.table_name")
        .containsEntry("billing_mode", "var.table_billing_mode")
        .containsEntry("hash_key", JobTable.ID)
        .containsEntry("range_key", JobTable.CITY);
    assertThat(blocks(table.get("attribute")))
        .extracting(attribute -> attribute.get("name") + ":" + attribute.get("type"))
        .containsExactlyInAnyOrder(JobTable.ID + ":S", JobTable.CITY + ":S");
    assertThat(blocks(table.get("global_secondary_index")))
        .singleElement()
        .satisfies(
            index ->
                assertThat(index)
                    .containsEntry("name", JobTable.CITY_INDEX)
                    .containsEntry("hash_key", JobTable.CITY)
                    .containsEntry("range_key", JobTable.ID)
                    .containsEntry("projection_type", "ALL"));
  }

  @Test
  void theLambdasRunHandlerClassesOfTheBuiltPackages() throws IOException {
    Map<String, Double> timeouts =
        Map.of("s3_to_sqs", 900.0, "sqs_to_dynamo", 60.0, "job_api", 30.0);
    for (String resource : LAMBDAS.keySet()) {
      Map<String, Object> function = TF.resource("aws_lambda_function", resource);
      assertThat(function)
          .as(resource)
          .containsEntry("runtime", "java21")
          .containsEntry("memory_size", "var.lambda_memory_size")
          .containsEntry("timeout", timeouts.get(resource))
          .containsEntry("role", "aws_iam_role." + resource + ".arn");
      assertThat(TF.text())
          .containsPattern(
              "source_code_hash\\s*=\\s*filebase64sha256\\(" + function.get("filename") + "\\)");

      String handler = (String) function.get("handler");
      assertThat(handler).as(resource).endsWith("::handleRequest");
      String artifact = (String) TF.tfvars().get(((String) function.get("filename")).substring(4));
      try (ZipFile zip = new ZipFile(TF.directory().resolve(artifact).toFile())) {
        String classFile = handler.substring(0, handler.indexOf("::")).replace('.', '/') + ".class";
        assertThat(zip.getEntry(classFile)).as("%s in %s", classFile, artifact).isNotNull();
      }
    }
  }

  @Test
  void theLambdasGetTheEnvironmentTheirCodeReads() throws IOException {
    assertThat(environment("s3_to_sqs"))
        .isEqualTo(
            Map.of(
                "QUEUE_URL", "aws_sqs_queue.job_offers.url",
                "BUCKET_NAME", "aws_s3_bucket.job_offers.bucket"))
        .containsOnlyKeys(requiredVariables("pipeline-lambdas", "dev/jobs/pipeline/s3tosqs"));
    assertThat(environment("sqs_to_dynamo"))
        .isEqualTo(
            Map.of(
                "TABLE_NAME", "aws_dynamodb_table.job_offers.name",
                "QUEUE_URL", "aws_sqs_queue.job_offers.url"))
        .containsOnlyKeys(requiredVariables("pipeline-lambdas", "dev/jobs/pipeline/sqstodynamo"));
    assertThat(environment("job_api"))
        .isEqualTo(
            Map.of(
                "TABLE_NAME", "aws_dynamodb_table.job_offers.name",
                "CORS_ALLOWED_ORIGINS", "var.cors_allowed_origins"))
        .containsOnlyKeys(springVariables());
  }

  @Test
  void theJobApiRunsOnSnapStartBehindAnAliasThatTheGatewayInvokes() {
    Map<String, Object> function = TF.resource("aws_lambda_function", "job_api");
    assertThat(function).containsEntry("publish", true);
    assertThat(map(function.get("snap_start"))).containsEntry("apply_on", "PublishedVersions");

    assertThat(TF.resource("aws_lambda_alias", "job_api_live"))
        .containsEntry("name", "live")
        .containsEntry("function_name", "aws_lambda_function.job_api.function_name")
        .containsEntry("function_version", "aws_lambda_function.job_api.version");
    assertThat(TF.resource("aws_apigatewayv2_integration", "job_api"))
        .containsEntry("integration_uri", "aws_lambda_alias.job_api_live.invoke_arn");
    assertThat(TF.resource("aws_lambda_permission", "allow_execution_from_api_gateway"))
        .containsEntry("function_name", "aws_lambda_function.job_api.function_name")
        .containsEntry("qualifier", "aws_lambda_alias.job_api_live.name")
        .containsEntry("principal", "apigateway.amazonaws.com")
        .containsEntry("action", "lambda:InvokeFunction");
    assertThat(TF.text())
        .contains("source_arn    = \"${aws_apigatewayv2_api.job_api_gw.execution_arn}/*/*\"");
  }

  @Test
  void theGatewaySendsEveryRequestOfTheDevStageToTheJobApi() {
    assertThat(TF.resource("aws_apigatewayv2_api", "job_api_gw"))
        .containsEntry("name", "var.api_gateway_name")
        .containsEntry("protocol_type", "HTTP");

    Map<String, Object> stage = TF.resource("aws_apigatewayv2_stage", "dev");
    assertThat(stage)
        .containsEntry("api_id", "aws_apigatewayv2_api.job_api_gw.id")
        .containsEntry("name", "var.api_stage_name")
        .containsEntry("auto_deploy", true);
    assertThat(map(stage.get("access_log_settings")))
        .containsEntry("destination_arn", "aws_cloudwatch_log_group.job_api_gw.arn");
    assertThat(TF.text()).containsPattern("format = jsonencode\\(\\{\\s*requestId\\s*=");
    assertThat(TF.resource("aws_cloudwatch_log_group", "job_api_gw"))
        .containsEntry("retention_in_days", "var.log_retention_days");
    assertThat(TF.text()).contains("name              = \"/aws/api_gw/${var.api_gateway_name}\"");

    assertThat(TF.resource("aws_apigatewayv2_integration", "job_api"))
        .containsEntry("integration_type", "AWS_PROXY")
        .containsEntry("integration_method", "POST")
        .containsEntry("payload_format_version", "2.0")
        .containsEntry("request_parameters", Map.of("overwrite:path", "$request.path"));
    assertThat(TF.resource("aws_apigatewayv2_route", "proxy"))
        .containsEntry("route_key", "ANY /{proxy+}")
        .containsEntry("api_id", "aws_apigatewayv2_api.job_api_gw.id");
    assertThat(TF.text())
        .contains("target    = \"integrations/${aws_apigatewayv2_integration.job_api.id}\"");
  }

  @Test
  void everyLambdaLogsToAGroupWithRetention() {
    for (String resource : LAMBDAS.keySet()) {
      assertThat(TF.resource("aws_cloudwatch_log_group", resource))
          .containsEntry("retention_in_days", "var.log_retention_days");
      assertThat(TF.text())
          .contains("name              = \"/aws/lambda/${var." + resource + "_lambda_name}\"");
    }
  }

  @Test
  void isFormattedAsTerraformFmtFormats() throws Exception {
    assumeThat(Commands.onPath("terraform")).as("terraform on the PATH").isTrue();

    Commands.Result fmt =
        Commands.run(TF.directory(), Map.of(), "terraform", "fmt", "-check", "-diff");

    assertThat(fmt.exitCode()).as(fmt.output()).isZero();
  }

  private static Map<String, Object> environment(String lambda) {
    Map<String, Object> function = TF.resource("aws_lambda_function", lambda);
    return map(map(function.get("environment")).get("variables"));
  }

  /** The variables a Lambda's code requires: {@code AwsClients.required("NAME")} calls. */
  private static Set<String> requiredVariables(String module, String packagePath)
      throws IOException {
    Path sources = Path.of("..", module, "src/main/java", packagePath);
    return matches(sources, Pattern.compile("required\\(\"([A-Z_]+)\"\\)"));
  }

  /** The variables the job API's configuration reads, but those Lambda sets itself. */
  private static Set<String> springVariables() throws IOException {
    Path configuration = Path.of("../job-api/src/main/resources/application.yaml");
    return matches(configuration, Pattern.compile("\\$\\{([A-Z_]+)")).stream()
        .filter(variable -> !variable.startsWith("AWS_"))
        .collect(Collectors.toSet());
  }

  private static Set<String> matches(Path path, Pattern pattern) throws IOException {
    try (var files = Files.walk(path)) {
      return files
          .filter(Files::isRegularFile)
          .flatMap(
              file -> {
                try {
                  Matcher matcher = pattern.matcher(Files.readString(file));
                  return matcher.results().map(result -> result.group(1)).toList().stream();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .collect(Collectors.toSet());
    }
  }
}
