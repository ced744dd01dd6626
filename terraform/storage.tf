# The bucket of uploaded CSV files, the queue of jobs and its dead letter queue, the queue of files
# that failed, the table of jobs.

locals {
  bucket_name = var.bucket_name != "" ? var.bucket_name : "job-offers-${data.aws_caller_identity.current.account_id}-${var.aws_region}"
  provisioned = var.table_billing_mode == "PROVISIONED"

  # Provisioned, the table and its index scale between the variables' units and their maximum,
  # keeping 70 % of what they have in use. What a burst beyond that meets is throttling, which the
  # ingestion waits out (see sqs_to_dynamo) and the API answers with 503.
  autoscaled = local.provisioned ? {
    table_read  = { resource = "table/${var.table_name}", dimension = "dynamodb:table:ReadCapacityUnits", min = var.table_read_capacity, max = var.table_max_read_capacity, metric = "DynamoDBReadCapacityUtilization" }
    table_write = { resource = "table/${var.table_name}", dimension = "dynamodb:table:WriteCapacityUnits", min = var.table_write_capacity, max = var.table_max_write_capacity, metric = "DynamoDBWriteCapacityUtilization" }
    index_read  = { resource = "table/${var.table_name}/index/city-index", dimension = "dynamodb:index:ReadCapacityUnits", min = var.table_read_capacity, max = var.table_max_read_capacity, metric = "DynamoDBReadCapacityUtilization" }
    index_write = { resource = "table/${var.table_name}/index/city-index", dimension = "dynamodb:index:WriteCapacityUnits", min = var.table_write_capacity, max = var.table_max_write_capacity, metric = "DynamoDBWriteCapacityUtilization" }
  } : {}
}

resource "aws_s3_bucket" "job_offers" {
  bucket = local.bucket_name
}

resource "aws_s3_bucket_public_access_block" "job_offers" {
  bucket                  = aws_s3_bucket.job_offers.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Refuses every request that does not come over TLS.
data "aws_iam_policy_document" "job_offers_bucket" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.job_offers.arn,
      "${aws_s3_bucket.job_offers.arn}/*",
    ]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "job_offers" {
  bucket = aws_s3_bucket.job_offers.id
  policy = data.aws_iam_policy_document.job_offers_bucket.json
  # S3 refuses a bucket policy while the public access block is being set.
  depends_on = [aws_s3_bucket_public_access_block.job_offers]
}

# The folder that uploads go to, so that it shows in the console before the first upload.
resource "aws_s3_object" "job_offers_folder" {
  bucket  = aws_s3_bucket.job_offers.id
  key     = "job_offers/"
  content = ""
}

resource "aws_s3_bucket_notification" "job_offers" {
  bucket = aws_s3_bucket.job_offers.id

  # Every key under the prefix, no suffix filter: the function ingests names ending in .csv, in
  # any case, and logs one line for any other key, saying why it is skipped (S3's own suffix
  # filter is case-sensitive and would drop EXPORT.CSV, or image.png, without a word).
  lambda_function {
    lambda_function_arn = aws_lambda_alias.s3_to_sqs_live.arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "job_offers/"
  }

  # The folder object first: its creation is then no event.
  depends_on = [aws_lambda_permission.allow_execution_from_s3_bucket, aws_s3_object.job_offers_folder]
}

resource "aws_sqs_queue" "job_offers_dead_letter" {
  name                      = var.dead_letter_queue_name
  message_retention_seconds = 1209600 # 14 days, the most SQS keeps: time to look at failures
}

resource "aws_sqs_queue" "job_offers" {
  name = var.queue_name
  # At least six times the consumer's timeout, as AWS advises for an event source mapping.
  visibility_timeout_seconds = 6 * local.sqs_to_dynamo_timeout
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.job_offers_dead_letter.arn
    maxReceiveCount     = var.max_receive_count
  })
}

# Events of files that s3_to_sqs failed on after Lambda's two retries: no uploaded file is dropped.
resource "aws_sqs_queue" "failed_ingestions" {
  name                      = var.failed_ingestions_queue_name
  message_retention_seconds = 1209600 # 14 days, the most SQS keeps
}

resource "aws_dynamodb_table" "job_offers" {
  name         = var.table_name
  billing_mode = var.table_billing_mode
  # The jobs outlive any `terraform destroy`: turn this off first to delete the table on purpose.
  deletion_protection_enabled = true
  # Provisioned, the units autoscaling starts from (it owns them after: see below).
  read_capacity  = local.provisioned ? var.table_read_capacity : null
  write_capacity = local.provisioned ? var.table_write_capacity : null
  hash_key       = "id"
  range_key      = "city"

  attribute {
    name = "id"
    type = "S"
  }

  attribute {
    name = "city"
    type = "S"
  }

  # The job API lists one city's jobs, in the order of their ids, from this index.
  global_secondary_index {
    name            = "city-index"
    hash_key        = "city"
    range_key       = "id"
    projection_type = "ALL"
    read_capacity   = local.provisioned ? var.table_read_capacity : null
    write_capacity  = local.provisioned ? var.table_write_capacity : null
  }

  point_in_time_recovery {
    enabled = true
  }

  lifecycle {
    # Autoscaling moves the units; an apply must not put them back. (The index's units cannot be
    # ignored alone: a change of the index itself needs this lifted for one apply.)
    ignore_changes = [read_capacity, write_capacity, global_secondary_index]
  }
}

# Provisioned: autoscaling of the table and its index (local.autoscaled).
resource "aws_appautoscaling_target" "job_offers" {
  for_each           = local.autoscaled
  service_namespace  = "dynamodb"
  resource_id        = each.value.resource
  scalable_dimension = each.value.dimension
  min_capacity       = each.value.min
  max_capacity       = each.value.max
  depends_on         = [aws_dynamodb_table.job_offers]
}

resource "aws_appautoscaling_policy" "job_offers" {
  for_each           = local.autoscaled
  name               = "${var.table_name}-${each.key}"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.job_offers[each.key].service_namespace
  resource_id        = aws_appautoscaling_target.job_offers[each.key].resource_id
  scalable_dimension = aws_appautoscaling_target.job_offers[each.key].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value = 70
    predefined_metric_specification {
      predefined_metric_type = each.value.metric
    }
  }
}
