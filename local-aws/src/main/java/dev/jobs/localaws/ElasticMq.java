package dev.jobs.localaws;

import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** SQS emulated by ElasticMQ, embedded in this JVM. Queue URLs and ARNs look like AWS's. */
public final class ElasticMq implements Emulator {

  private final SQSRestServer server;
  private final URI endpoint;

  private ElasticMq(SQSRestServer server, int port) {
    this.server = server;
    this.endpoint = URI.create("http://127.0.0.1:" + port);
  }

  public static ElasticMq start(int port, String region, String accountId) {
    SQSRestServer server =
        SQSRestServerBuilder.withInterface("127.0.0.1")
            .withPort(port)
            .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
            .withAWSRegion(region)
            .withAWSAccountId(accountId)
            .start();
    server.waitUntilStarted();
    return new ElasticMq(server, port);
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    server.stopAndWait();
  }
}
