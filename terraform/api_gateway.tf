# job_api_gw: an HTTP API that sends every request to job_api_lambda's live alias. Writes need
# AWS IAM (Signature Version 4) on routes of their own; every other request, reads and Swagger UI
# included, takes the public ANY /{proxy+}. The stage throttles every route.

locals {
  # The routes that change jobs: only a caller allowed execute-api:Invoke on them (writer policy).
  write_routes = {
    create_job  = "POST /v1/jobs"
    replace_job = "PUT /v1/jobs/{id}"
    delete_job  = "DELETE /v1/jobs/{id}"
  }
}

resource "aws_apigatewayv2_api" "job_api_gw" {
  name          = var.api_gateway_name
  protocol_type = "HTTP"
}

resource "aws_cloudwatch_log_group" "job_api_gw" {
  name              = "/aws/api_gw/${var.api_gateway_name}"
  retention_in_days = var.log_retention_days
}

resource "aws_apigatewayv2_stage" "dev" {
  api_id      = aws_apigatewayv2_api.job_api_gw.id
  name        = var.api_stage_name
  auto_deploy = true

  # Requests over these limits get API Gateway's 429 before the Lambda is invoked.
  default_route_settings {
    throttling_rate_limit  = var.api_throttling_rate_limit
    throttling_burst_limit = var.api_throttling_burst_limit
  }

  dynamic "route_settings" {
    for_each = aws_apigatewayv2_route.write
    content {
      route_key              = route_settings.value.route_key
      throttling_rate_limit  = var.api_write_throttling_rate_limit
      throttling_burst_limit = var.api_write_throttling_burst_limit
    }
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.job_api_gw.arn
    format = jsonencode({
      requestId               = "$context.requestId"
      sourceIp                = "$context.identity.sourceIp"
      requestTime             = "$context.requestTime"
      protocol                = "$context.protocol"
      httpMethod              = "$context.httpMethod"
      resourcePath            = "$context.resourcePath"
      routeKey                = "$context.routeKey"
      caller                  = "$context.identity.userArn"
      status                  = "$context.status"
      responseLength          = "$context.responseLength"
      integrationLatency      = "$context.integrationLatency"
      integrationErrorMessage = "$context.integrationErrorMessage"
    })
  }
}

resource "aws_apigatewayv2_integration" "job_api" {
  api_id                 = aws_apigatewayv2_api.job_api_gw.id
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = aws_lambda_alias.job_api_live.invoke_arn
  payload_format_version = "2.0"
  # The app sees /v1/jobs, not /dev/v1/jobs; the handler tells it the stage (X-Forwarded-Prefix).
  request_parameters = {
    "overwrite:path" = "$request.path"
  }
}

resource "aws_apigatewayv2_route" "proxy" {
  api_id    = aws_apigatewayv2_api.job_api_gw.id
  route_key = "ANY /{proxy+}"
  target    = "integrations/${aws_apigatewayv2_integration.job_api.id}"
}

resource "aws_apigatewayv2_route" "write" {
  for_each = local.write_routes

  api_id             = aws_apigatewayv2_api.job_api_gw.id
  route_key          = each.value
  authorization_type = "AWS_IAM"
  target             = "integrations/${aws_apigatewayv2_integration.job_api.id}"
}

# What a writer needs: attach it to the role or user of a client that creates, replaces or
# deletes jobs (the CI deploy role has it, for the contract tests).
data "aws_iam_policy_document" "job_api_writer" {
  statement {
    sid     = "WriteJobs"
    actions = ["execute-api:Invoke"]
    # One per write route: <execution arn>/<stage>/<METHOD>/<path>, {id} as *.
    resources = [
      "${aws_apigatewayv2_api.job_api_gw.execution_arn}/${aws_apigatewayv2_stage.dev.name}/POST/v1/jobs",
      "${aws_apigatewayv2_api.job_api_gw.execution_arn}/${aws_apigatewayv2_stage.dev.name}/PUT/v1/jobs/*",
      "${aws_apigatewayv2_api.job_api_gw.execution_arn}/${aws_apigatewayv2_stage.dev.name}/DELETE/v1/jobs/*",
    ]
  }
}

resource "aws_iam_policy" "job_api_writer" {
  name        = "${var.api_gateway_name}_writer"
  description = "Create, replace and delete jobs through ${var.api_gateway_name} (its AWS_IAM routes)."
  policy      = data.aws_iam_policy_document.job_api_writer.json
}

resource "aws_lambda_permission" "allow_execution_from_api_gateway" {
  statement_id  = "AllowExecutionFromAPIGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.job_api.function_name
  qualifier     = aws_lambda_alias.job_api_live.name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.job_api_gw.execution_arn}/*/*"
}
