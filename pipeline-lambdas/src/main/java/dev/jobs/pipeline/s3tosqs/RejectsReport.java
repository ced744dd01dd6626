package dev.jobs.pipeline.s3tosqs;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.pipeline.IngestionNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The rejected rows of one file, where a user finds them: {@code
 * s3://BUCKET/rejected/<key>.errors.jsonl}, one JSON line a row ({@code line}, {@code reason},
 * {@code fields}). Collected in a temporary file, so that memory does not grow with their number;
 * published when the file is done.
 */
final class RejectsReport implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final Path file;
  private final Writer out;
  private long count;

  RejectsReport(S3Client s3, String bucket, String sourceKey) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = IngestionNames.rejectsReportKey(sourceKey);
    try {
      this.file = Files.createTempFile("rejects-", ".jsonl");
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the rejects file", e);
    }
  }

  synchronized void add(Rejection rejection) {
    try (JsonGenerator line = JSON.createGenerator(out)) {
      line.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      line.writeStartObject();
      line.writeNumberField("line", rejection.line());
      line.writeStringField("reason", rejection.reason());
      line.writeArrayFieldStart("fields");
      for (String field : rejection.fields()) {
        line.writeString(field);
      }
      line.writeEndArray();
      line.writeEndObject();
      line.flush();
      out.write('\n');
      count++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the rejects file", e);
    }
  }

  synchronized long count() {
    return count;
  }

  /**
   * Puts the report in the bucket if a row was rejected; otherwise removes the report of an earlier
   * run of the same file.
   *
   * @return the report's S3 URI, or null if nothing was rejected
   */
  synchronized String publish() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the rejects file", e);
    }
    if (count == 0) {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
      return null;
    }
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType("application/x-ndjson"),
        RequestBody.fromFile(file));
    return "s3://" + bucket + "/" + key;
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the rejects file", e);
    }
  }
}
