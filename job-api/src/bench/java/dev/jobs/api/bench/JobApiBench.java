package dev.jobs.api.bench;

import dev.jobs.api.lambda.StreamLambdaHandler;
import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.api.lambda.ColdStartProbe;
import dev.jobs.locallambda.HttpApiEvent;
import dev.jobs.model.Job;
import dev.jobs.store.JobItems;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Measures job_api_lambda on this machine, against dynalite: (a) cold start, from a fresh JVM's
 * launch to the first response through the handler, the median of several JVMs, with the deployed
 * zip's classpath; (b) warm latency of requests through the handler.
 *
 * <p>Run: {@code mvn -Pbench -pl job-api -am verify -DskipTests} (see README), with {@code
 * -Dbench.jvms=N} (5), {@code -Dbench.requests=N} (5000) or {@code -Dbench.java=PATH} (the JDK
 * running Maven) to change them.
 */
public final class JobApiBench {

  private static final String ID = "36cc30fd1f56b5c9ebca2fc90e10a979";
  private static final int JVMS = Integer.getInteger("bench.jvms", 5);
  private static final int REQUESTS = Integer.getInteger("bench.requests", 5000);
  private static final String JAVA =
      System.getProperty(
          "bench.java", Path.of(System.getProperty("java.home"), "bin", "java").toString());

  public static void main(String[] args) throws Exception {
    Path target = Path.of(args[0]);
    try (LocalAws aws = LocalAws.inMemory().start(EnumSet.of(Service.DYNAMODB))) {
      Job job = new Job().id(ID).city("Lyon").companyName("NOVENCIA Group").title("Data scientist");
      aws.dynamoDb().putItem(b -> b.tableName(JobsAwsResources.TABLE).item(JobItems.toItem(job)));
      String endpoint = aws.endpoint(Service.DYNAMODB).toString();
      Path lambda = unzip(target.resolve("job-api-lambda.zip"), target.resolve("bench/lambda"));
      // The zip, and the probe with the event builder it sends (its jars were missing: the probe
      // failed with NoClassDefFoundError).
      String classpath =
          String.join(
              ":",
              lambdaClasspath(lambda),
              target.resolve("test-classes").toString(),
              codeSource(HttpApiEvent.class),
              codeSource(LocalAws.class));

      System.out.printf(
          "job_api_lambda on %s, %d cores%n",
          javaVersion(), Runtime.getRuntime().availableProcessors());
      System.out.println(
          "cold start: JVM launch to first GET /v1/jobs/{id} answered through the handler");
      List<String> lambdaLike =
          List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
      coldStart("JVM defaults", List.of(), classpath, endpoint);
      coldStart("C1 only + SerialGC (as Lambda's java runtimes)", lambdaLike, classpath, endpoint);

      aws.exposeToSdk();
      warm("GET /v1/jobs/{id}", HttpApiEvent.request("GET", "/v1/jobs/" + ID).toJson());
      warm(
          "GET /v1/jobs?limit=20",
          HttpApiEvent.request("GET", "/v1/jobs").query("limit=20").toJson());
    }
  }

  private static void coldStart(String name, List<String> flags, String classpath, String endpoint)
      throws Exception {
    long[] millis = new long[JVMS];
    for (int i = 0; i < JVMS; i++) {
      millis[i] = runOnce(flags, classpath, endpoint);
    }
    Arrays.sort(millis);
    System.out.printf(
        Locale.ROOT,
        "  %-48s median %,6d ms  (min %,d, max %,d, %d JVMs)%n",
        name,
        millis[JVMS / 2],
        millis[0],
        millis[JVMS - 1],
        JVMS);
  }

  private static long runOnce(List<String> flags, String classpath, String endpoint)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(JAVA);
    command.addAll(flags);
    command.addAll(List.of("-cp", classpath, ColdStartProbe.class.getName(), ID));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("AWS_ENDPOINT_URL_DYNAMODB", endpoint);
    builder.environment().put("AWS_REGION", "eu-west-1");
    builder.environment().put("AWS_ACCESS_KEY_ID", "local");
    builder.environment().put("AWS_SECRET_ACCESS_KEY", "local");
    builder.environment().put("TABLE_NAME", JobsAwsResources.TABLE);
    long start = System.nanoTime();
    Process process = builder.start();
    long answered = -1;
    StringBuilder output = new StringBuilder();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.equals("OK") && answered < 0) {
          answered = System.nanoTime();
        }
        output.append(line).append('\n');
      }
    }
    process.waitFor();
    if (answered < 0) {
      throw new IllegalStateException("the probe did not answer 200:\n" + output);
    }
    return (answered - start) / 1_000_000;
  }

  private static void warm(String name, byte[] event) throws IOException {
    StreamLambdaHandler handler = new StreamLambdaHandler();
    for (int i = 0; i < REQUESTS; i++) {
      invoke(handler, event);
    }
    long[] nanos = new long[REQUESTS];
    long start = System.nanoTime();
    for (int i = 0; i < REQUESTS; i++) {
      long t = System.nanoTime();
      invoke(handler, event);
      nanos[i] = System.nanoTime() - t;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "warm %-22s p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  %,.0f requests/s (one thread, %,d requests after %,d warm-up)%n",
        name,
        nanos[REQUESTS / 2] / 1e6,
        nanos[REQUESTS * 9 / 10] / 1e6,
        nanos[REQUESTS * 99 / 100] / 1e6,
        REQUESTS / seconds,
        REQUESTS,
        REQUESTS);
  }

  private static void invoke(StreamLambdaHandler handler, byte[] event) throws IOException {
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), response, null);
    if (!response.toString(StandardCharsets.UTF_8).contains("\"statusCode\":200")) {
      throw new IllegalStateException("not a 200: " + response);
    }
  }

  private static Path unzip(Path zip, Path into) throws IOException {
    if (Files.exists(into)) {
      try (Stream<Path> old = Files.walk(into)) {
        old.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream entries = new ZipInputStream(in)) {
      for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
        Path file = into.resolve(entry.getName()).normalize();
        if (entry.isDirectory()) {
          Files.createDirectories(file);
        } else {
          Files.createDirectories(file.getParent());
          Files.copy(entries, file);
        }
      }
    }
    return into;
  }

  /** As Lambda's Java runtime builds it: the zip's root, then every jar of lib/. */
  private static String lambdaClasspath(Path lambda) throws IOException {
    try (Stream<Path> jars = Files.list(lambda.resolve("lib"))) {
      return Stream.concat(Stream.of(lambda.toString()), jars.sorted().map(Path::toString))
          .reduce((a, b) -> a + ":" + b)
          .orElseThrow();
    }
  }

  private static String javaVersion() throws IOException, InterruptedException {
    Process version = new ProcessBuilder(JAVA, "-version").redirectErrorStream(true).start();
    String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    version.waitFor();
    return text.lines().findFirst().orElse(JAVA);
  }

  private static String codeSource(Class<?> type) throws java.net.URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
