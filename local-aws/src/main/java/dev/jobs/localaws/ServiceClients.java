package dev.jobs.localaws;

import dev.jobs.lambda.AwsClients;
import dev.jobs.localaws.LocalAws.Service;
import java.net.URI;
import java.util.function.Function;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients of the emulated services at some endpoints (the fronts, or the emulators), built once
 * each.
 */
public final class ServiceClients {

  private final Function<Service, URI> endpoints;
  private DynamoDbClient dynamoDb;
  private SqsClient sqs;
  private S3Client s3;

  ServiceClients(Function<Service, URI> endpoints) {
    this.endpoints = endpoints;
  }

  public synchronized DynamoDbClient dynamoDb() {
    if (dynamoDb == null) {
      dynamoDb = AwsClients.build(at(DynamoDbClient.builder(), Service.DYNAMODB));
    }
    return dynamoDb;
  }

  public synchronized SqsClient sqs() {
    if (sqs == null) {
      sqs = AwsClients.build(at(SqsClient.builder(), Service.SQS));
    }
    return sqs;
  }

  public synchronized S3Client s3() {
    if (s3 == null) {
      s3 = AwsClients.build(at(S3Client.builder(), Service.S3));
    }
    return s3;
  }

  private <B extends AwsClientBuilder<B, ?>> B at(B builder, Service service) {
    return builder
        .endpointOverride(endpoints.apply(service))
        .region(LocalAws.REGION)
        .credentialsProvider(LocalAws.CREDENTIALS);
  }

  synchronized void close() {
    for (AutoCloseable client : new AutoCloseable[] {dynamoDb, sqs, s3}) {
      if (client != null) {
        try {
          client.close();
        } catch (Exception ignored) {
          // Closing a client only releases its connections.
        }
      }
    }
    dynamoDb = null;
    sqs = null;
    s3 = null;
  }
}
