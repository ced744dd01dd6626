package dev.jobs.pipeline.s3tosqs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jobs.pipeline.IngestionNames;
import dev.jobs.pipeline.JobValidation;
import dev.jobs.store.JobStore;
import jakarta.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.io.input.BoundedInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Ingests one CSV file of the bucket: streams it, sends every valid row to the queue as a job (many
 * to a message), and reports every other row with its line and reason. Sending a file twice sends
 * the same messages twice, which the table stores once (keyed by id and city).
 */
public final class CsvIngestion {

  private static final ObjectMapper JSON =
      JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_NULL).build();

  /** How often a listener hears of a file being read (and once as it starts). */
  public static final int PROGRESS_EVERY_ROWS = 1_000;

  /** Rows of SnapStart's priming: enough for the JIT to compile reading, validation and JSON. */
  private static final int PRIMING_ROWS = 500;

  private static final String PRIMING_ROW =
      "%032x,Lyon,ACME,Développeur Java,https://jobs.example/1,cdi,IT,2 years,java,"
          + "2019-09-06 10:49:26.61,wttj\n";

  private final S3Client s3;
  private final SqsClient sqs;
  private final String queueUrl;
  private final IngestionListener listener;
  private final Validator validator = JobValidation.validator();

  public CsvIngestion(S3Client s3, SqsClient sqs, String queueUrl) {
    this(s3, sqs, queueUrl, IngestionListener.NONE);
  }

  public CsvIngestion(S3Client s3, SqsClient sqs, String queueUrl, IngestionListener listener) {
    this.s3 = s3;
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.listener = listener;
  }

  /** Tells the listener that the key is not ingested, and why (the handler does not read it). */
  public void ignore(String key, String reason) {
    listener.ignored(key, reason);
  }

  public IngestionReport ingest(String bucket, String key) throws InterruptedException {
    long start = System.nanoTime();
    long read = 0;
    boolean empty = false;
    try (ResumingObjectStream object = ResumingObjectStream.open(s3, bucket, key);
        BoundedInputStream csv = BoundedInputStream.builder().setInputStream(object).get();
        RejectsReport rejects = new RejectsReport(s3, bucket, key);
        JobQueue queue = new JobQueue(sqs, queueUrl, key, rejects::add)) {
      long bytes = object.response().contentLength();
      listener.reading(key, bytes, 0, 0, 0, 0);
      try (CsvJobReader rows = new CsvJobReader(csv, validator)) {
        empty = rows.isEmpty();
        for (CsvJobReader.Row row; (row = rows.next()) != null; ) {
          read++;
          if (row instanceof CsvJobReader.Valid valid) {
            send(valid, queue, rejects);
          } else if (row instanceof CsvJobReader.Rejected rejected) {
            rejects.add(rejected.rejection());
          }
          if (read % PROGRESS_EVERY_ROWS == 0) {
            listener.reading(key, bytes, csv.getCount(), read, queue.sent(), rejects.count());
          }
        }
      } catch (NotJobOffersException e) {
        rejects.add(
            new Rejection(1, "the file is not a CSV of job offers: " + e.getMessage(), List.of()));
      }
      queue.flush();
      IngestionReport report =
          new IngestionReport(
              bucket,
              key,
              bytes,
              empty,
              read,
              queue.sent(),
              rejects.count(),
              (System.nanoTime() - start) / 1_000_000,
              rejects.publish());
      listener.ingested(report);
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read s3://" + bucket + "/" + key, e);
    }
  }

  /**
   * Runs rows of its own through reading, validation, JSON and the size checks, the send path with
   * a batch the queue refuses, and reads the bucket's folder object: what a first file loads and
   * compiles (SnapStart's priming). Sends and writes nothing.
   */
  public void prime(String bucket) {
    StringBuilder csv =
        new StringBuilder(
            "id,city,company_name,title,url,contract_type,company_sector,user_experience,"
                + "keyword,created_date,provider\n");
    for (int i = 0; i < PRIMING_ROWS; i++) {
      csv.append(PRIMING_ROW.formatted(i));
    }
    csv.append("not-an-id,Lyon,ACME,Rejected\n");
    try (CsvJobReader rows =
            new CsvJobReader(
                new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                validator);
        JobQueue queue = new JobQueue(sqs, queueUrl, "priming", rejection -> {})) {
      for (CsvJobReader.Row row; (row = rows.next()) != null; ) {
        if (row instanceof CsvJobReader.Valid valid) {
          queue.fits(valid.line(), json(valid));
          JobStore.fits(valid.job());
        }
      }
      queue.primeSend();
      // The folder's own object (empty), which Terraform creates: S3's read path.
      try (ResumingObjectStream folder =
          ResumingObjectStream.open(s3, bucket, IngestionNames.INGEST_PREFIX)) {
        folder.readAllBytes();
      } catch (NoSuchKeyException absent) {
        // Read all the same, to its 404.
      }
    } catch (IOException | NotJobOffersException e) {
      throw new IllegalStateException("the priming rows could not be read", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(CsvJobReader.Valid row, JobQueue queue, RejectsReport rejects)
      throws InterruptedException {
    String job = json(row);
    if (!queue.fits(row.line(), job)) {
      rejects.add(
          new Rejection(
              row.line(), "is larger than an SQS message may be (256 KiB)", List.of(job)));
    } else if (!JobStore.fits(row.job())) {
      rejects.add(
          new Rejection(
              row.line(), "is larger than a DynamoDB item may be (400 KB)", List.of(job)));
    } else {
      queue.send(row.line(), job);
    }
  }

  private static String json(CsvJobReader.Valid row) {
    try {
      return JSON.writeValueAsString(row.job());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a job cannot be written as JSON", e);
    }
  }
}
