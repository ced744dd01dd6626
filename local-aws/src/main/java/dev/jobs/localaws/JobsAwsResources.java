package dev.jobs.localaws;

import dev.jobs.store.DynamoJobStore;
import dev.jobs.store.JobTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The product's AWS resources, named and set as terraform/ declares them (the Terraform tests check
 * that the two agree), and their creation on the emulators. Creating is idempotent.
 */
public final class JobsAwsResources {

  /** As terraform/ names it by default: job-offers-<account id>-<region>. */
  public static final String BUCKET =
      "job-offers-" + LocalAws.ACCOUNT_ID + "-" + LocalAws.REGION.id();

  public static final String QUEUE = "job-offers-queue";
  public static final String DEAD_LETTER_QUEUE = "job-offers-deadletter-queue";

  /** s3_to_sqs_lambda's on-failure destination. */
  public static final String FAILED_INGESTIONS_QUEUE = "job-offers-failed-ingestions";

  /** Receives of a message before the queue moves it to the dead letter queue. */
  public static final int MAX_RECEIVE_COUNT = 4;

  /** The timeout of the queue's consumer, sqs_to_dynamo_lambda. */
  public static final Duration CONSUMER_TIMEOUT = Duration.ofSeconds(60);

  /** AWS advises at least six times the consumer's timeout. */
  public static final Duration VISIBILITY_TIMEOUT = CONSUMER_TIMEOUT.multipliedBy(6);

  public static final String TABLE = JobTable.DEFAULT_NAME;

  private JobsAwsResources() {}

  /**
   * The job table as terraform/ declares it (the Terraform tests check its keys and index), on
   * demand: the capacity it is given here is its front's ({@link
   * dev.jobs.localaws.rehearsal.Rehearsal}).
   */
  public static void createTable(DynamoDbClient dynamoDb) {
    try {
      dynamoDb.createTable(
          b ->
              b.tableName(TABLE)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      stringAttribute(JobTable.ID), stringAttribute(JobTable.CITY))
                  .keySchema(key(JobTable.ID, KeyType.HASH), key(JobTable.CITY, KeyType.RANGE))
                  .globalSecondaryIndexes(
                      GlobalSecondaryIndex.builder()
                          .indexName(JobTable.CITY_INDEX)
                          .keySchema(
                              key(JobTable.CITY, KeyType.HASH), key(JobTable.ID, KeyType.RANGE))
                          .projection(p -> p.projectionType(ProjectionType.ALL))
                          .build()));
    } catch (ResourceInUseException exists) {
      // Kept from an earlier run.
    }
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

  /** Deletes every job (tests' data are small: a scan and batch deletes). */
  static void emptyTable(DynamoDbClient dynamoDb) {
    List<WriteRequest> deletes =
        dynamoDb
            .scanPaginator(
                b ->
                    b.tableName(TABLE)
                        .projectionExpression("#id, #city")
                        .expressionAttributeNames(
                            Map.of("#id", JobTable.ID, "#city", JobTable.CITY)))
            .items()
            .stream()
            .map(key -> WriteRequest.builder().deleteRequest(d -> d.key(key)).build())
            .toList();
    int most = DynamoJobStore.MAX_BATCH_WRITE_ITEMS;
    for (int from = 0; from < deletes.size(); from += most) {
      List<WriteRequest> batch = deletes.subList(from, Math.min(from + most, deletes.size()));
      dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(TABLE, batch)));
    }
  }

  /**
   * Creates the failed ingestions queue, the dead letter queue, then the queue that redrives to it;
   * returns the queue URL. A queue kept by an earlier run gets the attributes given.
   */
  public static String createQueues(SqsClient sqs, Duration visibilityTimeout) {
    sqs.createQueue(b -> b.queueName(FAILED_INGESTIONS_QUEUE));
    String deadLetterUrl = sqs.createQueue(b -> b.queueName(DEAD_LETTER_QUEUE)).queueUrl();
    String deadLetterArn =
        sqs.getQueueAttributes(
                b -> b.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    String redrivePolicy =
        "{\"deadLetterTargetArn\":\"%s\",\"maxReceiveCount\":\"%d\"}"
            .formatted(deadLetterArn, MAX_RECEIVE_COUNT);
    String queueUrl = sqs.createQueue(b -> b.queueName(QUEUE)).queueUrl();
    sqs.setQueueAttributes(
        b ->
            b.queueUrl(queueUrl)
                .attributes(
                    Map.of(
                        QueueAttributeName.REDRIVE_POLICY,
                        redrivePolicy,
                        QueueAttributeName.VISIBILITY_TIMEOUT,
                        String.valueOf(visibilityTimeout.toSeconds()))));
    return queueUrl;
  }

  public static void createBucket(S3Client s3) {
    try {
      s3.createBucket(b -> b.bucket(BUCKET));
    } catch (BucketAlreadyOwnedByYouException exists) {
      // Kept from an earlier run.
    }
  }
}
