#!/usr/bin/env bash
# Builds the ingestion Lambdas' package and deploys it to s3_to_sqs_lambda: new code, a published
# version (SnapStart snapshots it), and the alias "live" moved to it, which S3 invokes.
source "$(dirname "$0")/lib/deploy_lambda.sh"
[ $# -eq 0 ] || usage

build pipeline-lambdas
deploy "${FUNCTION_NAME:-$(terraform_value s3_to_sqs_lambda_name)}" \
  "$ROOT/pipeline-lambdas/target/pipeline-lambdas.zip" live
