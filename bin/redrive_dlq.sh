#!/usr/bin/env bash
# Sends the messages parked in the dead letter queue back to the job queue, once what made them
# fail is fixed (a bug, a table that refused the job): SQS's message move task, which keeps each
# message as it is. sqs_to_dynamo then stores their jobs; a message that fails again four times
# is parked again. Waits for the move to end and says how many messages moved.
#
# Target: AWS by default (credentials as the AWS CLI finds them). The local run (README) with one
# variable: AWS_ENDPOINT_URL_SQS=http://localhost:9324
source "$(dirname "$0")/lib/aws.sh"

usage() {
  echo "usage: $0 [MESSAGES_PER_SECOND]   (moves every parked message, at most so many a second: 1 to 500, AWS's default if not given)" >&2
  echo "environment: AWS_REGION, AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_SQS (another SQS, such as the local run's)" >&2
  exit 64
}

[ $# -le 1 ] || usage
rate=${1:-}
[[ -z "$rate" || ( "$rate" =~ ^[1-9][0-9]*$ && "$rate" -le 500 ) ]] || usage

# The AWS CLI v1 sends SQS calls to its legacy endpoint unless --endpoint-url is given: it does not
# read AWS_ENDPOINT_URL_SQS (or AWS_ENDPOINT_URL) for SQS, as it does for other services.
endpoint=${AWS_ENDPOINT_URL_SQS:-${AWS_ENDPOINT_URL:-}}
sqs() {
  aws ${endpoint:+--endpoint-url "$endpoint"} sqs "$@"
}

queue_url() {
  sqs get-queue-url --queue-name "$1" --query QueueUrl --output text
}

queue_arn() {
  sqs get-queue-attributes --queue-url "$(queue_url "$1")" --attribute-names QueueArn \
    --query Attributes.QueueArn --output text
}

dead_letter=$(terraform_value dead_letter_queue_name)
queue=$(terraform_value queue_name)
source_arn=$(queue_arn "$dead_letter")
destination_arn=$(queue_arn "$queue")
parked=$(sqs get-queue-attributes --queue-url "$(queue_url "$dead_letter")" \
  --attribute-names ApproximateNumberOfMessages --query Attributes.ApproximateNumberOfMessages \
  --output text)
if [ "$parked" -eq 0 ]; then
  echo "$dead_letter is empty: nothing to redrive"
  exit 0
fi

echo "moving $parked messages from $dead_letter back to $queue..."
sqs start-message-move-task --source-arn "$source_arn" --destination-arn "$destination_arn" \
  ${rate:+--max-number-of-messages-per-second "$rate"} >/dev/null
while true; do
  read -r status moved failure < <(sqs list-message-move-tasks --source-arn "$source_arn" \
    --max-results 1 --query 'Results[0].[Status,ApproximateNumberOfMessagesMoved,FailureReason]' \
    --output text)
  case "$status" in
    COMPLETED)
      echo "moved $moved messages from $dead_letter back to $queue"
      exit 0
      ;;
    FAILED | CANCELLED)
      echo "the move $status after $moved messages: $failure" >&2
      exit 1
      ;;
  esac
  sleep 2
done
