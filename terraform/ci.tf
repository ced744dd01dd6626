# The role that GitLab CI's deploy and contract jobs assume with the job's OIDC ID token
# (AssumeRoleWithWebIdentity): no long-lived keys anywhere. Trusted for pipelines of this project's
# default branch only; allowed exactly the AWS calls of bin/deploy_*.sh and of the contract job.

locals {
  gitlab_host = trimprefix(var.gitlab_url, "https://")
}

resource "aws_iam_openid_connect_provider" "gitlab" {
  count = var.create_gitlab_oidc_provider ? 1 : 0

  url            = var.gitlab_url
  client_id_list = [var.gitlab_url]
}

data "aws_iam_openid_connect_provider" "gitlab" {
  count = var.create_gitlab_oidc_provider ? 0 : 1

  url = var.gitlab_url
}

data "aws_iam_policy_document" "deploy_assume_role" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = concat(aws_iam_openid_connect_provider.gitlab[*].arn, data.aws_iam_openid_connect_provider.gitlab[*].arn)
    }
    # The ID token's audience, as the jobs' id_tokens set it.
    condition {
      test     = "StringEquals"
      variable = "${local.gitlab_host}:aud"
      values   = [var.gitlab_url]
    }
    # GitLab's subject: project_path:<group>/<project>:ref_type:branch:ref:<branch>.
    condition {
      test     = "StringEquals"
      variable = "${local.gitlab_host}:sub"
      values   = ["project_path:${var.gitlab_project_path}:ref_type:branch:ref:${var.gitlab_default_branch}"]
    }
  }
}

resource "aws_iam_role" "deploy" {
  name                 = "jobs-backend-deploy"
  description          = "Assumed by GitLab CI (OIDC) on ${var.gitlab_project_path}@${var.gitlab_default_branch}: deploys the Lambdas' code and runs the contract tests."
  assume_role_policy   = data.aws_iam_policy_document.deploy_assume_role.json
  max_session_duration = 3600
}

data "aws_iam_policy_document" "deploy" {
  statement {
    # bin/deploy_*.sh: new code, then `aws lambda wait function-updated`.
    sid     = "UpdateCode"
    actions = ["lambda:UpdateFunctionCode", "lambda:GetFunctionConfiguration"]
    resources = [
      aws_lambda_function.job_api.arn,
      "${aws_lambda_function.job_api.arn}:*",
      aws_lambda_function.s3_to_sqs.arn,
      "${aws_lambda_function.s3_to_sqs.arn}:*",
      aws_lambda_function.sqs_to_dynamo.arn,
      "${aws_lambda_function.sqs_to_dynamo.arn}:*",
    ]
  }
  statement {
    # bin/deploy_*_lambda.sh: a version for SnapStart, and the alias that the gateway, the bucket's
    # notification or the event source mapping invokes.
    sid     = "PublishVersions"
    actions = ["lambda:PublishVersion", "lambda:UpdateAlias"]
    resources = [
      aws_lambda_function.job_api.arn,
      aws_lambda_alias.job_api_live.arn,
      aws_lambda_function.s3_to_sqs.arn,
      aws_lambda_alias.s3_to_sqs_live.arn,
      aws_lambda_function.sqs_to_dynamo.arn,
      aws_lambda_alias.sqs_to_dynamo_live.arn,
    ]
  }
  statement {
    # The contract job finds the stage's URL: `aws apigatewayv2 get-apis`.
    sid       = "FindTheApi"
    actions   = ["apigateway:GET"]
    resources = ["arn:aws:apigateway:${var.aws_region}::/apis"]
  }
}

resource "aws_iam_role_policy" "deploy" {
  name   = "jobs-backend-deploy"
  role   = aws_iam_role.deploy.id
  policy = data.aws_iam_policy_document.deploy.json
}

# The contract tests create, replace and delete the jobs they use: signed writes.
resource "aws_iam_role_policy_attachment" "deploy_writes_jobs" {
  role       = aws_iam_role.deploy.name
  policy_arn = aws_iam_policy.job_api_writer.arn
}
