package dev.jobs.api.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobs.store.JobKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageCursorTest {

  private static final JobKey KEY = new JobKey("36cc30fd1f56b5c9ebca2fc90e10a979", "Lyon");

  @Test
  void decodesWhatItEncodedAsUrlSafeText() {
    String cursor = PageCursor.encode(KEY, Optional.empty());

    assertThat(cursor).matches("[A-Za-z0-9_-]+");
    assertThat(PageCursor.decode(cursor, Optional.empty())).isEqualTo(KEY);
    assertThat(PageCursor.decode(PageCursor.encode(KEY, Optional.of("Lyon")), Optional.of("Lyon")))
        .isEqualTo(KEY);
  }

  @Test
  void refusesACursorOfAnotherListing() {
    String ofAllJobs = PageCursor.encode(KEY, Optional.empty());
    String ofLyon = PageCursor.encode(KEY, Optional.of("Lyon"));

    assertThatThrownBy(() -> PageCursor.decode(ofAllJobs, Optional.of("Lyon")))
        .isInstanceOf(InvalidCursorException.class);
    assertThatThrownBy(() -> PageCursor.decode(ofLyon, Optional.empty()))
        .isInstanceOf(InvalidCursorException.class);
    assertThatThrownBy(() -> PageCursor.decode(ofLyon, Optional.of("Paris")))
        .isInstanceOf(InvalidCursorException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "!!!",
        "{\"id\":\"36cc30fd1f56b5c9ebca2fc90e10a979\"}",
        "{\"id\":\"ZZ\",\"city\":\"Lyon\"}",
        "{\"id\":\"36cc30fd1f56b5c9ebca2fc90e10a979\",\"city\":\"\"}",
        "{\"id\":\"36cc30fd1f56b5c9ebca2fc90e10a979\",\"city\":\"Lyon\",\"extra\":1}",
        "{\"id\":36,\"city\":\"Lyon\"}",
        "{\"id\":\"36cc30fd1f56b5c9ebca2fc90e10a979\",\"city\":5}",
        "{\"id\":\"36cc30fd1f56b5c9ebca2fc90e10a979\",\"city\":\"Lyon\"} trailing",
        "{\"id\":\"36cc30fd1f56b5c9ebca2fc90e10a979\",\"city\":\"Lyon\",\"city\":\"Lyon\"}",
        "{\"city\":\"Lyon\",\"id\":\"36cc30fd1f56b5c9ebca2fc90e10a979\"}",
        "{ \"id\":\"36cc30fd1f56b5c9ebca2fc90e10a979\",\"city\":\"Lyon\"}",
        "[1,2]",
        "null"
      })
  void refusesATamperedCursor(String json) {
    String cursor =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(json.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> PageCursor.decode(cursor, Optional.empty()))
        .isInstanceOf(InvalidCursorException.class);
  }
}
