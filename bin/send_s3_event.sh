#!/usr/bin/env bash
# Uploads a CSV file of job offers to s3://$BUCKET/job_offers/: the bucket's notification then
# starts its ingestion (s3_to_sqs_lambda, then sqs_to_dynamo_lambda).
#
# Target: AWS by default (credentials and region as the AWS CLI finds them). The local run
# (README) with one variable: AWS_ENDPOINT_URL_S3=http://localhost:9090
set -euo pipefail

usage() {
  echo "usage: $0 FILE.csv [NAME]   (uploads FILE.csv as job_offers/NAME, NAME defaulting to its file name)" >&2
  echo "environment: BUCKET (job-offers-bucket-tp-esme-serverless-backend), AWS_REGION (eu-west-1)," >&2
  echo "             AWS_ENDPOINT_URL_S3 (another S3, such as the local run's)" >&2
  exit 64
}

[ $# -ge 1 ] && [ $# -le 2 ] || usage
file=$1
[ -f "$file" ] || { echo "no such file: $file" >&2; exit 66; }
name=${2:-$(basename "$file")}
bucket=${BUCKET:-job-offers-bucket-tp-esme-serverless-backend}
region=${AWS_REGION:-eu-west-1}

endpoint=()
if [ -n "${AWS_ENDPOINT_URL_S3:-}" ]; then
  endpoint=(--endpoint-url "$AWS_ENDPOINT_URL_S3")
  # The emulator checks no signature, but the CLI wants credentials to sign with.
  export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-local} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-local}
fi

aws "${endpoint[@]}" --region "$region" s3 cp "$file" "s3://$bucket/job_offers/$name"
