package dev.jobs.store;

import dev.jobs.model.Job;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The job table as terraform/ declares it: keyed by id and city, with a city index for listing one
 * city's jobs. The emulators create it from here, so tests and the local run match AWS.
 */
public final class JobTable {

  /** The table's name in every environment (Terraform variable {@code table_name}). */
  public static final String DEFAULT_NAME = "job-offers";

  /** Hash key of the table. */
  public static final String ID = Job.JSON_PROPERTY_ID;

  /** Range key of the table, hash key of {@link #CITY_INDEX}. */
  public static final String CITY = Job.JSON_PROPERTY_CITY;

  /** Global secondary index (hash city, range id, all attributes) that lists a city's jobs. */
  public static final String CITY_INDEX = "city-index";

  /** The original's provisioned capacity, kept for the table and its index. */
  private static final long READ_CAPACITY = 5;

  private static final long WRITE_CAPACITY = 5;

  private JobTable() {}

  public static CreateTableRequest createTableRequest(String tableName) {
    ProvisionedThroughput throughput =
        ProvisionedThroughput.builder()
            .readCapacityUnits(READ_CAPACITY)
            .writeCapacityUnits(WRITE_CAPACITY)
            .build();
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PROVISIONED)
        .provisionedThroughput(throughput)
        .attributeDefinitions(stringAttribute(ID), stringAttribute(CITY))
        .keySchema(key(ID, KeyType.HASH), key(CITY, KeyType.RANGE))
        .globalSecondaryIndexes(
            GlobalSecondaryIndex.builder()
                .indexName(CITY_INDEX)
                .keySchema(key(CITY, KeyType.HASH), key(ID, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .provisionedThroughput(throughput)
                .build())
        .build();
  }

  private static AttributeDefinition stringAttribute(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
