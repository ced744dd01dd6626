package dev.jobs.pipeline.s3tosqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrackingUtf8ReaderTest {

  @Test
  void decodesUtf8AndFindsBadBytesByPositionNotByReplacementCharacter() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write("ok \uFFFD é\n".getBytes(StandardCharsets.UTF_8)); // chars 0-6, a real U+FFFD at 3
    bytes.write(new byte[] {'b', (byte) 0xE9, 'd', '\n'}); // chars 7-10, a Latin-1 é at 8
    bytes.write(new byte[] {'x', (byte) 0xE2, (byte) 0x82}); // chars 11-12, truncated at the end

    TrackingUtf8Reader reader =
        new TrackingUtf8Reader(new ByteArrayInputStream(bytes.toByteArray()));
    String text = readAll(reader);

    assertThat(text).isEqualTo("ok \uFFFD é\nb\uFFFDd\nx\uFFFD");
    assertThat(reader.badBetween(0, 7)).as("line 1, its U+FFFD is data").isFalse();
    assertThat(reader.badBetween(7, 11)).as("line 2").isTrue();
    assertThat(reader.badBetween(11, 13)).as("line 3").isTrue();
  }

  @Test
  void tellsTheLineOfAPosition() throws IOException {
    TrackingUtf8Reader reader =
        new TrackingUtf8Reader(
            new ByteArrayInputStream("a\nbc\r\n\nd".getBytes(StandardCharsets.UTF_8)));
    readAll(reader);

    assertThat(reader.lineOf(0)).isEqualTo(1);
    assertThat(reader.lineOf(2)).isEqualTo(2);
    assertThat(reader.lineOf(6)).isEqualTo(3);
    assertThat(reader.lineOf(7)).isEqualTo(4);
  }

  @Test
  void keepsMultiByteCharactersWholeAcrossItsBuffer() throws IOException {
    String text = "é".repeat(50_000) + "€".repeat(30_000);

    assertThat(
            readAll(
                new TrackingUtf8Reader(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))))
        .isEqualTo(text);
  }

  private static String readAll(Reader reader) throws IOException {
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[777];
    for (int n; (n = reader.read(buffer, 0, buffer.length)) >= 0; ) {
      text.append(buffer, 0, n);
    }
    return text.toString();
  }
}
