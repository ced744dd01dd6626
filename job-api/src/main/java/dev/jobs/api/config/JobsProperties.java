package dev.jobs.api.config;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the job API ({@code jobs.*}). On Lambda they come from the environment that Terraform
 * sets: {@code TABLE_NAME} and the runtime's {@code AWS_REGION}.
 *
 * @param tableName the DynamoDB table of jobs
 * @param region the AWS region of the table
 * @param endpoint another DynamoDB endpoint (an emulator); absent on AWS
 * @param maxRequestBytes the largest request body taken
 */
@ConfigurationProperties("jobs")
public record JobsProperties(String tableName, String region, URI endpoint, int maxRequestBytes) {}
