package dev.jobs.localaws.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bucket4j.Bucket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * DynamoDB's metering of one table and its index, in thousandths of a unit: a token bucket for each
 * of their reads and writes, refilled at the units per second and holding the burst credit. A write
 * is admitted if the table and, for an item the index holds, the index can pay for it now; a read
 * is admitted while the bucket is not empty and paid after, by what it read, so that a large read
 * leaves the bucket in debt, as DynamoDB does.
 */
final class CapacityMeter {

  private static final long MILLI = 1_000;

  private final Bucket tableReads;
  private final Bucket tableWrites;
  private final Bucket indexReads;
  private final Bucket indexWrites;

  CapacityMeter(TableCapacity capacity) {
    tableReads = bucket(capacity.readUnits(), capacity.burstSeconds());
    tableWrites = bucket(capacity.writeUnits(), capacity.burstSeconds());
    indexReads = bucket(capacity.readUnits(), capacity.burstSeconds());
    indexWrites = bucket(capacity.writeUnits(), capacity.burstSeconds());
  }

  /** Full at the start: a table that was idle for longer than its burst credit lasts. */
  private static Bucket bucket(long unitsPerSecond, int burstSeconds) {
    long perSecond = unitsPerSecond * MILLI;
    long size = perSecond * Math.max(1, burstSeconds);
    return Bucket.builder()
        .addLimit(
            limit ->
                limit
                    .capacity(size)
                    .refillGreedy(perSecond, Duration.ofSeconds(1))
                    .initialTokens(size))
        .build();
  }

  /** Takes a write's units from the table and, if the index holds the item, the index; or none. */
  synchronized boolean tryWrite(long milliUnits, boolean indexed) {
    if (!tableWrites.tryConsume(milliUnits)) {
      return false;
    }
    if (indexed && !indexWrites.tryConsume(milliUnits)) {
      tableWrites.addTokens(milliUnits);
      return false;
    }
    return true;
  }

  /** Whether a read of the table, or of its index, may start. */
  boolean canRead(boolean index) {
    return (index ? indexReads : tableReads).getAvailableTokens() > 0;
  }

  /** Pays for a read that was done. */
  void paid(boolean index, long milliUnits) {
    (index ? indexReads : tableReads).consumeIgnoringRateLimits(milliUnits);
  }

  /** A write of the item: a unit a KB begun. */
  static long writeUnits(JsonNode item) {
    return Math.max(1, ceilDiv(itemSize(item), 1024)) * MILLI;
  }

  /** A read of so many bytes: a unit each 4 KB begun, half of it if eventually consistent. */
  static long readUnits(long bytes, boolean consistent) {
    return Math.max(1, ceilDiv(bytes, 4096)) * (consistent ? MILLI : MILLI / 2);
  }

  /**
   * An item's size as DynamoDB counts it: each attribute's name in UTF-8 and its value (text in
   * UTF-8, a number about a byte for two digits, binary bytes, a byte for a boolean or null, three
   * bytes and one an element for lists and maps).
   */
  static long itemSize(JsonNode item) {
    long size = 0;
    for (Iterator<Map.Entry<String, JsonNode>> attributes = item.fields(); attributes.hasNext(); ) {
      Map.Entry<String, JsonNode> attribute = attributes.next();
      size += utf8Length(attribute.getKey()) + valueSize(attribute.getValue());
    }
    return size;
  }

  private static long valueSize(JsonNode value) {
    Map.Entry<String, JsonNode> typed = value.fields().next();
    JsonNode content = typed.getValue();
    return switch (typed.getKey()) {
      case "S" -> utf8Length(content.asText());
      case "N" -> numberSize(content.asText());
      case "B" -> Base64.getDecoder().decode(content.asText()).length;
      case "SS" -> sum(content, element -> utf8Length(element.asText()));
      case "NS" -> sum(content, element -> numberSize(element.asText()));
      case "BS" -> sum(content, element -> Base64.getDecoder().decode(element.asText()).length);
      case "L" -> 3 + sum(content, element -> 1 + valueSize(element));
      case "M" -> 3 + content.size() + itemSize(content);
      default -> 1; // BOOL, NULL
    };
  }

  private static long sum(JsonNode elements, ToLongFunction<JsonNode> size) {
    long total = 0;
    for (JsonNode element : elements) {
      total += size.applyAsLong(element);
    }
    return total;
  }

  private static long numberSize(String number) {
    long digits = number.chars().filter(Character::isDigit).count();
    return 1 + ceilDiv(digits, 2);
  }

  private static long utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
