package dev.jobs.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.localaws.rehearsal.Rehearsal;
import dev.jobs.localaws.rehearsal.TableCapacity;
import dev.jobs.locallambda.runtime.LambdaFunction;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Ingestion while calls fail and an execution environment dies mid-batch. */
class FaultyIngestionTest extends RehearsedIngestion {

  /**
   * One call in twenty fails (throttled, 500s, an object reset mid-body, an environment that dies),
   * and one sqs_to_dynamo environment is killed in the middle of a batch besides.
   */
  @Test
  void withFaultsAndAnEnvironmentKilledMidBatchEveryRowIsStoredOnceAndOnlyPoisonIsParked()
      throws Exception {
    aws.rehearse(new Rehearsal(TableCapacity.ON_DEMAND, 0.05));
    int rows = 10_000;
    List<Message> dead = new CopyOnWriteArrayList<>();
    aws.direct().sqs().sendMessage(b -> b.queueUrl(aws.queueUrl()).messageBody("poison"));
    try (Pipeline pipeline = deploy()) {
      upload("faulty.csv", rows);
      LambdaFunction sqsToDynamo = pipeline.lambdas().function(LocalLambdas.SQS_TO_DYNAMO);
      waitingFor("an environment killed mid-batch", Duration.ofMinutes(1))
          .until(() -> stored() > 0 && sqsToDynamo.killBusyEnvironment());
      assertThat(stored()).as("killed mid-ingestion").isLessThan(rows);

      waitingFor("every row stored", Duration.ofMinutes(3)).until(() -> stored() >= rows);
      waitingFor("the poison message parked", Duration.ofMinutes(2))
          .until(() -> dead.addAll(parked(aws.deadLetterQueueUrl())) || !dead.isEmpty());
      assertThat(sqsToDynamo.reports()).anyMatch(report -> "error".equals(report.status()));
    }

    assertThat(storedIds()).isEqualTo(ids(rows));
    assertThat(dead)
        .singleElement()
        .satisfies(
            poison -> {
              assertThat(poison.body()).isEqualTo("poison");
              // Received 4 times (maxReceiveCount), moved to the DLQ by the 5th receive.
              assertThat(
                      poison.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                  .isEqualTo("5");
            });
    assertThat(parked(aws.failedIngestionsQueueUrl())).isEmpty();
    assertThat(aws.rehearsal().events().values().stream().mapToLong(Long::longValue).sum())
        .as("faults injected")
        .isPositive();
  }
}
