package dev.jobs.localaws.rehearsal;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one service's front answers a request: as AWS would, given what the emulator behind it
 * answers. Most requests go through unchanged; a front answers some itself (throttled, failed),
 * changes some on the way (fewer items to write), or cuts an answer short (a reset connection).
 */
interface Front {

  /** A request as received, or as sent on to the emulator. Header names are in lower case. */
  record Request(String method, String uri, Map<String, String> headers, byte[] body) {

    String header(String name) {
      return headers.get(name);
    }

    Request withBody(byte[] changed) {
      return new Request(method, uri, headers, changed);
    }
  }

  /**
   * An answer. Header names are in lower case.
   *
   * @param resetAfter if not negative, the connection is reset after so many bytes of the body
   */
  record Answer(int status, Map<String, String> headers, byte[] body, int resetAfter) {

    static Answer of(int status, Map<String, String> headers, byte[] body) {
      Map<String, String> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      sorted.putAll(headers);
      return new Answer(status, sorted, body, -1);
    }

    Answer withBody(byte[] changed, Map<String, String> changedHeaders) {
      Map<String, String> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      merged.putAll(headers);
      merged.putAll(changedHeaders);
      return new Answer(status, merged, changed, resetAfter);
    }

    Answer resetAfter(int bytes) {
      return new Answer(status, headers, body, bytes);
    }
  }

  /** Sends a request to the emulator. */
  @FunctionalInterface
  interface Emulator {
    Answer send(Request request) throws IOException, InterruptedException;
  }

  Answer answer(Request request, Emulator emulator) throws IOException, InterruptedException;

  /** Every request to the emulator, unchanged. */
  Front THROUGH = (request, emulator) -> emulator.send(request);
}
