package dev.jobs.api.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jobs.store.JobKey;
import java.io.IOException;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The opaque {@code cursor} of a listing: where the next page starts (the store's last evaluated
 * key) and which listing it belongs to (all jobs, or one city's), as URL-safe base64 of a small
 * JSON document. Decoding checks all of it, so a client's mistake is a 400, never a 500: a cursor
 * is taken only if it is, byte for byte, the one {@link #encode} gives for what it decodes to (no
 * number for a string, no key twice, nothing after the document).
 */
public final class PageCursor {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
  private static final int MAX_CITY_LENGTH = 100;

  private PageCursor() {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  private record Position(
      @JsonProperty("id") String id,
      @JsonProperty("city") String city,
      @JsonProperty("of") String listedCity) {}

  public static String encode(JobKey next, Optional<String> listedCity) {
    try {
      byte[] json =
          JSON.writeValueAsBytes(new Position(next.id(), next.city(), listedCity.orElse(null)));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a cursor", e);
    }
  }

  /**
   * @throws InvalidCursorException if the cursor is not one that {@link #encode} made for this
   *     listing
   */
  public static JobKey decode(String cursor, Optional<String> listedCity) {
    Position position;
    try {
      position = JSON.readValue(Base64.getUrlDecoder().decode(cursor), Position.class);
    } catch (IllegalArgumentException | IOException e) {
      throw new InvalidCursorException(
          "The cursor is not one this API gave; start again without it.");
    }
    if (position == null
        || position.id() == null
        || !ID.matcher(position.id()).matches()
        || position.city() == null
        || position.city().isEmpty()
        || position.city().length() > MAX_CITY_LENGTH) {
      throw new InvalidCursorException(
          "The cursor is not one this API gave; start again without it.");
    }
    JobKey next = new JobKey(position.id(), position.city());
    if (!cursor.equals(encode(next, Optional.ofNullable(position.listedCity())))) {
      throw new InvalidCursorException(
          "The cursor is not one this API gave; start again without it.");
    }
    if (!Objects.equals(position.listedCity(), listedCity.orElse(null))
        || listedCity.filter(city -> !city.equals(position.city())).isPresent()) {
      throw new InvalidCursorException(
          "The cursor belongs to another listing; pass the same city as for the first page.");
    }
    return next;
  }
}
