package dev.jobs.localaws;

import dev.jobs.lambda.AwsClients;
import dev.jobs.localaws.rehearsal.Fronted;
import dev.jobs.localaws.rehearsal.Rehearsal;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The product's AWS on this machine: emulators started on free loopback ports, each behind a front
 * that meets callers as AWS would ({@link Rehearsal}: the table's capacity, transient faults), the
 * product's resources created on them, and SDK clients configured for them. Services start on
 * demand, in parallel, once; {@link #close()} stops them all.
 *
 * <p>Its endpoints and its clients ({@link #dynamoDb()}, ...) are the fronts': what the product
 * meets. {@link #direct()} reaches the emulators themselves, for what AWS does behind the scenes
 * and for a test's checks, which no throttling or fault must disturb.
 */
public final class LocalAws implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalAws.class);

  public static final Region REGION = Region.EU_WEST_1;
  public static final String ACCOUNT_ID = "000000000000";

  /** Emulators accept any signature; the SDK still wants credentials to sign with. */
  public static final AwsCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

  private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(30);
  private static final String DYNAMODB_DATA = "dynamodb";

  public enum Service {
    DYNAMODB("aws.endpointUrlDynamoDb", "AWS_ENDPOINT_URL_DYNAMODB"),
    SQS("aws.endpointUrlSqs", "AWS_ENDPOINT_URL_SQS"),
    S3("aws.endpointUrlS3", "AWS_ENDPOINT_URL_S3");

    /** The system property that stands for {@link #sdkEndpointVariable} in this JVM. */
    private final String sdkEndpointProperty;

    /** The SDK's own setting of a service's endpoint. */
    private final String sdkEndpointVariable;

    Service(String sdkEndpointProperty, String sdkEndpointVariable) {
      this.sdkEndpointProperty = sdkEndpointProperty;
      this.sdkEndpointVariable = sdkEndpointVariable;
    }
  }

  private final Path dataDirectory;
  private final Duration visibilityTimeout;
  private final Map<Service, Integer> ports;
  private final Map<Service, Fronted> emulators = new EnumMap<>(Service.class);
  private final ServiceClients fronts = new ServiceClients(this::endpoint);
  private final ServiceClients direct =
      new ServiceClients(service -> emulator(service).emulator().endpoint());
  private volatile Rehearsal rehearsal = Rehearsal.none();
  private String queueUrl;

  private LocalAws(Path dataDirectory, Duration visibilityTimeout, Map<Service, Integer> ports) {
    this.ports = ports;
    this.dataDirectory = dataDirectory;
    this.visibilityTimeout = visibilityTimeout;
  }

  /** Emulators that keep nothing after they stop, with the production queue settings. */
  public static LocalAws inMemory() {
    return inMemory(JobsAwsResources.VISIBILITY_TIMEOUT);
  }

  /**
   * Emulators that keep nothing after they stop, with this visibility timeout for the queue: for a
   * test whose messages must come back soon after a failure.
   */
  public static LocalAws inMemory(Duration visibilityTimeout) {
    return new LocalAws(null, visibilityTimeout, Map.of());
  }

  /**
   * Emulators that keep their data under the directory between runs (tables, queued messages and
   * objects), with the given visibility timeout for the queue, on the given ports (a service not
   * named gets a free one).
   */
  public static LocalAws persistent(
      Path dataDirectory, Duration visibilityTimeout, Map<Service, Integer> ports) {
    return new LocalAws(dataDirectory, visibilityTimeout, Map.copyOf(ports));
  }

  /**
   * Deletes the data that {@link #persistent} emulators keep under the directory, after stopping a
   * dynalite that an earlier, killed run may have left holding it.
   */
  public static void deleteData(Path dataDirectory) throws IOException {
    Dynalite.stopLeftOver(dataDirectory.resolve(DYNAMODB_DATA));
    if (Files.exists(dataDirectory)) {
      try (Stream<Path> paths = Files.walk(dataDirectory)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  /** Starts the services not yet running, in parallel, and creates their resources. */
  public synchronized LocalAws start(Set<Service> services) {
    Set<Service> missing = EnumSet.noneOf(Service.class);
    services.stream().filter(s -> !emulators.containsKey(s)).forEach(missing::add);
    Map<Service, CompletableFuture<Fronted>> starting = new EnumMap<>(Service.class);
    missing.forEach(
        service -> starting.put(service, CompletableFuture.supplyAsync(starter(service))));
    List<RuntimeException> failures = new ArrayList<>();
    starting.forEach(
        (service, future) -> {
          try {
            emulators.put(service, future.join());
          } catch (CompletionException e) {
            failures.add(new IllegalStateException(service + " did not start", e.getCause()));
          }
        });
    if (!failures.isEmpty()) {
      close();
      failures.subList(1, failures.size()).forEach(failures.get(0)::addSuppressed);
      throw failures.get(0);
    }
    if (missing.contains(Service.DYNAMODB)) {
      JobsAwsResources.createTable(direct.dynamoDb());
    }
    if (missing.contains(Service.SQS)) {
      if (((ElasticMq) emulators.get(Service.SQS).emulator()).restoring()) {
        awaitRestoredQueues();
      }
      queueUrl = JobsAwsResources.createQueues(direct.sqs(), visibilityTimeout);
    }
    if (missing.contains(Service.S3)) {
      JobsAwsResources.createBucket(direct.s3());
    }
    return this;
  }

  /**
   * Waits until ElasticMQ has restored the queues of an earlier run (it does so after starting).
   */
  private void awaitRestoredQueues() {
    Instant deadline = Instant.now().plus(RESTORE_TIMEOUT);
    List<String> wanted = List.of(JobsAwsResources.QUEUE, JobsAwsResources.DEAD_LETTER_QUEUE);
    while (!direct.sqs().listQueues().queueUrls().stream()
        .map(url -> url.substring(url.lastIndexOf('/') + 1))
        .toList()
        .containsAll(wanted)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "SQS did not restore its queues from "
                + subdirectory("sqs")
                + " in "
                + RESTORE_TIMEOUT);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while SQS restores its queues", e);
      }
    }
  }

  /** The emulator on a free port, behind its front on the service's. */
  private Supplier<Fronted> starter(Service service) {
    return () -> {
      int port = port(service);
      return switch (service) {
        case DYNAMODB -> {
          Path data = subdirectory(DYNAMODB_DATA);
          if (data != null) {
            Dynalite.stopLeftOver(data);
          }
          yield Fronted.dynamoDb(
              port, Dynalite.start(data, Ports.free()), JobsAwsResources.TABLE, this::rehearsal);
        }
        case SQS ->
            Fronted.sqs(
                port,
                ElasticMq.start(subdirectory("sqs"), Ports.free(), port, REGION.id(), ACCOUNT_ID),
                this::rehearsal);
        case S3 ->
            Fronted.s3(port, S3Mock.start(subdirectory("s3"), Ports.free()), this::rehearsal);
      };
    };
  }

  private int port(Service service) {
    Integer fixed = ports.get(service);
    if (fixed == null) {
      return Ports.free();
    }
    Ports.requireFree(fixed, service.toString());
    return fixed;
  }

  private Path subdirectory(String name) {
    return dataDirectory == null ? null : dataDirectory.resolve(name);
  }

  /** Where the product reaches the service: its front. */
  public synchronized URI endpoint(Service service) {
    return emulator(service).endpoint();
  }

  /** The service's emulator behind its front. */
  public synchronized Fronted emulator(Service service) {
    Fronted emulator = emulators.get(service);
    if (emulator == null) {
      throw new IllegalStateException(service + " is not started");
    }
    return emulator;
  }

  /** What the fronts do from now on (a new capacity starts with full burst credit). */
  public void rehearse(Rehearsal rehearsal) {
    this.rehearsal = rehearsal;
  }

  /** What the fronts do, and what they did. */
  public Rehearsal rehearsal() {
    return rehearsal;
  }

  /** DynamoDB as the product meets it. */
  public DynamoDbClient dynamoDb() {
    return fronts.dynamoDb();
  }

  /** SQS as the product meets it. */
  public SqsClient sqs() {
    return fronts.sqs();
  }

  /** S3 as the product meets it: path-style, as the SDK does for an endpoint that is an IP. */
  public S3Client s3() {
    return fronts.s3();
  }

  /** Clients of the emulators themselves, which never throttle or fail. */
  public ServiceClients direct() {
    return direct;
  }

  /**
   * Points the SDK clients that this JVM builds from the SDK's own settings (as the job API and the
   * Lambdas' constructors do, through {@link AwsClients}) at these emulators: sets the system
   * properties that stand for {@link #sdkEnvironment} and {@link #lambdaCredentials}.
   */
  public synchronized void exposeToSdk() {
    System.setProperty("aws.region", REGION.id());
    AwsCredentials credentials = CREDENTIALS.resolveCredentials();
    System.setProperty("aws.accessKeyId", credentials.accessKeyId());
    System.setProperty("aws.secretAccessKey", credentials.secretAccessKey());
    for (Service service : Service.values()) {
      endpointForSdk(service)
          .ifPresent(endpoint -> System.setProperty(service.sdkEndpointProperty, endpoint));
    }
  }

  /**
   * What a process needs to reach these emulators through the SDK's own settings: {@code
   * AWS_REGION} and {@code AWS_ENDPOINT_URL_<SERVICE>}. Services with a fixed port are included
   * before they start.
   */
  public synchronized Map<String, String> sdkEnvironment() {
    Map<String, String> variables = new HashMap<>();
    variables.put("AWS_REGION", REGION.id());
    variables.put("AWS_DEFAULT_REGION", REGION.id());
    for (Service service : Service.values()) {
      endpointForSdk(service)
          .ifPresent(endpoint -> variables.put(service.sdkEndpointVariable, endpoint));
    }
    return variables;
  }

  /** Credentials as Lambda puts them in a function's environment, which the emulators accept. */
  public static Map<String, String> lambdaCredentials() {
    AwsCredentials credentials = CREDENTIALS.resolveCredentials();
    return Map.of(
        "AWS_ACCESS_KEY_ID", credentials.accessKeyId(),
        "AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey(),
        "AWS_SESSION_TOKEN", "local-session");
  }

  private Optional<String> endpointForSdk(Service service) {
    if (emulators.containsKey(service)) {
      return Optional.of(endpoint(service).toString());
    }
    return Optional.ofNullable(ports.get(service)).map(port -> "http://127.0.0.1:" + port);
  }

  /** Writes the queued messages to disk now, if this SQS keeps them there. */
  public void makeQueuesDurable() {
    ((ElasticMq) emulator(Service.SQS).emulator()).makeDurable();
  }

  /** The URL of {@link JobsAwsResources#QUEUE}. */
  public synchronized String queueUrl() {
    endpoint(Service.SQS);
    return queueUrl;
  }

  /** The URL of {@link JobsAwsResources#DEAD_LETTER_QUEUE}. */
  public String deadLetterQueueUrl() {
    return queueUrl(JobsAwsResources.DEAD_LETTER_QUEUE);
  }

  /** The URL of {@link JobsAwsResources#FAILED_INGESTIONS_QUEUE}. */
  public String failedIngestionsQueueUrl() {
    return queueUrl(JobsAwsResources.FAILED_INGESTIONS_QUEUE);
  }

  private String queueUrl(String name) {
    return direct.sqs().getQueueUrl(b -> b.queueName(name)).queueUrl();
  }

  /**
   * Empties what is running, for a test that counts what it stores: an empty job table, empty
   * queues, a bucket that holds only {@code job_offers/}, and fronts that do nothing AWS would not.
   */
  public synchronized void reset() {
    rehearsal = Rehearsal.none();
    if (emulators.containsKey(Service.DYNAMODB)) {
      JobsAwsResources.emptyTable(direct.dynamoDb());
    }
    if (emulators.containsKey(Service.SQS)) {
      direct.sqs().purgeQueue(b -> b.queueUrl(queueUrl));
      direct.sqs().purgeQueue(b -> b.queueUrl(deadLetterQueueUrl()));
      direct.sqs().purgeQueue(b -> b.queueUrl(failedIngestionsQueueUrl()));
    }
    if (emulators.containsKey(Service.S3)) {
      S3Client s3 = direct.s3();
      s3.listObjectsV2Paginator(b -> b.bucket(JobsAwsResources.BUCKET)).contents().stream()
          // Folder objects, such as the ingestion's, are resources as the bucket is.
          .filter(object -> !object.key().endsWith("/"))
          .forEach(
              object -> s3.deleteObject(b -> b.bucket(JobsAwsResources.BUCKET).key(object.key())));
    }
  }

  @Override
  public synchronized void close() {
    fronts.close();
    direct.close();
    // At once: each takes up to a second (Node's exit, Pekko's, Spring's). A failure to stop one
    // does not keep the others running.
    CompletableFuture.allOf(
            emulators.entrySet().stream()
                .map(
                    emulator ->
                        CompletableFuture.runAsync(emulator.getValue()::close)
                            .exceptionally(
                                failure -> {
                                  log.warn("{} did not stop cleanly", emulator.getKey(), failure);
                                  return null;
                                }))
                .toArray(CompletableFuture[]::new))
        .join();
    emulators.clear();
  }
}
