package dev.jobs.api.config;

import dev.jobs.store.JobTable;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the job API ({@code jobs.*}). On Lambda they come from the environment that Terraform
 * sets: {@code TABLE_NAME}, {@code CORS_ALLOWED_ORIGINS}. The region, credentials and endpoint of
 * DynamoDB are the SDK's own.
 *
 * @param tableName the DynamoDB table of jobs
 * @param maxRequestBytes the largest request body taken
 * @param corsAllowedOrigins the origins whose pages may call the API from a browser (CORS); none by
 *     default
 */
@ConfigurationProperties("jobs")
public record JobsProperties(
    String tableName, int maxRequestBytes, List<String> corsAllowedOrigins) {

  public JobsProperties {
    tableName = tableName == null || tableName.isBlank() ? JobTable.DEFAULT_NAME : tableName;
    corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : List.copyOf(corsAllowedOrigins);
  }
}
