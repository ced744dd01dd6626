#!/usr/bin/env bash
# The contract tests in remote mode: job-api's contracts run with real HTTP against a running job
# API, every response also validated against api-spec/job-api.yaml. They create the jobs they need
# (in the city Contractville) and delete them, leaving the target as they found it.
#
# Target: BASE_URL, e.g. the deployed stage (terraform output base_url) or the local run's gateway
# (http://localhost:8080/dev). Writes are signed (SigV4) with the AWS SDK's default credentials,
# which need execute-api:Invoke on the write routes (terraform output job_api_writer_policy_arn).
# Needs only a JDK and Maven.
source "$(dirname "$0")/lib/aws.sh"

usage() {
  echo "usage: $0 [BASE_URL]   (default: \$BASE_URL, else terraform output base_url)" >&2
  echo "example: $0 https://abc123.execute-api.eu-west-1.amazonaws.com/dev" >&2
  exit 64
}

[ $# -le 1 ] || usage
base_url=${1:-${BASE_URL:-$(terraform_value base_url)}}
[ -n "$base_url" ] || usage

cd "$ROOT"
mvn -B -Pcontract -pl integration-tests -am test -Dcontract.baseUrl="$base_url"
