package dev.jobs.pipeline;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SDK clients of the Lambdas, built from the environment Lambda gives them, with everything
 * explicit (HTTP client, region, credentials) so that cold starts search no provider chain. {@code
 * AWS_ENDPOINT_URL_S3}, {@code _SQS} and {@code _DYNAMODB} point them at emulators.
 */
public final class AwsClients {

  private AwsClients() {}

  public static S3Client s3() {
    URI endpoint = endpoint("AWS_ENDPOINT_URL_S3");
    return configure(S3Client.builder(), endpoint)
        .forcePathStyle(endpoint != null)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  public static SqsClient sqs() {
    return configure(SqsClient.builder(), endpoint("AWS_ENDPOINT_URL_SQS"))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  public static DynamoDbClient dynamoDb() {
    return configure(DynamoDbClient.builder(), endpoint("AWS_ENDPOINT_URL_DYNAMODB"))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A variable Lambda or Terraform sets; its absence is a deployment mistake. */
  public static String required(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("environment variable " + variable + " is not set");
    }
    return value;
  }

  private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
    builder.region(Region.of(required("AWS_REGION")));
    AwsCredentialsProvider credentials = EnvironmentVariableCredentialsProvider.create();
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
      // An emulator checks no signature, but the SDK wants something to sign with.
      credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }
    return builder.credentialsProvider(credentials);
  }

  private static URI endpoint(String variable) {
    String value = System.getenv(variable);
    return value == null || value.isBlank() ? null : URI.create(value);
  }
}
