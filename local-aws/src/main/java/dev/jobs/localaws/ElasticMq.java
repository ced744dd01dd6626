package dev.jobs.localaws;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;

/**
 * SQS emulated by ElasticMQ, embedded in this JVM. Queue URLs and ARNs look like AWS's; the URLs
 * name the address clients reach it at (its front's). With a data directory, queues and their
 * messages (in flight included) are kept in an H2 database there and restored on the next start, so
 * that a crash loses no message; without, they live in memory.
 */
public final class ElasticMq implements Emulator {

  private final Runnable stop;
  private final URI endpoint;
  private final String database;
  private final boolean restoring;

  private ElasticMq(Runnable stop, int port, String database, boolean restoring) {
    this.stop = stop;
    this.endpoint = URI.create("http://127.0.0.1:" + port);
    this.database = database;
    this.restoring = restoring;
  }

  /**
   * @param port where it listens
   * @param advertisedPort where clients reach it, which its queue URLs name
   */
  public static ElasticMq start(
      Path dataDirectory, int port, int advertisedPort, String region, String accountId) {
    // Its actor system reads Pekko's settings from the system properties. It is stopped by close(),
    // from the JVM's own hooks at the latest: Pekko's hook would only be added as it stops, too
    // late, with a warning.
    System.setProperty("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
    if (dataDirectory == null) {
      SQSRestServer server =
          SQSRestServerBuilder.withInterface("127.0.0.1")
              .withPort(port)
              .withServerAddress(new NodeAddress("http", "127.0.0.1", advertisedPort, ""))
              .withAWSRegion(region)
              .withAWSAccountId(accountId)
              .start();
      server.waitUntilStarted();
      return new ElasticMq(server::stopAndWait, port, null, false);
    }
    Path file = dataDirectory.toAbsolutePath().resolve("elasticmq");
    boolean restoring = Files.exists(file.resolveSibling("elasticmq.mv.db"));
    String database = "jdbc:h2:file:" + file;
    Config config =
        ConfigFactory.parseMap(
                Map.of(
                    "rest-sqs.bind-hostname",
                    "127.0.0.1",
                    "rest-sqs.bind-port",
                    port,
                    "node-address.host",
                    "127.0.0.1",
                    "node-address.port",
                    advertisedPort,
                    "aws.region",
                    region,
                    "aws.accountId",
                    accountId,
                    "messages-storage.enabled",
                    true,
                    "messages-storage.uri",
                    database))
            .withFallback(ConfigFactory.load());
    scala.Function0<?> shutdown = new ElasticMQServer(new ElasticMQServerConfig(config)).start();
    return new ElasticMq(shutdown::apply, port, database, restoring);
  }

  /**
   * Writes what the queues hold to disk now. H2 writes its changes within a second, from memory:
   * messages sent just before a kill -9 would be lost though SQS acknowledged them. Call it before
   * counting on the messages sent so far, as the S3 watch does before it records a file handled.
   */
  public void makeDurable() {
    if (database == null) {
      return;
    }
    // In this JVM, the same URL opens the database ElasticMQ has open.
    try (Connection connection = DriverManager.getConnection(database);
        Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write SQS's messages to " + database, e);
    }
  }

  /**
   * Whether queues kept by an earlier run are being restored: they come back shortly after the
   * start, and must be there before anything creates them again.
   */
  public boolean restoring() {
    return restoring;
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    stop.run();
  }
}
