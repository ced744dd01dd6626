package dev.jobs.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.localaws.LocalAws.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
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
      node =
          ProcessHandle.of(((Dynalite) first.emulator(Service.DYNAMODB).emulator()).pid())
              .orElseThrow();
    }
    assertThat(node.isAlive()).as("dynalite stopped").isFalse();

    try (LocalAws second = LocalAws.persistent(data, Duration.ofSeconds(30), Map.of())) {
      second.start(EnumSet.of(Service.DYNAMODB));
      assertThat(
              second.dynamoDb().getItem(b -> b.tableName(JobsAwsResources.TABLE).key(ITEM)).item())
          .isEqualTo(ITEM);
    }
  }

  @Test
  void queuedAndInFlightMessagesSurviveARestart(@TempDir Path data) {
    try (LocalAws first = LocalAws.persistent(data, Duration.ofSeconds(1), Map.of())) {
      first.start(EnumSet.of(Service.SQS));
      first.sqs().sendMessage(b -> b.queueUrl(first.queueUrl()).messageBody("queued"));
      first.sqs().sendMessage(b -> b.queueUrl(first.queueUrl()).messageBody("in flight"));
      // Received but never deleted, as by a consumer that dies mid-batch.
      first.sqs().receiveMessage(b -> b.queueUrl(first.queueUrl()).maxNumberOfMessages(1));
      first.makeQueuesDurable();
    }

    try (LocalAws second = LocalAws.persistent(data, Duration.ofSeconds(1), Map.of())) {
      second.start(EnumSet.of(Service.SQS));
      List<String> bodies = new ArrayList<>();
      Instant deadline = Instant.now().plusSeconds(10);
      while (bodies.size() < 2 && Instant.now().isBefore(deadline)) {
        second
            .sqs()
            .receiveMessage(
                b -> b.queueUrl(second.queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1))
            .messages()
            .forEach(message -> bodies.add(message.body()));
      }
      assertThat(bodies).containsExactlyInAnyOrder("queued", "in flight");
    }
  }
}
