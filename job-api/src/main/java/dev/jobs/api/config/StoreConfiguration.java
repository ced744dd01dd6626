package dev.jobs.api.config;

import dev.jobs.lambda.AwsClients;
import dev.jobs.store.DynamoJobStore;
import dev.jobs.store.JobStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

  /** Region, credentials and endpoint as the SDK finds them: see {@link AwsClients}. */
  @Bean(destroyMethod = "close")
  public DynamoDbClient dynamoDbClient() {
    return AwsClients.build(DynamoDbClient.builder());
  }

  @Bean
  public JobStore jobStore(DynamoDbClient dynamoDb, JobsProperties properties) {
    return new DynamoJobStore(dynamoDb, properties.tableName());
  }
}
