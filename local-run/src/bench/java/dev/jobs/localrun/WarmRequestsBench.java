package dev.jobs.localrun;

import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.Ports;
import dev.jobs.localaws.Terraform;
import dev.jobs.localaws.bench.BenchFigures;
import dev.jobs.locallambda.HttpApiGateway;
import dev.jobs.model.Job;
import dev.jobs.store.DynamoJobStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Warm requests as a client sees them, what Lambda bills at one connection: {@code GET
 * /v1/jobs/{id}} and {@code GET /v1/jobs?limit=20} with 1 and 10 connections, served directly (the
 * Spring app on Tomcat, a JVM of its own, on dynalite itself: no rehearsal) and through the local
 * run's path (the local gateway, job_api_lambda from its zip through the Runtime API with up to 10
 * execution environments, dynalite behind its front). The direct server alone first, then the
 * gateway's path; each figure after {@code bench.warmUp} seconds of warm-up (30), over {@code
 * bench.seconds} of load (10). Warm means steady: through the gateway, four JVMs and dynalite
 * compile the path as it runs, and after 10 s the p50 was still twice its steady value.
 */
public final class WarmRequestsBench {

  private static final String ID = "36cc30fd1f56b5c9ebca2fc90e10a979";
  private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmUp", 30));
  private static final Duration LOAD = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
  private static final int ENVIRONMENTS = 10;
  private static final Duration ENVIRONMENTS_STARTED = Duration.ofSeconds(30);
  private static final Terraform TERRAFORM =
      Terraform.read(Path.of(System.getProperty("terraform", "terraform")));

  private WarmRequestsBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("warm-requests");
    try (LocalAws aws = LocalAws.inMemory().start(EnumSet.of(Service.DYNAMODB))) {
      DynamoJobStore store = new DynamoJobStore(aws.dynamoDb(), JobsAwsResources.TABLE);
      store.putAll(
          IntStream.range(0, 1_000)
              .mapToObj(
                  i ->
                      new Job()
                          .id(i == 0 ? ID : "%032x".formatted(i))
                          .city(i % 2 == 0 ? "Lyon" : "Paris")
                          .companyName("Company " + i)
                          .title("Développeur Java " + i))
              .toList());

      List<String> paths = List.of("/v1/jobs/" + ID, "/v1/jobs?limit=20");
      int[] connectionCounts = {1, 10};
      Map<String, HttpLoad.Result> direct = new LinkedHashMap<>();
      int port = Ports.free();
      Process server = startServer(aws, port);
      try {
        if (!Ports.awaitListening(port, Duration.ofMinutes(1), server)) {
          throw new IllegalStateException("the job API did not start on port " + port);
        }
        URI base = URI.create("http://127.0.0.1:" + port);
        for (String path : paths) {
          for (int connections : connectionCounts) {
            direct.put(path + connections, load(base, path, connections, WARM_UP));
          }
        }
      } finally {
        // Alone on the machine's cores, as the gateway's figures are after it.
        server.destroy();
        server.waitFor();
      }

      try (LocalLambdas api =
              LocalLambdas.deployJobApi(TERRAFORM, aws, work.resolve("lambda"), ENVIRONMENTS);
          HttpApiGateway gateway =
              HttpApiGateway.start(0, api.function(LocalLambdas.JOB_API).streamHandler())) {
        URI base = URI.create("http://127.0.0.1:" + gateway.port() + "/" + HttpApiGateway.STAGE);
        // Every execution environment started (cold starts) before any figure is taken.
        load(base, paths.get(0), ENVIRONMENTS, ENVIRONMENTS_STARTED);
        for (String path : paths) {
          for (int connections : connectionCounts) {
            HttpLoad.Result served = direct.get(path + connections);
            HttpLoad.Result gatewayed = load(base, path, connections, WARM_UP);
            boolean byId = !path.contains("?");
            BenchFigures.record(
                "job API warm GET %s, %d connection%s: served directly (Tomcat, dynalite)"
                    .formatted(
                        byId ? "/v1/jobs/{id}" : path, connections, connections == 1 ? "" : "s"),
                served.latency(),
                byId && connections == 1 ? "p50 <= 2 ms" : "");
            BenchFigures.record(
                "  the same through the local gateway, Runtime API and front (%d environments at most)"
                    .formatted(ENVIRONMENTS),
                gatewayed.latency(),
                !byId ? "" : connections == 1 ? "p50 <= 3 ms" : ">= half the direct rate");
          }
        }
      }
    }
  }

  private static HttpLoad.Result load(URI base, String path, int connections, Duration warmUp)
      throws InterruptedException {
    HttpLoad.Result result = HttpLoad.run(URI.create(base + path), connections, warmUp, LOAD);
    if (result.failures() > 0) {
      throw new IllegalStateException(result.failures() + " requests failed: " + base + path);
    }
    return result;
  }

  /**
   * The job API as a plain server, on the classpath job-api's build writes ({@code
   * target/server-classpath.txt}), with the SDK's settings for the emulator as Lambda's would be.
   */
  private static Process startServer(LocalAws aws, int port) throws IOException {
    Path jobApi = Path.of("job-api", "target");
    String classpath =
        jobApi.resolve("classes") + ":" + Files.readString(jobApi.resolve("server-classpath.txt"));
    ProcessBuilder builder =
        new ProcessBuilder(
                "java",
                "-Xmx512m",
                "-cp",
                classpath.strip(),
                "dev.jobs.api.JobApiApplication",
                "--server.port=" + port,
                // Tomcat closes a connection after 100 requests; API Gateway's to Lambda stay open.
                "--server.tomcat.max-keep-alive-requests=-1")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    Map<String, String> environment = builder.environment();
    environment.putAll(aws.sdkEnvironment());
    environment.putAll(LocalAws.lambdaCredentials());
    // dynalite itself, not the rehearsal's front: the direct figures are the app's alone.
    environment.put(
        "AWS_ENDPOINT_URL_DYNAMODB",
        aws.emulator(Service.DYNAMODB).emulator().endpoint().toString());
    return builder.start();
  }
}
