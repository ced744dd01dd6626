# What an operator hears: alarms into one SNS topic, and a dashboard of the pipeline and the API.
# bin/redrive_dlq.sh sends parked messages back once their cause is fixed (README, Operations).

locals {
  # Every function, by its resource name: each has an errors and a throttles alarm.
  functions = {
    s3_to_sqs     = aws_lambda_function.s3_to_sqs.function_name
    sqs_to_dynamo = aws_lambda_function.sqs_to_dynamo.function_name
    job_api       = aws_lambda_function.job_api.function_name
  }
  # Queues whose every message is a failure to look at: parked jobs, files that failed.
  parked = {
    dead_letter       = aws_sqs_queue.job_offers_dead_letter.name
    failed_ingestions = aws_sqs_queue.failed_ingestions.name
  }
  # Metrics of the product's own log lines (metric filters below).
  metrics_namespace = "JobsBackend"
}

resource "aws_sns_topic" "alarms" {
  name = var.alarm_topic_name
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count     = var.alarm_email == "" ? 0 : 1
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

resource "aws_cloudwatch_metric_alarm" "parked_messages" {
  for_each            = local.parked
  alarm_name          = "${each.value}-not-empty"
  alarm_description   = "Messages wait in ${each.value}: rows not stored. Read them, fix the cause, then bin/redrive_dlq.sh (dead letter queue) or upload the file again (failed ingestions)."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "queue_oldest_message_age" {
  alarm_name          = "${aws_sqs_queue.job_offers.name}-falling-behind"
  alarm_description   = "A job has waited in the queue longer than ${var.queue_age_alarm_minutes} minutes: sqs_to_dynamo is failing, or the table's capacity is far below what is uploaded."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.job_offers.name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.queue_age_alarm_minutes * 60
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "function_errors" {
  for_each            = local.functions
  alarm_name          = "${each.value}-errors"
  alarm_description   = "${each.value} failed invocations (a file, a batch, or API requests answered 502): see its log group."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "function_throttles" {
  for_each            = local.functions
  alarm_name          = "${each.value}-throttles"
  alarm_description   = "Lambda refused to run ${each.value}: the account's (or its reserved) concurrency is used up."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "api_5xx_rate" {
  alarm_name          = "${var.api_gateway_name}-5xx-rate"
  alarm_description   = "More than 1 % of the API's requests were answered 5xx over 5 minutes: see job_api_lambda's log group and the gateway's access log."
  comparison_operator = "GreaterThanThreshold"
  threshold           = 1
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  metric_query {
    id          = "rate"
    expression  = "IF(requests > 0, 100 * errors / requests, 0)"
    label       = "5xx (% of requests)"
    return_data = true
  }
  metric_query {
    id = "errors"
    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "5xx"
      dimensions  = { ApiId = aws_apigatewayv2_api.job_api_gw.id, Stage = aws_apigatewayv2_stage.dev.name }
      stat        = "Sum"
      period      = 300
    }
  }
  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "Count"
      dimensions  = { ApiId = aws_apigatewayv2_api.job_api_gw.id, Stage = aws_apigatewayv2_stage.dev.name }
      stat        = "Sum"
      period      = 300
    }
  }
}

# HTTP APIs count 4xx, not 429 apart: the stage's access log tells them.
resource "aws_cloudwatch_log_metric_filter" "api_429" {
  name           = "${var.api_gateway_name}-429"
  log_group_name = aws_cloudwatch_log_group.job_api_gw.name
  pattern        = "{ $.status = \"429\" }"

  metric_transformation {
    namespace = local.metrics_namespace
    name      = "ApiThrottled"
    value     = "1"
    unit      = "Count"
  }
}

resource "aws_cloudwatch_metric_alarm" "api_429_rate" {
  alarm_name          = "${var.api_gateway_name}-429-rate"
  alarm_description   = "More than 5 % of the API's requests were refused 429 over 5 minutes: the stage's throttling limits are below what its callers send."
  comparison_operator = "GreaterThanThreshold"
  threshold           = 5
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  metric_query {
    id          = "rate"
    expression  = "IF(requests > 0, 100 * throttled / requests, 0)"
    label       = "429 (% of requests)"
    return_data = true
  }
  metric_query {
    id = "throttled"
    metric {
      namespace   = local.metrics_namespace
      metric_name = aws_cloudwatch_log_metric_filter.api_429.metric_transformation[0].name
      stat        = "Sum"
      period      = 300
    }
  }
  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "Count"
      dimensions  = { ApiId = aws_apigatewayv2_api.job_api_gw.id, Stage = aws_apigatewayv2_stage.dev.name }
      stat        = "Sum"
      period      = 300
    }
  }
}

# What sqs_to_dynamo logs of each batch (LoggedWrites): jobs stored, and jobs the table did not
# take in time, sent back to the queue.
resource "aws_cloudwatch_log_metric_filter" "jobs_written" {
  name           = "${var.sqs_to_dynamo_lambda_name}-jobs-written"
  log_group_name = aws_cloudwatch_log_group.sqs_to_dynamo.name
  pattern        = "{ $.message = \"wrote a batch of jobs\" }"

  metric_transformation {
    namespace = local.metrics_namespace
    name      = "JobsWritten"
    value     = "$.jobs_written"
    unit      = "Count"
  }
}

resource "aws_cloudwatch_log_metric_filter" "jobs_requeued" {
  name           = "${var.sqs_to_dynamo_lambda_name}-jobs-requeued"
  log_group_name = aws_cloudwatch_log_group.sqs_to_dynamo.name
  pattern        = "{ $.message = \"wrote a batch of jobs\" }"

  metric_transformation {
    namespace = local.metrics_namespace
    name      = "JobsRequeued"
    value     = "$.jobs_requeued"
    unit      = "Count"
  }
}

# What s3_to_sqs logs once a file is ingested: rows rejected (listed in its rejects report). Its
# progress lines repeat the count so far, and must not be added up.
resource "aws_cloudwatch_log_metric_filter" "rows_rejected" {
  name           = "${var.s3_to_sqs_lambda_name}-rows-rejected"
  log_group_name = aws_cloudwatch_log_group.s3_to_sqs.name
  pattern        = "{ $.message = \"ingested *\" }"

  metric_transformation {
    namespace = local.metrics_namespace
    name      = "RowsRejected"
    value     = "$.rows_rejected"
    unit      = "Count"
  }
}

resource "aws_cloudwatch_dashboard" "jobs_backend" {
  dashboard_name = "jobs-backend"
  dashboard_body = templatefile("${path.module}/dashboard.json.tftpl", {
    region            = var.aws_region
    metrics_namespace = local.metrics_namespace
    queue             = aws_sqs_queue.job_offers.name
    dead_letter_queue = aws_sqs_queue.job_offers_dead_letter.name
    failed_ingestions = aws_sqs_queue.failed_ingestions.name
    table             = aws_dynamodb_table.job_offers.name
    s3_to_sqs         = aws_lambda_function.s3_to_sqs.function_name
    sqs_to_dynamo     = aws_lambda_function.sqs_to_dynamo.function_name
    job_api           = aws_lambda_function.job_api.function_name
    api_id            = aws_apigatewayv2_api.job_api_gw.id
    stage             = aws_apigatewayv2_stage.dev.name
  })
}
