package dev.jobs.localaws.rehearsal;

import java.io.IOException;
import java.util.Map;

/**
 * S3 as AWS runs it: now and then an object being read (whole or a range of it) loses its
 * connection in the middle of the body, a reset which the SDK does not retry, and another call
 * fails with a 500 (InternalError), which clients retry.
 */
final class S3Front implements Front {

  static final String RESETS = "S3 objects reset mid-body";
  static final String FAULTS = "S3 500s";

  private final Rehearsal rehearsal;

  S3Front(Rehearsal rehearsal) {
    this.rehearsal = rehearsal;
  }

  @Override
  public Answer answer(Request request, Emulator emulator)
      throws IOException, InterruptedException {
    if (!rehearsal.strike()) {
      return emulator.send(request);
    }
    if (request.method().equals("GET") && isObject(request.uri())) {
      Answer object = emulator.send(request);
      if ((object.status() == 200 || object.status() == 206) && object.body().length > 1) {
        rehearsal.count(RESETS);
        return object.resetAfter(object.body().length / 2);
      }
      return object;
    }
    rehearsal.count(FAULTS);
    return Answer.of(
        500,
        Map.of("content-type", "application/xml"),
        FrontServer.utf8(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code>"
                + "<Message>We encountered an internal error. Please try again.</Message>"
                + "<RequestId>0000000000000000</RequestId></Error>"));
  }

  /** A path-style object URI: /bucket/key (a key that is not a folder). */
  private static boolean isObject(String uri) {
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    int keyStart = path.indexOf('/', 1);
    return keyStart > 0 && keyStart < path.length() - 1 && !path.endsWith("/");
  }
}
