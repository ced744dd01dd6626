package dev.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.junit.LocalAwsExtension;
import dev.jobs.localaws.junit.WithLocalAws;
import dev.jobs.model.Job;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB adapter answers as the port says, on dynalite (here, where the emulators are). */
@WithLocalAws(Service.DYNAMODB)
class DynamoJobStoreTest extends JobStoreContract {

  @Override
  protected JobStore store() {
    return new DynamoJobStore(LocalAwsExtension.localAws().dynamoDb(), JobsAwsResources.TABLE);
  }

  /** Reads fail at once; writes wait for it, until their deadline, and give their jobs back. */
  @Test
  void aStoreThatDoesNotAnswerIsUnavailableNotAnSdkError() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    DynamoDbClient unreachable =
        DynamoDbClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + closed))
            .region(LocalAws.REGION)
            .credentialsProvider(LocalAws.CREDENTIALS)
            .build();
    JobStore store = new DynamoJobStore(unreachable, JobsAwsResources.TABLE);

    assertThatThrownBy(() -> store.withId("0123456789abcdef0123456789abcdef"))
        .isInstanceOf(StoreUnavailableException.class);
    Job job = new Job().id("a").city("b");
    Instant start = Instant.now();
    assertThat(store.putAll(List.of(job), start.plusSeconds(2))).containsExactly(job);
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(4));
  }
}
