#!/usr/bin/env bash
# Uploads a CSV file of job offers to s3://BUCKET/job_offers/: the bucket's notification then
# starts its ingestion (s3_to_sqs_lambda, then sqs_to_dynamo_lambda).
#
# Target: AWS by default (credentials as the AWS CLI finds them). The local run (README) with one
# variable: AWS_ENDPOINT_URL_S3=http://localhost:9090
source "$(dirname "$0")/lib/aws.sh"

usage() {
  echo "usage: $0 FILE.csv [NAME]   (uploads FILE.csv as job_offers/NAME, NAME defaulting to its file name)" >&2
  echo "environment: BUCKET (the Terraform output bucket), AWS_REGION," >&2
  echo "             AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_S3 (another S3, such as the local run's)" >&2
  exit 64
}

[ $# -ge 1 ] && [ $# -le 2 ] || usage
file=$1
[ -f "$file" ] || { echo "no such file: $file" >&2; exit 66; }
name=${2:-$(basename "$file")}
bucket=${BUCKET:-$(terraform_value bucket)}
[ -n "$bucket" ] || bucket=$(terraform_value bucket_name)
if [ -z "$bucket" ]; then
  # terraform/'s default name: job-offers-<account id>-<region>; the local run's account is all zeros.
  if env | grep -q '^AWS_ENDPOINT_URL'; then
    account=000000000000
  else
    account=$(aws sts get-caller-identity --query Account --output text)
  fi
  bucket=job-offers-$account-$AWS_REGION
fi

aws s3 cp "$file" "s3://$bucket/job_offers/$name"
