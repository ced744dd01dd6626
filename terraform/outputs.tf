output "base_url" {
  description = "The dev stage's invoke URL: the job API is at base_url/v1/jobs."
  value       = aws_apigatewayv2_stage.dev.invoke_url
}

output "bucket" {
  description = "Upload CSV files of job offers under job_offers/ in this bucket."
  value       = aws_s3_bucket.job_offers.id
}

output "queue_url" {
  description = "The queue of jobs to store."
  value       = aws_sqs_queue.job_offers.url
}

output "dead_letter_queue_url" {
  description = "Messages that failed max_receive_count times."
  value       = aws_sqs_queue.job_offers_dead_letter.url
}

output "failed_ingestions_queue_url" {
  description = "The S3 events of files that s3_to_sqs failed on after Lambda's two retries."
  value       = aws_sqs_queue.failed_ingestions.url
}

output "table_name" {
  description = "The DynamoDB table of jobs."
  value       = aws_dynamodb_table.job_offers.name
}

output "job_api_writer_policy_arn" {
  description = "Attach to a role or user that creates, replaces or deletes jobs (signed requests)."
  value       = aws_iam_policy.job_api_writer.arn
}

output "deploy_role_arn" {
  description = "GitLab CI's deploy role: the CI/CD variable AWS_ROLE_ARN of the project."
  value       = aws_iam_role.deploy.arn
}

output "alarm_topic_arn" {
  description = "Every alarm notifies this SNS topic: subscribe whoever operates the backend."
  value       = aws_sns_topic.alarms.arn
}

output "dashboard_url" {
  description = "The CloudWatch dashboard of the pipeline and the API."
  value       = "https://${var.aws_region}.console.aws.amazon.com/cloudwatch/home?region=${var.aws_region}#dashboards/dashboard/${aws_cloudwatch_dashboard.jobs_backend.dashboard_name}"
}
