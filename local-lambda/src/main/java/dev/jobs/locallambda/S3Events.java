package dev.jobs.locallambda;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3BucketEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3Entity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.UserIdentityEntity;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** S3 ObjectCreated events as S3 sends them to a Lambda: the key URL-encoded. */
public final class S3Events {

  private S3Events() {}

  public static S3Event objectCreated(String bucket, String key, long size, String eTag) {
    S3Entity s3 =
        new S3Entity(
            "job-offers-csv",
            new S3BucketEntity(
                bucket, new UserIdentityEntity("A3NL1KOZZKExample"), "arn:aws:s3:::" + bucket),
            new S3ObjectEntity(encode(key), size, eTag, null, "0055AED6DCD90281E5"),
            "1.0");
    S3EventNotificationRecord record =
        new S3EventNotificationRecord(
            "eu-west-1",
            "ObjectCreated:Put",
            "aws:s3",
            "2026-11-28T10:00:00.000Z",
            "2.1",
            new S3EventNotification.RequestParametersEntity("203.0.113.7"),
            new S3EventNotification.ResponseElementsEntity("x-amz-id-2", "x-amz-request-id"),
            s3,
            new UserIdentityEntity("AWS:AIDAEXAMPLE"));
    return new S3Event(List.of(record));
  }

  /** As S3 writes keys in events: URL-encoded, a space as '+', slashes kept. */
  static String encode(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
  }
}
