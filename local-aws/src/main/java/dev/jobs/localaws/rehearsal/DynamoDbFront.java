package dev.jobs.localaws.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobs.store.JobTable;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * DynamoDB as AWS runs it, for one table: its capacity enforced on every read and write of it and
 * its index ({@link CapacityMeter}), answered as DynamoDB answers (a call over capacity with
 * ProvisionedThroughputExceededException, or ThrottlingException on demand; a BatchWriteItem with
 * the items it could not pay for in UnprocessedItems, or the exception if it could pay for none),
 * and now and then a call that fails (throttled, or a 500), which does not reach the table. A write
 * DynamoDB refuses as invalid (a key attribute missing or empty) costs nothing and is never
 * throttled: DynamoDB validates a request before it meters it, so the emulator refuses it here.
 */
final class DynamoDbFront implements Front {

  static final String THROTTLED = "DynamoDB requests throttled";
  static final String UNPROCESSED = "DynamoDB batch items left unprocessed";
  static final String FAULTS = "DynamoDB faults (throttled or 500)";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_1_0 = "application/x-amz-json-1.0";
  private static final String TYPES = "com.amazonaws.dynamodb.v20120810#";

  /** The calls that read or write items: those that fail now and then (not creating tables). */
  private static final Pattern DATA_PLANE =
      Pattern.compile("(Get|Put|Update|Delete)Item|Query|Scan|Batch\\w+|Transact\\w+");

  private final String table;
  private final Rehearsal rehearsal;
  private final CapacityMeter meter;

  DynamoDbFront(String table, Rehearsal rehearsal) {
    this.table = table;
    this.rehearsal = rehearsal;
    this.meter = new CapacityMeter(rehearsal.capacity());
  }

  @Override
  public Answer answer(Request request, Emulator emulator)
      throws IOException, InterruptedException {
    String target = String.valueOf(request.header("x-amz-target"));
    String operation = target.substring(target.indexOf('.') + 1);
    JsonNode body = request.body().length == 0 ? null : JSON.readTree(request.body());
    boolean ours = body != null && table.equals(body.path("TableName").asText(null));
    if (DATA_PLANE.matcher(operation).matches() && rehearsal.strike()) {
      rehearsal.count(FAULTS);
      return ThreadLocalRandom.current().nextBoolean()
          ? throttled()
          : error(500, "InternalServerError", "Internal server error");
    }
    return switch (operation) {
      case "PutItem" ->
          ours && validKey(body.path("Item"))
              ? write(
                  request,
                  emulator,
                  CapacityMeter.writeUnits(body.path("Item")),
                  indexed(body.path("Item")))
              : emulator.send(request);
      case "UpdateItem", "DeleteItem" ->
          ours ? write(request, emulator, 1_000, true) : emulator.send(request);
      case "BatchWriteItem" -> batchWrite(request, body, emulator);
      case "GetItem", "Query", "Scan" ->
          ours ? read(request, body, emulator) : emulator.send(request);
      default -> emulator.send(request);
    };
  }

  /** Whether DynamoDB would take the item's key: each key attribute there, a non-empty string. */
  private static boolean validKey(JsonNode item) {
    return !item.path(JobTable.ID).path("S").asText("").isEmpty()
        && !item.path(JobTable.CITY).path("S").asText("").isEmpty();
  }

  private static boolean validKeys(JsonNode writes) {
    for (JsonNode write : writes) {
      if (write.has("PutRequest") && !validKey(write.path("PutRequest").path("Item"))) {
        return false;
      }
    }
    return true;
  }

  /** The job table's index holds items that have its key, the city. */
  private static boolean indexed(JsonNode item) {
    return item.has(JobTable.CITY);
  }

  private Answer write(Request request, Emulator emulator, long units, boolean indexed)
      throws IOException, InterruptedException {
    if (!meter.tryWrite(units, indexed)) {
      rehearsal.count(THROTTLED);
      return throttled();
    }
    return emulator.send(request);
  }

  private Answer read(Request request, JsonNode body, Emulator emulator)
      throws IOException, InterruptedException {
    boolean index = body.hasNonNull("IndexName");
    if (!meter.canRead(index)) {
      rehearsal.count(THROTTLED);
      return throttled();
    }
    Answer answer = emulator.send(request);
    if (answer.status() == 200) {
      JsonNode response = JSON.readTree(answer.body());
      long bytes = 0;
      if (response.has("Item")) {
        bytes = CapacityMeter.itemSize(response.get("Item"));
      }
      for (JsonNode item : response.path("Items")) {
        bytes += CapacityMeter.itemSize(item);
      }
      meter.paid(index, CapacityMeter.readUnits(bytes, body.path("ConsistentRead").asBoolean()));
    }
    return answer;
  }

  /**
   * Sends on the writes of the job table that the capacity pays for, in order, and adds the others
   * to the answer's UnprocessedItems; none paid for is the exception, as DynamoDB answers.
   */
  private Answer batchWrite(Request request, JsonNode body, Emulator emulator)
      throws IOException, InterruptedException {
    JsonNode writes = body.path("RequestItems").path(table);
    if (!writes.isArray() || writes.isEmpty() || !validKeys(writes)) {
      return emulator.send(request);
    }
    ArrayNode admitted = JSON.createArrayNode();
    ArrayNode unprocessed = JSON.createArrayNode();
    for (JsonNode write : writes) {
      JsonNode item = write.path("PutRequest").path("Item");
      boolean paid =
          item.isMissingNode()
              ? meter.tryWrite(1_000, true)
              : meter.tryWrite(CapacityMeter.writeUnits(item), indexed(item));
      (paid ? admitted : unprocessed).add(write);
    }
    if (unprocessed.isEmpty()) {
      return emulator.send(request);
    }
    rehearsal.count(THROTTLED);
    for (int i = 0; i < unprocessed.size(); i++) {
      rehearsal.count(UNPROCESSED);
    }
    ObjectNode changed = body.deepCopy();
    ObjectNode requestItems = (ObjectNode) changed.get("RequestItems");
    if (admitted.isEmpty()) {
      requestItems.remove(table);
      if (requestItems.isEmpty()) {
        return throttled();
      }
    } else {
      requestItems.set(table, admitted);
    }
    Answer answer = emulator.send(request.withBody(JSON.writeValueAsBytes(changed)));
    if (answer.status() != 200) {
      return answer;
    }
    ObjectNode response = (ObjectNode) JSON.readTree(answer.body());
    ObjectNode left =
        response.get("UnprocessedItems") instanceof ObjectNode given
            ? given
            : response.putObject("UnprocessedItems");
    (left.get(table) instanceof ArrayNode given ? given : left.putArray(table)).addAll(unprocessed);
    return json(answer, JSON.writeValueAsBytes(response));
  }

  private Answer throttled() {
    return rehearsal.capacity().onDemand()
        ? error(
            400,
            "ThrottlingException",
            "Throughput exceeds the current capacity of your table or index. DynamoDB is"
                + " automatically scaling your table or index so please try again shortly.")
        : error(
            400,
            "ProvisionedThroughputExceededException",
            "The level of configured provisioned throughput for the table was exceeded."
                + " Consider increasing your provisioning level with the UpdateTable API.");
  }

  private static Answer error(int status, String type, String message) {
    ObjectNode error = JSON.createObjectNode().put("__type", TYPES + type).put("message", message);
    try {
      byte[] body = JSON.writeValueAsBytes(error);
      return Answer.of(status, Map.of("content-type", JSON_1_0, "x-amz-crc32", crc32(body)), body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The answer with another body, and its checksum, which the SDK checks. */
  private static Answer json(Answer answer, byte[] body) {
    return answer.withBody(body, Map.of("x-amz-crc32", crc32(body)));
  }

  private static String crc32(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return String.valueOf(crc.getValue());
  }
}
