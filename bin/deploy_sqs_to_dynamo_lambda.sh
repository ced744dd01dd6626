#!/usr/bin/env bash
# Builds the ingestion Lambdas' package and deploys it to sqs_to_dynamo_lambda.
source "$(dirname "$0")/lib/deploy_lambda.sh"
[ $# -eq 0 ] || usage

build pipeline-lambdas
deploy "${FUNCTION_NAME:-$(terraform_value sqs_to_dynamo_lambda_name)}" \
  "$ROOT/pipeline-lambdas/target/pipeline-lambdas.zip"
