package dev.jobs.lambda;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/**
 * How every part of the product builds its AWS SDK clients: the Lambdas and the job API on AWS, the
 * tests and the local run against emulators, so that what runs on Lambda is what they run.
 *
 * <p>Region, credentials and endpoint are the SDK's own settings, read by its default chains: on
 * Lambda, {@code AWS_REGION} and the credentials it hands out (environment variables, or for a
 * SnapStart function a container-credentials URI and token, so that none is frozen in a snapshot);
 * elsewhere, anything the SDK reads, such as {@code AWS_ENDPOINT_URL_DYNAMODB} or the {@code aws.*}
 * system properties that stand for these variables. Only the HTTP client is chosen here: Apache's,
 * which sends a request in one write with Nagle's algorithm off. URLConnection's, lighter to load
 * (about 70 ms less at a cold start), writes the headers and then the body of a request, and the
 * body waits for the headers' acknowledgement: about 2 ms more on every call (decision record
 * 0010).
 */
public final class AwsClients {

  private AwsClients() {}

  /** Builds the client, with whatever the builder was already given (an emulator's endpoint). */
  public static <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(
      B builder) {
    return builder.httpClient(ApacheHttpClient.create()).build();
  }

  /** A variable Lambda or Terraform sets; its absence is a deployment mistake. */
  public static String required(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("environment variable " + variable + " is not set");
    }
    return value;
  }
}
