package dev.jobs.pipeline.s3tosqs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import dev.jobs.lambda.AwsClients;
import dev.jobs.lambda.LambdaLogContext;
import dev.jobs.lambda.SnapStartPriming;
import dev.jobs.pipeline.IngestionNames;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * s3_to_sqs_lambda: for every CSV file an S3 event announces (every record, not only the first),
 * ingests it and logs one JSON summary line; for any other key, one line saying why it is not.
 * Environment: {@code QUEUE_URL}, and {@code BUCKET_NAME}, the bucket it is notified of, which
 * SnapStart's priming reads.
 */
public class S3ToSqsHandler implements RequestHandler<S3Event, Void> {

  private static final Logger log = LoggerFactory.getLogger(S3ToSqsHandler.class);

  private final CsvIngestion ingestion;
  private final SnapStartPriming priming;

  /**
   * As Lambda builds it: clients, queue and bucket from the environment, progress in the log,
   * primed before a SnapStart snapshot.
   */
  public S3ToSqsHandler() {
    this(
        new CsvIngestion(
            AwsClients.build(S3Client.builder()),
            AwsClients.build(SqsClient.builder()),
            AwsClients.required("QUEUE_URL"),
            new LoggedProgress()),
        AwsClients.required("BUCKET_NAME"));
  }

  /** Not primed (the tests). */
  public S3ToSqsHandler(CsvIngestion ingestion) {
    this(ingestion, null);
  }

  private S3ToSqsHandler(CsvIngestion ingestion, String primingBucket) {
    this.ingestion = ingestion;
    this.priming =
        primingBucket == null
            ? null
            : SnapStartPriming.register("s3_to_sqs", () -> ingestion.prime(primingBucket));
  }

  @Override
  public Void handleRequest(S3Event event, Context context) {
    try (LambdaLogContext invocation = LambdaLogContext.open(context)) {
      ingestAll(event);
    }
    return null;
  }

  private void ingestAll(S3Event event) {
    for (S3EventNotificationRecord record : event.getRecords()) {
      String bucket = record.getS3().getBucket().getName();
      // Keys arrive URL-encoded, a space as '+'.
      String key = record.getS3().getObject().getUrlDecodedKey();
      Optional<String> whyIgnored = IngestionNames.whyIgnored(key);
      if (whyIgnored.isPresent()) {
        ingestion.ignore(key, whyIgnored.get());
        continue;
      }
      try {
        IngestionReport report = ingestion.ingest(bucket, key);
        log.atInfo()
            .addKeyValue("bucket", report.bucket())
            .addKeyValue("key", report.key())
            .addKeyValue("rows_read", report.rowsRead())
            .addKeyValue("rows_sent", report.rowsSent())
            .addKeyValue("rows_rejected", report.rowsRejected())
            .addKeyValue("bytes", report.bytes())
            .addKeyValue("empty_file", report.empty())
            .addKeyValue("duration_ms", report.durationMillis())
            .addKeyValue("rejects_report", report.rejectsReport())
            .log("ingested s3://{}/{}", bucket, key);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while ingesting s3://" + bucket + "/" + key, e);
      }
    }
  }
}
