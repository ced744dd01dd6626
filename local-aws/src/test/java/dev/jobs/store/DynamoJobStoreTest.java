package dev.jobs.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.junit.LocalAwsExtension;
import dev.jobs.localaws.junit.WithLocalAws;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
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

  @Test
  void aStoreThatDoesNotAnswerIsUnavailableNotAnSdkError() throws IOException {
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
    assertThatThrownBy(() -> store.putAll(List.of(new dev.jobs.model.Job().id("a").city("b"))))
        .isInstanceOf(StoreUnavailableException.class);
  }
}
