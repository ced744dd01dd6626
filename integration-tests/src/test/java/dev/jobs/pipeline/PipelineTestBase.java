package dev.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.junit.WithLocalAws;
import dev.jobs.locallambda.S3Events;
import dev.jobs.locallambda.SqsEventSourceMapping;
import dev.jobs.pipeline.s3tosqs.CsvIngestion;
import dev.jobs.pipeline.s3tosqs.S3ToSqsHandler;
import dev.jobs.pipeline.sqstodynamo.JobMessageWriter;
import dev.jobs.pipeline.sqstodynamo.JobRequeue;
import dev.jobs.pipeline.sqstodynamo.SqsToDynamoHandler;
import dev.jobs.pipeline.sqstodynamo.WriteListener;
import dev.jobs.store.DynamoJobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The two ingestion Lambdas wired as AWS wires them, on the emulators, from an empty table, queue
 * and bucket: a file put in the bucket, its S3 event to s3_to_sqs_lambda, the queue drained into
 * sqs_to_dynamo_lambda.
 */
@WithLocalAws
public abstract class PipelineTestBase {

  protected static final String BUCKET = JobsAwsResources.BUCKET;
  private static final ObjectMapper JSON = new ObjectMapper();

  protected LocalAws aws;
  protected S3ToSqsHandler s3ToSqs;
  protected SqsToDynamoHandler sqsToDynamo;

  @BeforeEach
  void emptyTableQueueAndBucket(LocalAws localAws) {
    aws = localAws;
    aws.reset();
    s3ToSqs = new S3ToSqsHandler(new CsvIngestion(aws.s3(), aws.sqs(), aws.queueUrl()));
    sqsToDynamo =
        new SqsToDynamoHandler(
            new JobMessageWriter(
                new DynamoJobStore(aws.dynamoDb(), JobsAwsResources.TABLE),
                new JobRequeue(aws.sqs(), aws.queueUrl()),
                WriteListener.NONE));
  }

  /** Puts the file under job_offers/ and delivers its S3 event; returns its key. */
  protected String upload(String name, byte[] content) {
    String key = IngestionNames.INGEST_PREFIX + name;
    var put = aws.s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(content));
    s3ToSqs.handleRequest(S3Events.objectCreated(BUCKET, key, content.length, put.eTag()), null);
    return key;
  }

  /** Drains the queue into the table, as the event source mapping would. */
  protected void drainQueue() {
    new SqsEventSourceMapping(aws.sqs(), aws.queueUrl(), sqsToDynamo).drain();
  }

  /** The table's items, read past its front: never throttled. */
  protected List<Map<String, AttributeValue>> tableItems() {
    return aws
        .direct()
        .dynamoDb()
        .scanPaginator(b -> b.tableName(JobsAwsResources.TABLE))
        .items()
        .stream()
        .toList();
  }

  /** An item's attributes as text; every attribute of a job item is a string. */
  protected static Map<String, String> strings(Map<String, AttributeValue> item) {
    return item.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s()));
  }

  /** The rejects report of a file, one JSON object a rejected row; empty if it has none. */
  protected List<JsonNode> rejects(String key) {
    try {
      String report =
          aws.s3()
              .getObjectAsBytes(b -> b.bucket(BUCKET).key(IngestionNames.rejectsReportKey(key)))
              .asUtf8String();
      return report.lines().map(PipelineTestBase::parse).toList();
    } catch (NoSuchKeyException none) {
      return List.of();
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
