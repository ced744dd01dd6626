package dev.jobs.pipeline.s3tosqs;

import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * An S3 object's body that survives its connection breaking: it reads on from the byte it had
 * reached with a ranged GET of the same object (If-Match its ETag, so a file replaced meanwhile
 * fails instead of being spliced). The SDK retries a call that fails, but not a body that breaks
 * while it is being read, which S3 does now and then to a long download.
 */
final class ResumingObjectStream extends InputStream {

  /** Breaks in a row, without a byte read between them, after which the read fails. */
  static final int MAX_FRUITLESS_RESUMES = 3;

  private static final Logger log = LoggerFactory.getLogger(ResumingObjectStream.class);

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final GetObjectResponse object;
  private ResponseInputStream<GetObjectResponse> body;
  private long position;
  private int fruitlessResumes;

  private ResumingObjectStream(
      S3Client s3, String bucket, String key, ResponseInputStream<GetObjectResponse> body) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.object = body.response();
    this.body = body;
  }

  static ResumingObjectStream open(S3Client s3, String bucket, String key) {
    return new ResumingObjectStream(s3, bucket, key, s3.getObject(b -> b.bucket(bucket).key(key)));
  }

  /** The object's metadata, as its first GET answered. */
  GetObjectResponse response() {
    return object;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    while (true) {
      try {
        int read = body.read(buffer, offset, length);
        if (read > 0) {
          position += read;
          fruitlessResumes = 0;
        }
        return read;
      } catch (IOException e) {
        if (position == object.contentLength()) {
          return -1; // broke after the last byte: nothing is left to read
        }
        resumeAfter(e);
      }
    }
  }

  private void resumeAfter(IOException broken) throws IOException {
    if (Thread.currentThread().isInterrupted() || fruitlessResumes >= MAX_FRUITLESS_RESUMES) {
      throw broken;
    }
    fruitlessResumes++;
    log.atWarn()
        .addKeyValue("key", key)
        .addKeyValue("position", position)
        .addKeyValue("error.message", broken.toString())
        .log("the object's connection broke while it was read; reading on from there");
    body.abort();
    body =
        s3.getObject(
            b -> b.bucket(bucket).key(key).range("bytes=" + position + "-").ifMatch(object.eTag()));
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
