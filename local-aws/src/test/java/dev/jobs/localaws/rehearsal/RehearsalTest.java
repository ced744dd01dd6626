package dev.jobs.localaws.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.junit.WithLocalAws;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The fronts meet the SDK as AWS does, on the emulators: the table's capacity (units, burst credit,
 * reads paid after, partial batches), and faults of each service. The clients here do not retry, so
 * that each answer shows.
 */
@WithLocalAws
class RehearsalTest {

  private static final String TABLE = JobsAwsResources.TABLE;

  private LocalAws aws;
  private DynamoDbClient dynamoDb;

  @BeforeEach
  void emptyEmulators(LocalAws localAws) {
    aws = localAws;
    aws.reset();
    dynamoDb = once(DynamoDbClient.builder(), Service.DYNAMODB);
  }

  @AfterEach
  void noRehearsal() {
    aws.reset();
  }

  /*
   * The two tests below count the writes admitted before the first throttle against the units the
   * table could pay for: its credit plus what it earned while they ran, which a busy machine makes
   * more (a fixed count of 10 failed when the build ran tests in parallel).
   */

  @Test
  void aWriteOverTheCapacityAndItsBurstCreditIsThrottledAsDynamoDbThrottlesIt() throws Exception {
    aws.rehearse(new Rehearsal(TableCapacity.provisioned(5, 5, 2), 0));

    Throttled drained = putUntilThrottled(0);

    assertThat(drained.admitted()).isBetween(10, drained.mostAdmitted(10, 5));
    assertThat(drained.by().statusCode()).isEqualTo(400);
    assertThat(drained.by().isThrottlingException()).isTrue();
    Thread.sleep(1_100);
    put(1_000);
    assertThat(aws.rehearsal().counted(DynamoDbFront.THROTTLED)).isEqualTo(1);
  }

  @Test
  void unusedCapacityIsKeptUpToTheBurstCreditNoMore() throws Exception {
    aws.rehearse(new Rehearsal(TableCapacity.provisioned(5, 5, 2), 0));
    putUntilThrottled(0);
    Thread.sleep(3_000); // 15 units unused; 10 kept

    Throttled kept = putUntilThrottled(1_000);

    assertThat(kept.admitted()).isBetween(10, kept.mostAdmitted(10, 5));
  }

  /** Puts items from {@code first} on until one is throttled, at most 1,000. */
  private Throttled putUntilThrottled(int first) {
    long start = System.nanoTime();
    for (int i = first; i < first + 1_000; i++) {
      try {
        put(i);
      } catch (ProvisionedThroughputExceededException e) {
        return new Throttled(i - first, (System.nanoTime() - start) / 1e9, e);
      }
    }
    throw new AssertionError("1,000 writes and none throttled");
  }

  /** How many writes were admitted, in how many seconds, before which throttle. */
  private record Throttled(
      int admitted, double seconds, ProvisionedThroughputExceededException by) {

    /** The most a table could admit: its credit, and the units it earned meanwhile, rounded up. */
    int mostAdmitted(int credit, int unitsPerSecond) {
      return credit + (int) Math.ceil(unitsPerSecond * seconds);
    }
  }

  /** DynamoDB writes what it can pay for and gives the rest back; if none, it throws. */
  @Test
  void aBatchOverTheCapacityLeavesItsRestUnprocessedAndOneWithNothingWrittenIsThrottled() {
    aws.rehearse(new Rehearsal(TableCapacity.provisioned(1, 1, 0), 0));
    List<WriteRequest> writes = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      Map<String, AttributeValue> item = item(i);
      writes.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
    }

    BatchWriteItemResponse first =
        dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(TABLE, writes)));

    List<WriteRequest> unprocessed = first.unprocessedItems().get(TABLE);
    assertThat(unprocessed).hasSize(24).isSubsetOf(writes);
    assertThat(storedItems()).isEqualTo(1);
    assertThatThrownBy(
            () -> dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(TABLE, unprocessed))))
        .isInstanceOf(ProvisionedThroughputExceededException.class);
    assertThat(aws.rehearsal().counted(DynamoDbFront.UNPROCESSED)).isEqualTo(24 + 24);
  }

  /**
   * DynamoDB validates before it meters: a write it refuses (a key attribute empty) is refused at
   * once, never throttled, and costs nothing (SnapStart's priming writes such a batch).
   */
  @Test
  void aWriteDynamoDbRefusesIsRefusedAtOnceAndCostsNoCapacity() {
    aws.rehearse(new Rehearsal(TableCapacity.provisioned(1, 1, 0), 0));
    List<WriteRequest> invalid = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      Map<String, AttributeValue> item = new java.util.HashMap<>(item(i));
      item.put("city", AttributeValue.fromS(""));
      invalid.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
    }

    for (int attempt = 0; attempt < 3; attempt++) {
      assertThatThrownBy(() -> dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(TABLE, invalid))))
          .isInstanceOf(DynamoDbException.class)
          .hasMessageContaining("empty string");
      assertThatThrownBy(
              () ->
                  dynamoDb.putItem(
                      b -> b.tableName(TABLE).item(invalid.get(0).putRequest().item())))
          .isInstanceOf(DynamoDbException.class)
          .hasMessageContaining("empty string");
    }

    assertThat(aws.rehearsal().events()).isEmpty();
    put(0); // the one unit a second was not spent
    assertThat(storedItems()).isEqualTo(1);
  }

  /** A read is let in while units remain, and pays for what it read: a big one leaves a debt. */
  @Test
  void aReadPaysForWhatItReadAfterwardsSoALargeOneThrottlesTheNext() {
    for (int i = 0; i < 40; i++) {
      Map<String, AttributeValue> item = new java.util.HashMap<>(item(i));
      item.put("description", AttributeValue.fromS("x".repeat(4_000)));
      aws.direct().dynamoDb().putItem(b -> b.tableName(TABLE).item(item));
    }
    aws.rehearse(new Rehearsal(TableCapacity.provisioned(1, 1, 1), 0));

    assertThat(dynamoDb.scan(b -> b.tableName(TABLE)).items()).hasSize(40); // 20 units: a debt

    assertThatThrownBy(() -> dynamoDb.getItem(b -> b.tableName(TABLE).key(key(0))))
        .isInstanceOf(ProvisionedThroughputExceededException.class);
  }

  @Test
  void onDemandTheTableTakesWhatThisMachineCanWrite() {
    for (int i = 0; i < 200; i++) {
      put(i);
    }

    assertThat(aws.rehearsal().events()).isEmpty();
  }

  @Test
  void aFaultyDynamoDbThrottlesOrFailsWithA500AndWritesNothing() {
    aws.rehearse(new Rehearsal(TableCapacity.ON_DEMAND, 1));

    for (int i = 0; i < 10; i++) {
      int n = i;
      assertThatThrownBy(() -> put(n))
          .isInstanceOfSatisfying(
              DynamoDbException.class,
              e ->
                  assertThat(e.isThrottlingException() || e.statusCode() == 500)
                      .as(e.getMessage())
                      .isTrue());
    }
    assertThat(storedItems()).isZero();
    assertThat(aws.rehearsal().counted(DynamoDbFront.FAULTS)).isEqualTo(10);
  }

  @Test
  void aFaultySqsAnswers500sAndQueuesNothing() {
    SqsClient sqs = once(SqsClient.builder(), Service.SQS);
    aws.rehearse(new Rehearsal(TableCapacity.ON_DEMAND, 1));

    assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(aws.queueUrl()).messageBody("[]")))
        .isInstanceOfSatisfying(SqsException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    aws.rehearse(Rehearsal.none());
    assertThat(sqs.receiveMessage(b -> b.queueUrl(aws.queueUrl())).messages()).isEmpty();
  }

  /** A reset mid-body reaches the reader as an I/O error after part of the object. */
  @Test
  void aFaultyS3ResetsAnObjectMidBodyAndFailsOtherCallsWithA500() throws Exception {
    S3Client s3 = once(S3Client.builder(), Service.S3);
    String key = "reset.csv";
    byte[] content = "x".repeat(100_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    aws.direct()
        .s3()
        .putObject(b -> b.bucket(JobsAwsResources.BUCKET).key(key), RequestBody.fromBytes(content));
    aws.rehearse(new Rehearsal(TableCapacity.ON_DEMAND, 1));

    long[] read = {0};
    assertThatThrownBy(
            () -> {
              try (InputStream object =
                  s3.getObject(b -> b.bucket(JobsAwsResources.BUCKET).key(key))) {
                byte[] buffer = new byte[8192];
                for (int n = object.read(buffer); n >= 0; n = object.read(buffer)) {
                  read[0] += n;
                }
              }
            })
        .isInstanceOf(IOException.class);
    assertThat(read[0]).isPositive().isLessThan(content.length);
    assertThatThrownBy(
            () ->
                s3.putObject(
                    b -> b.bucket(JobsAwsResources.BUCKET).key(key), RequestBody.fromString("")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    assertThat(aws.rehearsal().events())
        .containsEntry(S3Front.RESETS, 1L)
        .containsEntry(S3Front.FAULTS, 1L);
  }

  private void put(int i) {
    dynamoDb.putItem(b -> b.tableName(TABLE).item(item(i)));
  }

  private static Map<String, AttributeValue> item(int i) {
    return Map.of(
        "id", AttributeValue.fromS("%032x".formatted(i)),
        "city", AttributeValue.fromS("Lyon"),
        "title", AttributeValue.fromS("Job " + i));
  }

  private static Map<String, AttributeValue> key(int i) {
    return Map.of(
        "id", AttributeValue.fromS("%032x".formatted(i)), "city", AttributeValue.fromS("Lyon"));
  }

  private int storedItems() {
    return aws.direct().dynamoDb().scan(b -> b.tableName(TABLE)).count();
  }

  /** A client of the front that tries each call once. */
  private <B extends AwsClientBuilder<B, C>, C> C once(B builder, Service service) {
    return builder
        .endpointOverride(aws.endpoint(service))
        .region(LocalAws.REGION)
        .credentialsProvider(LocalAws.CREDENTIALS)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }
}
