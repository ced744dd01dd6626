# One role per Lambda, each allowed only the calls its code makes, on the exact resources.

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "lambda_assume_role" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s3_to_sqs" {
  name               = "${var.s3_to_sqs_lambda_name}_role"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume_role.json
}

resource "aws_iam_role" "sqs_to_dynamo" {
  name               = "${var.sqs_to_dynamo_lambda_name}_role"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume_role.json
}

resource "aws_iam_role" "job_api" {
  name               = "${var.job_api_lambda_name}_role"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume_role.json
}

data "aws_iam_policy_document" "s3_to_sqs" {
  statement {
    sid       = "ReadUploads"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.job_offers.arn}/job_offers/*"]
  }
  statement {
    # A file ingested again with no rejected row deletes its stale report.
    sid       = "WriteRejectsReports"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.job_offers.arn}/rejected/*"]
  }
  statement {
    sid       = "SendJobs"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.job_offers.arn]
  }

  statement {
    # Not a call of the code: Lambda sends a failed event to the on-failure destination with it.
    sid       = "SendFailedEvents"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.failed_ingestions.arn]
  }
  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.s3_to_sqs.arn}:*"]
  }
}

data "aws_iam_policy_document" "sqs_to_dynamo" {
  statement {
    sid       = "PollTheQueue"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.job_offers.arn]
  }
  statement {
    sid       = "WriteJobs"
    actions   = ["dynamodb:BatchWriteItem"]
    resources = [aws_dynamodb_table.job_offers.arn]
  }
  statement {
    # Jobs the table did not take in time (throttled) go back to the queue as new messages.
    sid       = "SendJobsBack"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.job_offers.arn]
  }
  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.sqs_to_dynamo.arn}:*"]
  }
}

data "aws_iam_policy_document" "job_api" {
  statement {
    sid     = "ReadAndWriteJobs"
    actions = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:PutItem", "dynamodb:DeleteItem"]
    resources = [
      aws_dynamodb_table.job_offers.arn,
      "${aws_dynamodb_table.job_offers.arn}/index/city-index",
    ]
  }
  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.job_api.arn}:*"]
  }
}

resource "aws_iam_role_policy" "s3_to_sqs" {
  name   = "${var.s3_to_sqs_lambda_name}_policy"
  role   = aws_iam_role.s3_to_sqs.id
  policy = data.aws_iam_policy_document.s3_to_sqs.json
}

resource "aws_iam_role_policy" "sqs_to_dynamo" {
  name   = "${var.sqs_to_dynamo_lambda_name}_policy"
  role   = aws_iam_role.sqs_to_dynamo.id
  policy = data.aws_iam_policy_document.sqs_to_dynamo.json
}

resource "aws_iam_role_policy" "job_api" {
  name   = "${var.job_api_lambda_name}_policy"
  role   = aws_iam_role.job_api.id
  policy = data.aws_iam_policy_document.job_api.json
}
