# The three Lambdas, their log groups, and what invokes them.

locals {
  # A file of any size in one invocation: 100,000 rows take about 10 s.
  s3_to_sqs_timeout = 900
  # A batch is 10 messages of 25 jobs: 250 writes, well under a second. A throttled table is
  # waited for during 45 s, then what is left goes back to the queue as new messages; a batch
  # whose environment died comes back after the queue's visibility timeout, 6 x 60 s.
  sqs_to_dynamo_timeout = 60
  job_api_timeout       = 30
}

resource "aws_lambda_function" "s3_to_sqs" {
  function_name    = var.s3_to_sqs_lambda_name
  role             = aws_iam_role.s3_to_sqs.arn
  runtime          = "java21"
  handler          = "dev.jobs.pipeline.s3tosqs.S3ToSqsHandler::handleRequest"
  filename         = var.pipeline_artifact
  source_code_hash = filebase64sha256(var.pipeline_artifact)
  memory_size      = var.lambda_memory_size
  timeout          = local.s3_to_sqs_timeout
  # SnapStart restores published versions from a snapshot taken after priming (SnapStartPriming).
  publish = true

  snap_start {
    apply_on = "PublishedVersions"
  }

  environment {
    variables = {
      QUEUE_URL   = aws_sqs_queue.job_offers.url
      BUCKET_NAME = aws_s3_bucket.job_offers.bucket
    }
  }

  # The deploy scripts own the code from the first apply on (see README): an apply from a laptop
  # must not put older code back.
  lifecycle {
    ignore_changes = [filename, source_code_hash]
  }

  # The role's policy first: the function may be invoked as soon as it exists.
  depends_on = [aws_cloudwatch_log_group.s3_to_sqs, aws_iam_role_policy.s3_to_sqs]
}

# S3 invokes s3_to_sqs asynchronously: Lambda retries a failed file twice, then sends its event to
# the failed ingestions queue instead of dropping it.
resource "aws_lambda_function_event_invoke_config" "s3_to_sqs" {
  function_name          = aws_lambda_function.s3_to_sqs.function_name
  qualifier              = aws_lambda_alias.s3_to_sqs_live.name
  maximum_retry_attempts = 2

  destination_config {
    on_failure {
      destination = aws_sqs_queue.failed_ingestions.arn
    }
  }

  # Lambda sends to the destination with the function's role.
  depends_on = [aws_iam_role_policy.s3_to_sqs]
}

resource "aws_lambda_function" "sqs_to_dynamo" {
  function_name    = var.sqs_to_dynamo_lambda_name
  role             = aws_iam_role.sqs_to_dynamo.arn
  runtime          = "java21"
  handler          = "dev.jobs.pipeline.sqstodynamo.SqsToDynamoHandler::handleRequest"
  filename         = var.pipeline_artifact
  source_code_hash = filebase64sha256(var.pipeline_artifact)
  memory_size      = var.lambda_memory_size
  timeout          = local.sqs_to_dynamo_timeout
  # SnapStart restores published versions from a snapshot taken after priming (SnapStartPriming).
  publish = true

  snap_start {
    apply_on = "PublishedVersions"
  }

  environment {
    variables = {
      TABLE_NAME = aws_dynamodb_table.job_offers.name
      QUEUE_URL  = aws_sqs_queue.job_offers.url
    }
  }

  # The deploy scripts own the code from the first apply on (see README): an apply from a laptop
  # must not put older code back.
  lifecycle {
    ignore_changes = [filename, source_code_hash]
  }

  # The role's policy first: the function may be invoked as soon as it exists.
  depends_on = [aws_cloudwatch_log_group.sqs_to_dynamo, aws_iam_role_policy.sqs_to_dynamo]
}

# S3 invokes this alias, which bin/deploy_s3_to_sqs_lambda.sh moves to each new version.
resource "aws_lambda_alias" "s3_to_sqs_live" {
  name             = "live"
  function_name    = aws_lambda_function.s3_to_sqs.function_name
  function_version = aws_lambda_function.s3_to_sqs.version

  lifecycle {
    ignore_changes = [function_version]
  }
}

# The event source mapping invokes this alias; bin/deploy_sqs_to_dynamo_lambda.sh moves it.
resource "aws_lambda_alias" "sqs_to_dynamo_live" {
  name             = "live"
  function_name    = aws_lambda_function.sqs_to_dynamo.function_name
  function_version = aws_lambda_function.sqs_to_dynamo.version

  lifecycle {
    ignore_changes = [function_version]
  }
}

resource "aws_lambda_function" "job_api" {
  function_name    = var.job_api_lambda_name
  role             = aws_iam_role.job_api.arn
  runtime          = "java21"
  handler          = "dev.jobs.api.lambda.StreamLambdaHandler::handleRequest"
  filename         = var.job_api_artifact
  source_code_hash = filebase64sha256(var.job_api_artifact)
  memory_size      = var.lambda_memory_size
  timeout          = local.job_api_timeout
  # At most this many at once, and always this many available; -1, none (see the variable).
  reserved_concurrent_executions = var.job_api_reserved_concurrency
  # SnapStart restores published versions from a snapshot taken after the Spring app started.
  publish = true

  snap_start {
    apply_on = "PublishedVersions"
  }

  environment {
    variables = {
      TABLE_NAME           = aws_dynamodb_table.job_offers.name
      CORS_ALLOWED_ORIGINS = var.cors_allowed_origins
    }
  }

  # The deploy scripts own the code from the first apply on (see README): an apply from a laptop
  # must not put older code back.
  lifecycle {
    ignore_changes = [filename, source_code_hash]

    # Caught at plan time, not half-way through an apply.
    precondition {
      condition     = var.job_api_reserved_concurrency < 0 || try(data.aws_servicequotas_service_quota.lambda_concurrency[0].value, 0) >= var.job_api_reserved_concurrency + 10
      error_message = "job_api_reserved_concurrency leaves less than the 10 unreserved executions AWS keeps of this account's concurrency quota: set -1 (no reservation), or ask AWS for a higher quota."
    }
  }

  # The role's policy first: the function may be invoked as soon as it exists.
  depends_on = [aws_cloudwatch_log_group.job_api, aws_iam_role_policy.job_api]
}

# The account's concurrent executions quota, read only if a reservation is asked for.
data "aws_servicequotas_service_quota" "lambda_concurrency" {
  count        = var.job_api_reserved_concurrency > 0 ? 1 : 0
  service_code = "lambda"
  quota_code   = "L-B99A9384"
}

# The gateway invokes this alias; bin/deploy_job_api_lambda.sh moves it to each new version.
resource "aws_lambda_alias" "job_api_live" {
  name             = "live"
  function_name    = aws_lambda_function.job_api.function_name
  function_version = aws_lambda_function.job_api.version

  lifecycle {
    # The deploy script publishes versions and moves the alias; Terraform does not move it back.
    ignore_changes = [function_version]
  }
}

resource "aws_lambda_permission" "allow_execution_from_s3_bucket" {
  statement_id   = "AllowExecutionFromS3Bucket"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.s3_to_sqs.function_name
  qualifier      = aws_lambda_alias.s3_to_sqs_live.name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.job_offers.arn
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_lambda_event_source_mapping" "job_offers_queue" {
  event_source_arn        = aws_sqs_queue.job_offers.arn
  function_name           = aws_lambda_alias.sqs_to_dynamo_live.arn
  batch_size              = 10
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.sqs_to_dynamo_max_concurrency
  }

  # The mapping polls with the function's role: it must allow the queue's calls first.
  depends_on = [aws_iam_role_policy.sqs_to_dynamo]
}

resource "aws_cloudwatch_log_group" "s3_to_sqs" {
  name              = "/aws/lambda/${var.s3_to_sqs_lambda_name}"
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_group" "sqs_to_dynamo" {
  name              = "/aws/lambda/${var.sqs_to_dynamo_lambda_name}"
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_group" "job_api" {
  name              = "/aws/lambda/${var.job_api_lambda_name}"
  retention_in_days = var.log_retention_days
}
