package dev.jobs.api.config;

import dev.jobs.store.DynamoJobStore;
import dev.jobs.store.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

  private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

  /**
   * Built with everything explicit (HTTP client, region, credentials) so the SDK does not search
   * its provider chains at cold start.
   */
  @Bean(destroyMethod = "close")
  public DynamoDbClient dynamoDbClient(JobsProperties properties) {
    DynamoDbClientBuilder builder =
        DynamoDbClient.builder()
            .region(Region.of(properties.region()))
            .httpClient(UrlConnectionHttpClient.create());
    if (properties.endpoint() != null) {
      log.info("DynamoDB at {} (an emulator)", properties.endpoint());
      // An emulator: it checks no signature, but the SDK wants something to sign with.
      builder
          .endpointOverride(properties.endpoint())
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    } else {
      builder.credentialsProvider(EnvironmentVariableCredentialsProvider.create());
    }
    return builder.build();
  }

  @Bean
  public JobStore jobStore(DynamoDbClient dynamoDb, JobsProperties properties) {
    return new DynamoJobStore(dynamoDb, properties.tableName());
  }
}
