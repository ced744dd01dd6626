package dev.jobs.localrun;

import dev.jobs.localaws.JobsAwsResources;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The jobs in the table, for tests that wait for an ingestion to end there. */
final class StoredJobs {

  private StoredJobs() {}

  static long count(DynamoDbClient dynamoDb) {
    return dynamoDb.scanPaginator(b -> b.tableName(JobsAwsResources.TABLE).select("COUNT")).stream()
        .mapToLong(page -> page.count())
        .sum();
  }

  /** The count once it reached the expected one, or as it stands when the time is up. */
  static long awaitCount(DynamoDbClient dynamoDb, long expected, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    long count = 0;
    while (Instant.now().isBefore(deadline) && (count = count(dynamoDb)) < expected) {
      Thread.sleep(200);
    }
    return count;
  }
}
