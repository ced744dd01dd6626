package dev.jobs.localrun;

import dev.jobs.api.JobApiApplication;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The jobs backend on this machine: the emulators, keeping their data under {@code .local-data/}
 * between runs, the job API on them, and the ingestion Lambdas wired to the bucket and the queue (a
 * CSV file put under {@code job_offers/} is ingested). Ctrl-C stops everything.
 *
 * <p>Options (system properties): {@code port} (8080), {@code data} (.local-data).
 */
public final class LocalBackend {

  /** Short, so that a failed message comes back soon in a local run; AWS uses 6 x 900 s. */
  private static final Duration LOCAL_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);

  public static void main(String[] args) {
    long start = System.nanoTime();
    int port = Integer.getInteger("port", 8080);
    Path data = Path.of(System.getProperty("data", ".local-data"));
    LocalAws aws =
        LocalAws.persistent(data, LOCAL_VISIBILITY_TIMEOUT).start(EnumSet.allOf(Service.class));
    ConfigurableApplicationContext api =
        new SpringApplicationBuilder(JobApiApplication.class)
            // Arguments, not default properties: those rank below application.yaml.
            .run("--server.port=" + port, "--jobs.endpoint=" + aws.endpoint(Service.DYNAMODB));
    LocalPipeline pipeline = LocalPipeline.start(aws);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    pipeline.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  api.close();
                  aws.close();
                },
                "local-backend-shutdown"));
    System.out.printf(
        "jobs-backend ready in %.1f s: job API http://localhost:%d/v1/jobs  Swagger UI"
            + " http://localhost:%d/swagger-ui/index.html  DynamoDB %s  SQS %s  S3 %s  (data in %s;"
            + " Ctrl-C stops)%n",
        (System.nanoTime() - start) / 1e9,
        port,
        port,
        aws.endpoint(Service.DYNAMODB),
        aws.endpoint(Service.SQS),
        aws.endpoint(Service.S3),
        data.toAbsolutePath());
  }
}
