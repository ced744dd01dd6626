package dev.jobs.localaws.rehearsal;

import java.io.IOException;
import java.util.Map;

/**
 * SQS as AWS runs it: now and then a call fails with a 500 (InternalError), which clients retry.
 * The call does not reach the queue.
 */
final class SqsFront implements Front {

  static final String FAULTS = "SQS 500s";

  private final Rehearsal rehearsal;

  SqsFront(Rehearsal rehearsal) {
    this.rehearsal = rehearsal;
  }

  @Override
  public Answer answer(Request request, Emulator emulator)
      throws IOException, InterruptedException {
    if (!rehearsal.strike()) {
      return emulator.send(request);
    }
    rehearsal.count(FAULTS);
    String contentType = String.valueOf(request.header("content-type"));
    if (contentType.startsWith("application/x-amz-json")) {
      return Answer.of(
          500,
          Map.of(
              "content-type",
              "application/x-amz-json-1.0",
              "x-amzn-query-error",
              "InternalError;Receiver"),
          FrontServer.utf8(
              "{\"__type\":\"com.amazon.coral.service#InternalError\","
                  + "\"message\":\"We encountered an internal error. Please try again.\"}"));
    }
    return Answer.of(
        500,
        Map.of("content-type", "text/xml"),
        FrontServer.utf8(
            "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code>"
                + "<Message>We encountered an internal error. Please try again.</Message>"
                + "</Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId>"
                + "</ErrorResponse>"));
  }
}
