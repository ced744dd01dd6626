package dev.jobs.localrun;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.Terraform;
import dev.jobs.localaws.rehearsal.Rehearsal;
import dev.jobs.locallambda.HttpApiGateway;
import dev.jobs.pipeline.IngestionNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The jobs backend on this machine, wired the way AWS wires it, running the zips that are deployed:
 * the emulators (data kept under {@code .local-data/} between runs), the three functions of
 * terraform/ each in JVMs of their own through the Lambda Runtime API ({@link LocalLambdas}),
 * job_api_gw in front of job_api_lambda, and the ingestion functions on the bucket's notification
 * and the queue's event source mapping. Ctrl-C stops everything.
 *
 * <p>It survives a crash: tables, queued messages and objects are kept on disk, files whose
 * ingestion had not finished are ingested again at the next start, no emulator process outlives
 * this JVM, and this JVM does not outlive the command that started it (Maven).
 *
 * <p>Options (system properties): {@code port} of the gateway (8080), {@code s3.port} (9090),
 * {@code sqs.port} (9324), {@code dynamodb.port} (4567): fixed, so that scripts and the AWS CLI
 * find them; {@code data} (.local-data); {@code fresh} (false: true starts from no data); {@code
 * verbose} (false: true shows the log on the terminal too, not only in {@code data/backend.log});
 * {@code concurrency} (2): the execution environments each function runs at most at once; {@code
 * terraform} (terraform): where the functions are declared; {@code table.capacity} (as terraform/
 * declares the table: on demand by default), {@code table.burst} (300) and {@code faults} (0): what
 * AWS does that the emulators do not ({@link Rehearsal}).
 */
public final class LocalBackend {

  /** Lambda waits about 1 then 2 minutes before retrying an asynchronous invocation. */
  private static final List<Duration> LOCAL_RETRY_DELAYS =
      List.of(Duration.ofSeconds(5), Duration.ofSeconds(10));

  /** Set once the shutdown hook runs, which Ctrl-C starts in Maven and here at the same time. */
  private static volatile boolean stopping;

  private static final String PORT_OPTIONS =
      "-Dport= (gateway), -Ds3.port=, -Dsqs.port=, -Ddynamodb.port=";

  public static void main(String[] args) {
    long start = System.nanoTime();
    Terraform terraform;
    try {
      terraform = Terraform.read(Path.of(System.getProperty("terraform", "terraform")));
    } catch (RuntimeException e) {
      System.err.println("jobs-backend did not start: cannot read terraform/: " + causes(e));
      System.exit(1);
      return;
    }
    Rehearsal rehearsal;
    int port;
    Map<Service, Integer> ports;
    int concurrency;
    try {
      rehearsal =
          Rehearsal.fromOptions(
              System.getProperty("table.capacity"),
              System.getProperty("table.burst"),
              System.getProperty("faults"),
              TerraformTable.capacity(terraform));
      port = whole("port", 8080, 1, 65_535);
      ports =
          Map.of(
              Service.S3, whole("s3.port", 9090, 1, 65_535),
              Service.SQS, whole("sqs.port", 9324, 1, 65_535),
              Service.DYNAMODB, whole("dynamodb.port", 4567, 1, 65_535));
      concurrency = whole("concurrency", 2, 1, 100);
    } catch (IllegalArgumentException badOption) {
      System.err.println("jobs-backend did not start: " + badOption.getMessage());
      System.exit(2);
      return;
    }
    Path data = Path.of(System.getProperty("data", ".local-data")).toAbsolutePath();
    Path log = data.resolve("backend.log");
    try {
      if (Boolean.getBoolean("fresh")) {
        LocalAws.deleteData(data);
      }
      Files.createDirectories(data);
      logTo(log, Boolean.getBoolean("verbose"));
      stopWithTheParentProcess();

      LocalAws aws = LocalAws.persistent(data, visibilityTimeout(terraform), ports);
      aws.rehearse(rehearsal);
      IngestionProgress progress = IngestionProgress.onStandardOutput(data.resolve("ingestion"));
      // The job API initialises (SnapStart: as its version is published) while the emulators start.
      CompletableFuture<LocalLambdas> publishing =
          CompletableFuture.supplyAsync(
              () -> LocalLambdas.deployJobApi(terraform, aws, data.resolve("lambda"), concurrency));
      aws.start(EnumSet.allOf(Service.class));
      LocalLambdas ingestion =
          LocalLambdas.deployIngestion(
              terraform,
              aws,
              data.resolve("lambda"),
              concurrency,
              config -> config,
              (function, line) -> progress.logged(line));
      LocalLambdas api = publishing.join();
      HttpApiGateway gateway =
          startGateway(port, api.function(LocalLambdas.JOB_API).streamHandler());
      LocalPipeline pipeline =
          LocalPipeline.deployed(
              aws,
              ingestion,
              new LocalPipeline.Settings(
                  data.resolve("s3-notifications.handled"), LOCAL_RETRY_DELAYS, concurrency),
              progress);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stopping = true;
                    gateway.close();
                    try {
                      pipeline.close();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    api.close();
                    ingestion.close();
                    aws.close();
                    System.out.println(
                        "jobs-backend stopped; data kept in " + data + rehearsed(rehearsal));
                  },
                  "local-backend-shutdown"));
      String base = "http://localhost:" + port + "/" + HttpApiGateway.STAGE;
      System.out.printf(
          "jobs-backend ready in %.1f s: job API %s/v1/jobs (writes signed, SigV4 for %s"
              + " execute-api, key %s, secret %s)  Swagger UI %s/swagger-ui/index.html"
              + "  S3 %s (bucket %s, CSV files under %s)  SQS %s  DynamoDB %s (%s)"
              + "  (data in %s, log in %s; Ctrl-C stops)%n",
          (System.nanoTime() - start) / 1e9,
          base,
          LocalAws.REGION.id(),
          LocalAws.CREDENTIALS.resolveCredentials().accessKeyId(),
          LocalAws.CREDENTIALS.resolveCredentials().secretAccessKey(),
          base,
          aws.endpoint(Service.S3),
          JobsAwsResources.BUCKET,
          IngestionNames.INGEST_PREFIX,
          aws.endpoint(Service.SQS),
          aws.endpoint(Service.DYNAMODB),
          rehearsal.describe(),
          data,
          log);
    } catch (RuntimeException | IOException e) {
      LoggerFactory.getLogger(LocalBackend.class).error("the backend did not start", e);
      System.err.println("jobs-backend did not start: " + causes(e));
      System.err.println("(details in " + log + "; ports: " + PORT_OPTIONS + ")");
      System.exit(1);
    }
  }

  /** A whole-number option, checked: a bad one is a one-line error that names it. */
  private static int whole(String option, int otherwise, int min, int max) {
    String value = System.getProperty(option, "");
    if (value.isEmpty()) {
      return otherwise;
    }
    try {
      int number = Integer.parseInt(value.strip());
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // Said below.
    }
    throw new IllegalArgumentException(
        "-D%s=%s is not a whole number from %d to %d".formatted(option, value, min, max));
  }

  /**
   * The queue's visibility timeout here: the consumer's timeout, the least Lambda accepts (AWS
   * advises six times it: a batch whose environment died comes back sooner here).
   */
  private static Duration visibilityTimeout(Terraform terraform) {
    Object timeout = terraform.block("locals").get("sqs_to_dynamo_timeout");
    return Duration.ofSeconds(((Number) timeout).longValue());
  }

  /** What the rehearsal did, for the stop line: nothing if it did nothing. */
  private static String rehearsed(Rehearsal rehearsal) {
    Map<String, Long> events = rehearsal.events();
    if (events.isEmpty()) {
      return "";
    }
    StringJoiner line = new StringJoiner(", ", "; rehearsed: ", "");
    events.forEach((event, count) -> line.add("%,d %s".formatted(count, event)));
    return line.toString();
  }

  /**
   * Every part of the backend logs into the file; the terminal keeps the progress lines. Configured
   * here, from local-run-logback.xml: left to itself, logback would take the ingestion functions'
   * configurator from the classpath (ECS lines on the terminal), and Spring Boot, as S3Mock's app
   * starts, would reset it.
   */
  private static void logTo(Path file, boolean alsoTerminal) {
    System.setProperty("jobs.log.file", file.toString());
    System.setProperty("jobs.log.terminal", alsoTerminal ? "INFO" : "OFF");
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    logging.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(logging);
    try {
      configurator.doConfigure(LocalBackend.class.getResource("/local-run-logback.xml"));
    } catch (JoranException e) {
      throw new IllegalStateException("cannot configure the backend's logging", e);
    }
    // As Spring Boot's would: what logs through java.util.logging (S3Mock's Tomcat) goes there too.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  /**
   * Maven runs this JVM as a child: if Maven dies (even by kill -9), this JVM must not hold the
   * ports and the data on its own, unseen.
   */
  private static void stopWithTheParentProcess() {
    ProcessHandle.current()
        .parent()
        .ifPresent(
            parent ->
                parent
                    .onExit()
                    .thenRun(
                        () -> {
                          if (!stopping) {
                            System.err.println(
                                "jobs-backend: the command that started it ended; stopping");
                            System.exit(0);
                          }
                        }));
  }

  private static HttpApiGateway startGateway(int port, RequestStreamHandler handler) {
    try {
      return HttpApiGateway.start(port, handler);
    } catch (BindException e) {
      throw new IllegalStateException(
          "port " + port + " (the job API's gateway) is in use: stop what holds it", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The messages of an exception and its causes, the wrappers of futures left out. */
  private static String causes(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CompletionException || cause.getMessage() == null) {
        continue;
      }
      if (!text.isEmpty()) {
        text.append(": ");
      }
      text.append(cause.getMessage());
    }
    return text.toString();
  }
}
