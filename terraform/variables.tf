variable "aws_region" {
  description = "The region of every resource."
  type        = string
}

variable "bucket_name" {
  description = "The S3 bucket that CSV files of job offers are uploaded to, under job_offers/. Bucket names are global: empty, it is job-offers-<account id>-<region>, free in any account."
  type        = string
  default     = ""
}

variable "queue_name" {
  description = "The SQS queue of jobs to store, one message per job."
  type        = string
}

variable "dead_letter_queue_name" {
  description = "Where a message goes after max_receive_count failed deliveries."
  type        = string
}

variable "max_receive_count" {
  description = "Deliveries of a message before it moves to the dead letter queue."
  type        = number
}

variable "failed_ingestions_queue_name" {
  description = "Where Lambda sends the S3 event of a file that s3_to_sqs failed on three times (its on-failure destination)."
  type        = string
}

variable "table_name" {
  description = "The DynamoDB table of jobs (hash key id, range key city)."
  type        = string
}

variable "table_billing_mode" {
  description = "PAY_PER_REQUEST (on demand: no capacity to plan, nothing throttles short of DynamoDB's account limits) or PROVISIONED (the units below, autoscaled up to the maximums; cheaper under steady load, throttled above it)."
  type        = string

  validation {
    condition     = contains(["PAY_PER_REQUEST", "PROVISIONED"], var.table_billing_mode)
    error_message = "table_billing_mode is PAY_PER_REQUEST or PROVISIONED."
  }
}

variable "table_read_capacity" {
  description = "PROVISIONED only: the read units of the table and of its city index, the least autoscaling keeps."
  type        = number
}

variable "table_write_capacity" {
  description = "PROVISIONED only: the write units of the table and of its city index, the least autoscaling keeps. A job written is one unit of each; 5 units store a 100,000-row file in about 5.5 hours."
  type        = number
}

variable "table_max_read_capacity" {
  description = "PROVISIONED only: the most read units autoscaling gives the table and its index."
  type        = number
}

variable "table_max_write_capacity" {
  description = "PROVISIONED only: the most write units autoscaling gives the table and its index."
  type        = number
}

variable "s3_to_sqs_lambda_name" {
  description = "The Lambda that reads an uploaded CSV file and sends its jobs to the queue."
  type        = string
}

variable "sqs_to_dynamo_lambda_name" {
  description = "The Lambda that writes the queue's jobs to the table."
  type        = string
}

variable "job_api_lambda_name" {
  description = "The Lambda that serves the job API."
  type        = string
}

variable "lambda_memory_size" {
  description = "Memory of every Lambda, in MB (CPU grows with it)."
  type        = number
}

variable "api_gateway_name" {
  description = "The HTTP API in front of job_api_lambda."
  type        = string
}

variable "api_stage_name" {
  description = "The API's stage: its invoke URL ends with it."
  type        = string
}

variable "api_throttling_rate_limit" {
  description = "Requests per second the stage takes on every route, in the steady state. A page of the listing reads about 1.5 of the table's read units (20 jobs, eventually consistent): 10 requests/s stay within a provisioned table's 5 read units plus DynamoDB's burst credit, and keep the Lambda's concurrency low."
  type        = number
}

variable "api_throttling_burst_limit" {
  description = "Requests the stage takes at once above the rate (the token bucket's size)."
  type        = number
}

variable "api_write_throttling_rate_limit" {
  description = "Requests per second on each write route. A write uses one of the table's write units (a job is under 1 KB); ingestion shares them."
  type        = number
}

variable "api_write_throttling_burst_limit" {
  description = "Requests at once above the rate, on each write route."
  type        = number
}

variable "job_api_reserved_concurrency" {
  description = "-1: none. Otherwise executions reserved for (and the most allowed to) job_api_lambda, so that a flood of requests neither takes the account's concurrency from ingestion nor outgrows the table. AWS keeps 10 of the account's concurrency unreserved: new accounts, whose limit is 10, can reserve none (the plan checks the account's quota)."
  type        = number

  validation {
    condition     = var.job_api_reserved_concurrency == -1 || var.job_api_reserved_concurrency >= 1
    error_message = "job_api_reserved_concurrency is -1 (no reservation) or at least 1."
  }
}

variable "sqs_to_dynamo_max_concurrency" {
  description = "The most sqs_to_dynamo_lambda invocations the queue's event source mapping runs at once (2 to 1000), as Lambda scales them with the backlog: each writes 25 jobs a call, so more than the table's write capacity allows only throttles, and retries."
  type        = number
}

variable "cors_allowed_origins" {
  description = "Origins (scheme://host[:port]), comma-separated, whose web pages may call the job API from a browser (CORS). Empty: none, cross-origin calls are refused."
  type        = string
}

variable "gitlab_url" {
  description = "The GitLab instance whose CI jobs deploy (OIDC issuer): its ID tokens' issuer and audience."
  type        = string
}

variable "gitlab_project_path" {
  description = "The GitLab project (group/name) whose default branch may assume the deploy role."
  type        = string
}

variable "gitlab_default_branch" {
  description = "The project's default branch: the only ref whose pipelines may deploy."
  type        = string
}

variable "create_gitlab_oidc_provider" {
  description = "Whether to create the account's OIDC provider for gitlab_url; false where it already exists (an account has one per URL)."
  type        = bool
}

variable "log_retention_days" {
  description = "Days the Lambdas' and the gateway's logs are kept: at least the 14 days the dead letter and failed ingestions queues keep a message, so that the logs of its failure outlive it."
  type        = number

  validation {
    condition     = contains([14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days is one of CloudWatch's retentions of at least 14 days (14, 30, 60, 90, ...)."
  }
}

variable "alarm_topic_name" {
  description = "The SNS topic every alarm notifies: subscribe whoever operates the backend."
  type        = string
}

variable "alarm_email" {
  description = "An address the alarm topic e-mails (it must confirm the subscription); empty for none."
  type        = string
}

variable "queue_age_alarm_minutes" {
  description = "Alarm when the oldest job waiting in the queue is older than this: ingestion is stuck or far behind the table's capacity."
  type        = number
}

variable "job_api_artifact" {
  description = "The job API's deployment package, built by Maven."
  type        = string
}

variable "pipeline_artifact" {
  description = "The ingestion Lambdas' deployment package, built by Maven."
  type        = string
}
