package dev.jobs.localrun;

import dev.jobs.api.lambda.StreamLambdaHandler;
import dev.jobs.localaws.HttpApiGateway;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The jobs backend on this machine, wired the way AWS wires it, running the handler classes that
 * are deployed: the emulators (data kept under {@code .local-data/} between runs), job_api_gw in
 * front of job_api_lambda's handler, and the ingestion Lambdas on the bucket's notification and the
 * queue's event source mapping. Ctrl-C stops everything.
 *
 * <p>Options (system properties): {@code port} of the gateway (8080), {@code s3.port} (9090),
 * {@code sqs.port} (9324), {@code dynamodb.port} (4567): fixed, so that scripts and the AWS CLI
 * find them; {@code data} (.local-data); {@code fresh} (false: true starts from no data).
 */
public final class LocalBackend {

  /** Short, so that a failed message comes back soon in a local run; AWS uses 6 x 900 s. */
  private static final Duration LOCAL_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);

  public static void main(String[] args) throws IOException {
    long start = System.nanoTime();
    int port = Integer.getInteger("port", 8080);
    Path data = Path.of(System.getProperty("data", ".local-data"));
    if (Boolean.getBoolean("fresh")) {
      deleteRecursively(data);
    }
    LocalAws aws =
        LocalAws.persistent(
                data,
                LOCAL_VISIBILITY_TIMEOUT,
                Map.of(
                    Service.S3, Integer.getInteger("s3.port", 9090),
                    Service.SQS, Integer.getInteger("sqs.port", 9324),
                    Service.DYNAMODB, Integer.getInteger("dynamodb.port", 4567)))
            .start(EnumSet.allOf(Service.class));
    // As Lambda's environment would: the handler's Spring app reads it when it starts.
    System.setProperty("jobs.endpoint", aws.endpoint(Service.DYNAMODB).toString());
    HttpApiGateway gateway = HttpApiGateway.start(port, new StreamLambdaHandler());
    LocalPipeline pipeline = LocalPipeline.start(aws);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gateway.close();
                  try {
                    pipeline.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  aws.close();
                },
                "local-backend-shutdown"));
    String base = "http://localhost:" + port + "/" + HttpApiGateway.STAGE;
    System.out.printf(
        "jobs-backend ready in %.1f s: job API %s/v1/jobs  Swagger UI %s/swagger-ui/index.html"
            + "  S3 %s  SQS %s  DynamoDB %s  (data in %s; Ctrl-C stops)%n",
        (System.nanoTime() - start) / 1e9,
        base,
        base,
        aws.endpoint(Service.S3),
        aws.endpoint(Service.SQS),
        aws.endpoint(Service.DYNAMODB),
        data.toAbsolutePath());
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (Files.exists(directory)) {
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }
}
