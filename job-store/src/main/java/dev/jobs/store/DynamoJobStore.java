package dev.jobs.store;

import dev.jobs.model.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The job table on DynamoDB: the only class that calls it, for the job API and the pipeline. SDK
 * errors become the port's: a failed condition {@link JobConflictException}, throttling, a 5xx or
 * no answer {@link StoreUnavailableException}, any other refusal {@link JobRejectedException}.
 */
public final class DynamoJobStore implements JobStore {

  /** Writes that must find the job stored, and writes that must not. */
  private static final String ABSENT = "attribute_not_exists(" + JobTable.ID + ")";

  /** BatchWriteItem takes at most 25 items a call. */
  public static final int MAX_BATCH_WRITE_ITEMS = 25;

  /**
   * The pause before sending again what DynamoDB did not take, by attempts without progress: at
   * most a second, so that a throttled table's units are used as they come back.
   */
  private static final BackoffStrategy WRITE_BACKOFF =
      BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofSeconds(1));

  private final DynamoDbClient dynamoDb;
  private final String tableName;

  public DynamoJobStore(DynamoDbClient dynamoDb, String tableName) {
    this.dynamoDb = dynamoDb;
    this.tableName = tableName;
  }

  @Override
  public Optional<Job> find(JobKey key) {
    GetItemResponse response =
        translated(
            () ->
                dynamoDb.getItem(
                    b -> b.tableName(tableName).key(JobItems.key(key.id(), key.city()))));
    return response.hasItem() ? Optional.of(JobItems.toJob(response.item())) : Optional.empty();
  }

  /** One query of the hash key: an id's jobs are a few items, far under a page's 1 MB. */
  @Override
  public List<Job> withId(String id) {
    QueryResponse response =
        translated(
            () ->
                dynamoDb.query(
                    QueryRequest.builder()
                        .tableName(tableName)
                        .keyConditionExpression("#id = :id")
                        .expressionAttributeNames(Map.of("#id", JobTable.ID))
                        .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(id)))
                        .build()));
    return response.items().stream().map(JobItems::toJob).toList();
  }

  /**
   * Reads one item more than asked, so that a cursor is given only when another page has jobs (a
   * page that ends exactly at the table's end would otherwise carry a cursor to an empty page). The
   * cursor is the key of the page's last job.
   */
  @Override
  public JobSlice list(int limit, Optional<String> city, Optional<JobKey> after) {
    return translated(() -> page(limit, city, after));
  }

  private JobSlice page(int limit, Optional<String> city, Optional<JobKey> after) {
    Map<String, AttributeValue> startKey =
        after.map(key -> JobItems.key(key.id(), key.city())).orElse(null);
    List<Map<String, AttributeValue>> items;
    boolean stoppedEarly;
    if (city.isPresent()) {
      QueryResponse page =
          dynamoDb.query(
              QueryRequest.builder()
                  .tableName(tableName)
                  .indexName(JobTable.CITY_INDEX)
                  .keyConditionExpression("#city = :city")
                  .expressionAttributeNames(Map.of("#city", JobTable.CITY))
                  .expressionAttributeValues(Map.of(":city", AttributeValue.fromS(city.get())))
                  .limit(limit + 1)
                  .exclusiveStartKey(startKey)
                  .build());
      items = page.items();
      stoppedEarly = page.hasLastEvaluatedKey() && items.size() <= limit;
    } else {
      ScanResponse page =
          dynamoDb.scan(
              ScanRequest.builder()
                  .tableName(tableName)
                  .limit(limit + 1)
                  .exclusiveStartKey(startKey)
                  .build());
      items = page.items();
      stoppedEarly = page.hasLastEvaluatedKey() && items.size() <= limit;
    }
    List<Map<String, AttributeValue>> kept = items.subList(0, Math.min(limit, items.size()));
    // More follow if an item was held back, or if DynamoDB stopped at its 1 MB page limit.
    Optional<JobKey> next =
        (items.size() > limit || stoppedEarly) && !kept.isEmpty()
            ? Optional.of(keyOf(kept.get(kept.size() - 1)))
            : Optional.empty();
    return new JobSlice(kept.stream().map(JobItems::toJob).toList(), next);
  }

  private static JobKey keyOf(Map<String, AttributeValue> item) {
    return new JobKey(item.get(JobTable.ID).s(), item.get(JobTable.CITY).s());
  }

  @Override
  public void create(Job job) {
    try {
      translated(
          () ->
              dynamoDb.putItem(
                  b ->
                      b.tableName(tableName)
                          .item(JobItems.toItem(job))
                          .conditionExpression(ABSENT)));
    } catch (ConditionalCheckFailedException e) {
      throw new JobConflictException("a job with id " + job.getId() + " exists", e);
    }
  }

  @Override
  public void replace(Job job, Job expected) {
    Unchanged unchanged = Unchanged.from(expected);
    try {
      translated(
          () ->
              dynamoDb.putItem(
                  b ->
                      b.tableName(tableName)
                          .item(JobItems.toItem(job))
                          .conditionExpression(unchanged.expression())
                          .expressionAttributeNames(unchanged.names())
                          .expressionAttributeValues(unchanged.values())));
    } catch (ConditionalCheckFailedException e) {
      throw new JobConflictException("job " + job.getId() + " changed or was deleted meanwhile", e);
    }
  }

  /**
   * The condition that an item is still the job as read: every attribute of the job equal, every
   * other attribute absent.
   */
  private record Unchanged(
      String expression, Map<String, String> names, Map<String, AttributeValue> values) {

    static Unchanged from(Job expected) {
      Map<String, AttributeValue> item = JobItems.toItem(expected);
      List<String> conditions = new ArrayList<>();
      Map<String, String> names = new HashMap<>();
      Map<String, AttributeValue> values = new HashMap<>();
      List<String> attributes = JobItems.ATTRIBUTES;
      for (int i = 0; i < attributes.size(); i++) {
        String attribute = attributes.get(i);
        names.put("#a" + i, attribute);
        if (item.containsKey(attribute)) {
          values.put(":v" + i, item.get(attribute));
          conditions.add("#a" + i + " = :v" + i);
        } else {
          conditions.add("attribute_not_exists(#a" + i + ")");
        }
      }
      return new Unchanged(String.join(" AND ", conditions), names, values);
    }
  }

  /**
   * Writes the jobs with BatchWriteItem, {@value #MAX_BATCH_WRITE_ITEMS} a call, until all are
   * written or the deadline comes; no SDK call runs past it. DynamoDB refuses a batch that names a
   * key twice: the last job of a key is the one sent. What DynamoDB does not take (items left
   * unprocessed, a call throttled whole, a 5xx or no answer after the SDK's own retries) is sent
   * again after a pause, exponential with full jitter while nothing gets through, short again once
   * something does: the writes slow down to the table's capacity instead of failing.
   *
   * @return the jobs still unwritten when the deadline came
   */
  @Override
  public List<Job> putAll(List<Job> jobs, Instant deadline) throws InterruptedException {
    Map<JobKey, Job> lastByKey = new LinkedHashMap<>();
    jobs.forEach(job -> lastByKey.put(JobKey.of(job), job));
    Deque<WriteRequest> pending = new ArrayDeque<>();
    lastByKey.values().stream()
        .map(job -> WriteRequest.builder().putRequest(p -> p.item(JobItems.toItem(job))).build())
        .forEach(pending::add);
    int fruitless = 0;
    while (!pending.isEmpty()) {
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative() || left.isZero()) {
        break;
      }
      List<WriteRequest> batch = new ArrayList<>(MAX_BATCH_WRITE_ITEMS);
      while (batch.size() < MAX_BATCH_WRITE_ITEMS && !pending.isEmpty()) {
        batch.add(pending.poll());
      }
      List<WriteRequest> unprocessed = writeBatch(batch, left);
      unprocessed.forEach(pending::addFirst);
      if (unprocessed.isEmpty()) {
        continue;
      }
      fruitless = unprocessed.size() < batch.size() ? 1 : fruitless + 1;
      Duration pause = WRITE_BACKOFF.computeDelay(fruitless);
      if (pause.compareTo(Duration.between(Instant.now(), deadline)) >= 0) {
        break;
      }
      Thread.sleep(pause.toMillis());
    }
    return pending.stream().map(request -> JobItems.toJob(request.putRequest().item())).toList();
  }

  /** The requests DynamoDB did not take: unprocessed, or all of them if the call failed. */
  private List<WriteRequest> writeBatch(List<WriteRequest> batch, Duration timeout) {
    try {
      return translated(
              () ->
                  dynamoDb.batchWriteItem(
                      b ->
                          b.requestItems(Map.of(tableName, batch))
                              .overrideConfiguration(o -> o.apiCallTimeout(timeout))))
          .unprocessedItems()
          .getOrDefault(tableName, List.of());
    } catch (StoreUnavailableException e) {
      return batch;
    }
  }

  @Override
  public boolean delete(Job expected) {
    Unchanged unchanged = Unchanged.from(expected);
    try {
      translated(
          () ->
              dynamoDb.deleteItem(
                  b ->
                      b.tableName(tableName)
                          .key(JobItems.key(expected.getId(), expected.getCity()))
                          .conditionExpression(unchanged.expression())
                          .expressionAttributeNames(unchanged.names())
                          .expressionAttributeValues(unchanged.values())));
      return true;
    } catch (ConditionalCheckFailedException e) {
      if (find(JobKey.of(expected)).isEmpty()) {
        return false;
      }
      throw new JobConflictException("job " + expected.getId() + " changed meanwhile", e);
    }
  }

  /**
   * The call, with SDK errors as the port's; a failed condition is left to the caller, which knows
   * what it means.
   */
  private static <T> T translated(Supplier<T> call) {
    try {
      return call.get();
    } catch (ConditionalCheckFailedException e) {
      throw e;
    } catch (DynamoDbException e) {
      if (e.isThrottlingException() || e.statusCode() >= 500) {
        throw new StoreUnavailableException("DynamoDB is unavailable: " + errorCode(e), e);
      }
      throw new JobRejectedException("DynamoDB refused the request: " + errorCode(e), e);
    } catch (SdkClientException e) {
      throw new StoreUnavailableException("DynamoDB did not answer", e);
    }
  }

  private static String errorCode(DynamoDbException e) {
    return e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode();
  }
}
