package dev.jobs.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.localaws.LocalAws.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The local run keeps its data between runs and leaves no process behind. */
class PersistentLocalAwsTest {

  private static final Map<String, AttributeValue> ITEM =
      Map.of("id", AttributeValue.fromS("kept"), "city", AttributeValue.fromS("Lyon"));

  @Test
  void dynamoDbDataSurvivesARestartAndNodeStopsOnClose(@TempDir Path data) {
    ProcessHandle node;
    try (LocalAws first = LocalAws.persistent(data, Duration.ofSeconds(30), Map.of())) {
      first.start(EnumSet.of(Service.DYNAMODB));
      first.dynamoDb().putItem(b -> b.tableName(JobsAwsResources.TABLE).item(ITEM));
      node = ProcessHandle.of(((Dynalite) first.emulator(Service.DYNAMODB)).pid()).orElseThrow();
    }
    assertThat(node.isAlive()).as("dynalite stopped").isFalse();

    try (LocalAws second = LocalAws.persistent(data, Duration.ofSeconds(30), Map.of())) {
      second.start(EnumSet.of(Service.DYNAMODB));
      assertThat(
              second.dynamoDb().getItem(b -> b.tableName(JobsAwsResources.TABLE).key(ITEM)).item())
          .isEqualTo(ITEM);
    }
  }
}
