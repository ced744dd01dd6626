package dev.jobs.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class AwsClientsTest {

  /**
   * A request leaves in one write: URLConnection's client wrote the headers, then the body, which
   * Nagle's algorithm held until the headers' acknowledgement, about 2 ms on every call. The
   * server's first read gets the whole request (or, on a slow machine, may get both writes: this
   * test can miss a regression, never fail a sound client).
   */
  @Test
  void aRequestLeavesInOneWrite() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        DynamoDbClient dynamoDb =
            AwsClients.build(
                DynamoDbClient.builder()
                    .endpointOverride(URI.create("http://127.0.0.1:" + server.getLocalPort()))
                    .region(Region.EU_WEST_1)
                    .credentialsProvider(
                        StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("key", "secret"))))) {
      CompletableFuture<Integer> call =
          CompletableFuture.supplyAsync(() -> dynamoDb.listTables().tableNames().size());
      String firstRead;
      try (Socket connection = server.accept()) {
        InputStream in = connection.getInputStream();
        byte[] buffer = new byte[65536];
        firstRead = new String(buffer, 0, in.read(buffer), StandardCharsets.UTF_8);
        OutputStream out = connection.getOutputStream();
        out.write(
            "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 17\r\n\r\n{\"TableNames\":[]}"
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertThat(call.get(10, TimeUnit.SECONDS)).isZero();
      }

      assertThat(firstRead).contains("\r\n\r\n").endsWith("\r\n\r\n{}");
    }
  }
}
