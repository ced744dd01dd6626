package dev.jobs.pipeline;

import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

final class PipelineTestText {

  private PipelineTestText() {}

  /** An item's attributes as text; every attribute of a job item is a string. */
  static Map<String, String> strings(Map<String, AttributeValue> item) {
    return item.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s()));
  }
}
