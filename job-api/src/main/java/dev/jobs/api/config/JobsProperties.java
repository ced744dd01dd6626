package dev.jobs.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the job API ({@code jobs.*}). On Lambda they come from the environment that Terraform
 * sets: {@code TABLE_NAME}. The region, credentials and endpoint of DynamoDB are the SDK's own.
 *
 * @param tableName the DynamoDB table of jobs
 * @param maxRequestBytes the largest request body taken
 */
@ConfigurationProperties("jobs")
public record JobsProperties(String tableName, int maxRequestBytes) {}
