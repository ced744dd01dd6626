package dev.jobs.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jobs.model.Job;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one mapping between a {@link Job} and its DynamoDB item. Attribute names are the contract's
 * JSON names (those of the CSV), every value a string; an absent field has no attribute.
 */
public final class JobItems {

  private static final ObjectMapper FIELDS =
      JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_NULL).build();
  private static final TypeReference<Map<String, String>> STRING_FIELDS = new TypeReference<>() {};

  /** Every attribute a job's item may have: the job's JSON properties. */
  public static final List<String> ATTRIBUTES =
      FIELDS
          .getSerializationConfig()
          .introspect(FIELDS.constructType(Job.class))
          .findProperties()
          .stream()
          .map(property -> property.getName())
          .toList();

  private JobItems() {}

  public static Map<String, AttributeValue> toItem(Job job) {
    Map<String, String> fields = FIELDS.convertValue(job, STRING_FIELDS);
    Map<String, AttributeValue> item = new LinkedHashMap<>(fields.size() * 2);
    fields.forEach((name, value) -> item.put(name, AttributeValue.fromS(value)));
    return item;
  }

  public static Job toJob(Map<String, AttributeValue> item) {
    Map<String, String> fields = new LinkedHashMap<>(item.size() * 2);
    item.forEach((name, value) -> fields.put(name, value.s()));
    return FIELDS.convertValue(fields, Job.class);
  }

  /**
   * The size DynamoDB counts for the job's item: the UTF-8 bytes of its attribute names and values
   * (measured on the job's fields, without building the item).
   */
  static int sizeOf(Job job) {
    int bytes = 0;
    for (Map.Entry<String, String> field : FIELDS.convertValue(job, STRING_FIELDS).entrySet()) {
      if (field.getValue() != null) { // a required field left out: no attribute either
        bytes += utf8Length(field.getKey()) + utf8Length(field.getValue());
      }
    }
    return bytes;
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** The primary key of a job: id and city. */
  public static Map<String, AttributeValue> key(String id, String city) {
    return Map.of(JobTable.ID, AttributeValue.fromS(id), JobTable.CITY, AttributeValue.fromS(city));
  }
}
