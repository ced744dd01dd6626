package dev.jobs.pipeline.s3tosqs;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Decodes UTF-8 as it streams, and remembers where the text is not valid UTF-8 and where lines
 * start, by character position, so that each CSV record can be told its line number and whether it
 * held bad bytes. A bad sequence is read as U+FFFD but never passes unnoticed: the real U+FFFD of
 * the data is told apart by its position.
 *
 * <p>Positions are asked for in increasing order, and only a buffer's worth of them is kept: the
 * memory does not grow with the file.
 */
final class TrackingUtf8Reader extends Reader {

  private static final int BUFFER = 16 * 1024;

  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER).flip();
  private final CharBuffer chars = CharBuffer.allocate(BUFFER).flip();
  private boolean endOfInput;
  private long decoded;

  /** Character positions of bad sequences, and of the characters after line feeds. */
  private final ArrayDeque<Long> badAt = new ArrayDeque<>();

  private final ArrayDeque<Long> lineStarts = new ArrayDeque<>();
  private long linesBefore;

  TrackingUtf8Reader(InputStream in) {
    this.in = in;
  }

  @Override
  public int read(char[] target, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (!chars.hasRemaining() && !decodeMore()) {
      return -1;
    }
    int n = Math.min(length, chars.remaining());
    chars.get(target, offset, n);
    return n;
  }

  private boolean decodeMore() throws IOException {
    chars.clear();
    while (chars.position() == 0) {
      if (!endOfInput && bytes.remaining() < 4) {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
          endOfInput = true;
        } else {
          bytes.position(bytes.position() + n);
        }
        bytes.flip();
      }
      int start = chars.position();
      CoderResult result = decoder.decode(bytes, chars, endOfInput);
      note(start, chars.position());
      if (result.isError()) {
        if (!chars.hasRemaining()) {
          break; // found again by the next call, with room to mark it
        }
        badAt.add(decoded);
        bytes.position(bytes.position() + result.length());
        chars.put('\uFFFD');
        decoded++;
      } else if (result.isUnderflow() && endOfInput && !bytes.hasRemaining()) {
        break;
      }
    }
    chars.flip();
    return chars.hasRemaining();
  }

  /** Counts the characters just decoded and notes where lines start among them. */
  private void note(int from, int to) {
    for (int i = from; i < to; i++) {
      if (chars.get(i) == '\n') {
        lineStarts.add(decoded + (i - from) + 1);
      }
    }
    decoded += to - from;
  }

  /** How many characters have been decoded: at the end of the input, the length of the text. */
  long charactersRead() {
    return decoded;
  }

  /** The 1-based line of the character at this position. */
  long lineOf(long position) {
    while (!lineStarts.isEmpty() && lineStarts.peek() <= position) {
      lineStarts.poll();
      linesBefore++;
    }
    return linesBefore + 1;
  }

  /** Whether a bad sequence lies in [from, to); forgets those before {@code to}. */
  boolean badBetween(long from, long to) {
    boolean found = false;
    while (!badAt.isEmpty() && badAt.peek() < to) {
      found |= badAt.poll() >= from;
    }
    return found;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
