package dev.jobs.localrun;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import dev.jobs.localaws.JobsAwsResources;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The jobs in the table, for tests that wait for an ingestion to end there. */
final class StoredJobs {

  private StoredJobs() {}

  static long count(DynamoDbClient dynamoDb) {
    return dynamoDb.scanPaginator(b -> b.tableName(JobsAwsResources.TABLE).select("COUNT")).stream()
        .mapToLong(page -> page.count())
        .sum();
  }

  /**
   * The count once it reached the expected one, asked every 200 ms (a scan); when the time is up,
   * fails with the count it stood at.
   */
  static long awaitCount(DynamoDbClient dynamoDb, long expected, Duration timeout) {
    return await("the jobs stored")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> count(dynamoDb), greaterThanOrEqualTo(expected));
  }
}
