#!/usr/bin/env bash
# Builds job_api_lambda's package and deploys it: new code, a published version (SnapStart
# snapshots it), and the alias "live" moved to it, which job_api_gw invokes.
source "$(dirname "$0")/lib/deploy_lambda.sh"
[ $# -eq 0 ] || usage

build job-api
deploy "${FUNCTION_NAME:-$(terraform_value job_api_lambda_name)}" \
  "$ROOT/job-api/target/job-api-lambda.zip" live
