# job_api_gw: an HTTP API whose one route sends every request to job_api_lambda's live alias.

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

resource "aws_lambda_permission" "allow_execution_from_api_gateway" {
  statement_id  = "AllowExecutionFromAPIGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.job_api.function_name
  qualifier     = aws_lambda_alias.job_api_live.name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.job_api_gw.execution_arn}/*/*"
}
