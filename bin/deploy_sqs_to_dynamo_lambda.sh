#!/usr/bin/env bash
# Builds the ingestion Lambdas' package and deploys it to sqs_to_dynamo_lambda: new code, a published
# version (SnapStart snapshots it), and the alias "live" moved to it, which the queue's event source
# mapping invokes.
source "$(dirname "$0")/lib/deploy_lambda.sh"
[ $# -eq 0 ] || usage

build pipeline-lambdas
deploy "${FUNCTION_NAME:-$(terraform_value sqs_to_dynamo_lambda_name)}" \
  "$ROOT/pipeline-lambdas/target/pipeline-lambdas.zip" live
