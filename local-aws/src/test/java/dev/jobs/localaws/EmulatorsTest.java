package dev.jobs.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.localaws.junit.WithLocalAws;
import dev.jobs.store.JobTable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Each emulator answers the SDK calls the product makes, on the resources it defines. */
@WithLocalAws
class EmulatorsTest {

  @Test
  void dynamoDbHoldsTheJobTableWithItsCityIndex(DynamoDbClient dynamoDb) {
    TableDescription table =
        dynamoDb.describeTable(b -> b.tableName(JobsAwsResources.TABLE)).table();

    assertThat(table.keySchema())
        .extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
        .containsExactly("id:HASH", "city:RANGE");
    assertThat(table.globalSecondaryIndexes())
        .singleElement()
        .satisfies(index -> assertThat(index.indexName()).isEqualTo(JobTable.CITY_INDEX));
  }

  @Test
  void dynamoDbPutsGetsAndQueriesAnItem(DynamoDbClient dynamoDb) {
    String id = UUID.randomUUID().toString().replace("-", "");
    String city = "City-" + id;
    Map<String, AttributeValue> item =
        Map.of(
            "id", AttributeValue.fromS(id),
            "city", AttributeValue.fromS(city),
            "title", AttributeValue.fromS("Data «engineer»"));

    dynamoDb.putItem(b -> b.tableName(JobsAwsResources.TABLE).item(item));

    assertThat(
            dynamoDb
                .getItem(
                    b ->
                        b.tableName(JobsAwsResources.TABLE)
                            .key(
                                Map.of(
                                    "id", AttributeValue.fromS(id),
                                    "city", AttributeValue.fromS(city))))
                .item())
        .isEqualTo(item);
    assertThat(
            dynamoDb
                .query(
                    b ->
                        b.tableName(JobsAwsResources.TABLE)
                            .indexName(JobTable.CITY_INDEX)
                            .keyConditionExpression("city = :city")
                            .expressionAttributeValues(Map.of(":city", AttributeValue.fromS(city))))
                .items())
        .containsExactly(item);
  }

  @Test
  void sqsSendsAndReceivesAMessage(LocalAws aws, SqsClient sqs) {
    String body = "{\"id\":\"" + UUID.randomUUID() + "\"}";

    sqs.sendMessage(b -> b.queueUrl(aws.queueUrl()).messageBody(body));
    List<Message> received = receive(sqs, aws.queueUrl(), 0);

    assertThat(received).extracting(Message::body).containsExactly(body);
    sqs.deleteMessage(
        b -> b.queueUrl(aws.queueUrl()).receiptHandle(received.get(0).receiptHandle()));
  }

  @Test
  void sqsQueueUrlsAndArnsLookLikeAws(LocalAws aws, SqsClient sqs) {
    String arn =
        sqs.getQueueAttributes(
                b -> b.queueUrl(aws.queueUrl()).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);

    assertThat(arn).isEqualTo("arn:aws:sqs:eu-west-1:000000000000:job-offers-queue");
    assertThat(aws.queueUrl()).endsWith("/000000000000/job-offers-queue");
  }

  @Test
  void sqsMovesAMessageToTheDeadLetterQueueAfterFourReceives(LocalAws aws, SqsClient sqs) {
    String body = "poison " + UUID.randomUUID();
    sqs.sendMessage(b -> b.queueUrl(aws.queueUrl()).messageBody(body));

    for (int receive = 1; receive <= JobsAwsResources.MAX_RECEIVE_COUNT; receive++) {
      // Never deleted, visible again at once: a consumer that fails every time.
      assertThat(receive(sqs, aws.queueUrl(), 0)).extracting(Message::body).containsExactly(body);
    }

    assertThat(receive(sqs, aws.queueUrl(), 0)).isEmpty();
    List<Message> dead = receive(sqs, aws.deadLetterQueueUrl(), 30);
    assertThat(dead).extracting(Message::body).containsExactly(body);
    assertThat(dead.get(0).attributes())
        .containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "5");
    sqs.deleteMessage(
        b -> b.queueUrl(aws.deadLetterQueueUrl()).receiptHandle(dead.get(0).receiptHandle()));
  }

  @Test
  void s3HoldsTheBucketAndPutsAndGetsAnObject(S3Client s3) {
    String key = "emulator-test " + UUID.randomUUID() + ".csv";
    String csv = "id,city\n\"36cc30fd1f56b5c9ebca2fc90e10a979\",\"Lyon\"\n";

    s3.putObject(b -> b.bucket(JobsAwsResources.BUCKET).key(key), RequestBody.fromString(csv));

    assertThat(s3.getObjectAsBytes(b -> b.bucket(JobsAwsResources.BUCKET).key(key)).asUtf8String())
        .isEqualTo(csv);
    assertThat(
            s3.listObjectsV2(b -> b.bucket(JobsAwsResources.BUCKET).prefix("emulator-test"))
                .contents())
        .extracting(o -> o.key())
        .contains(key);
    s3.deleteObject(b -> b.bucket(JobsAwsResources.BUCKET).key(key));
  }

  private static List<Message> receive(SqsClient sqs, String queueUrl, int visibilityTimeout) {
    return sqs.receiveMessage(
            b ->
                b.queueUrl(queueUrl)
                    .maxNumberOfMessages(10)
                    .visibilityTimeout(visibilityTimeout)
                    .waitTimeSeconds(1)
                    .messageSystemAttributeNames(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
        .messages();
  }
}
