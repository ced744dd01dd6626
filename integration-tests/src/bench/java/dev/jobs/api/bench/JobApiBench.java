package dev.jobs.api.bench;

import dev.jobs.api.lambda.StreamLambdaHandler;
import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.bench.BenchFigures;
import dev.jobs.locallambda.HttpApiEvent;
import dev.jobs.model.Job;
import dev.jobs.store.DynamoJobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * job_api_lambda warm, through its handler (HTTP API event in, response out), against dynalite: the
 * handler's own time per request, the time in DynamoDB's client subtracted ({@link DynamoDbTime}),
 * and the latency of a list page as the table grows from {@code bench.smallTable} to {@code
 * bench.bigTable} items. Cold starts are measured from the zip, as Lambda starts it, by the local
 * run's bench.
 *
 * <p>Run: {@code mvn -Pbench -pl integration-tests -am verify -DskipTests} (see README), with
 * {@code -Dbench.requests=N} (5000).
 */
public final class JobApiBench {

  private static final String ID = "36cc30fd1f56b5c9ebca2fc90e10a979";
  private static final int REQUESTS = Integer.getInteger("bench.requests", 5000);
  private static final long SMALL_TABLE = Long.getLong("bench.smallTable", 1_000);
  private static final long BIG_TABLE = Long.getLong("bench.bigTable", 1_000_000);
  private static final String[] CITIES = {"Paris", "Lyon", "Nantes", "Bordeaux"};

  public static void main(String[] args) throws Exception {
    Path data = Files.createTempDirectory("job-api-bench");
    // On disk, as a big table would be; dynalite keeps it in LevelDB.
    try (LocalAws aws =
        LocalAws.persistent(data, Duration.ofSeconds(30), Map.of())
            .start(EnumSet.of(Service.DYNAMODB))) {
      DynamoJobStore store = new DynamoJobStore(aws.dynamoDb(), JobsAwsResources.TABLE);
      seed(store, 0, SMALL_TABLE);
      store.putAll(
          List.of(
              new Job().id(ID).city("Lyon").companyName("NOVENCIA Group").title("Data scientist")));
      aws.exposeToSdk();
      System.setProperty("spring.main.sources", DynamoDbTime.class.getName());
      StreamLambdaHandler handler = new StreamLambdaHandler();

      byte[] get = HttpApiEvent.request("GET", "/v1/jobs/" + ID).toJson();
      byte[] list = HttpApiEvent.request("GET", "/v1/jobs").query("limit=20").toJson();
      byte[] listCity =
          HttpApiEvent.request("GET", "/v1/jobs").query("city=Lyon&limit=20").toJson();
      Latency warmGet = measure(handler, get);
      BenchFigures.record(
          "job API warm GET /v1/jobs/{id}: the handler's own time (DynamoDB calls out), p50",
          "%.2f ms".formatted(warmGet.overheadP50()),
          "<= 2 ms");
      BenchFigures.record(
          "  the same, DynamoDB calls in: p50 / p99",
          "%.2f / %.2f ms".formatted(warmGet.totalP50(), warmGet.totalP99()),
          "");
      Latency warmList = measure(handler, list);
      BenchFigures.record(
          "job API warm GET /v1/jobs?limit=20: the handler's own time, p50",
          "%.2f ms".formatted(warmList.overheadP50()),
          "<= 2 ms");
      recordList("%,d items".formatted(SMALL_TABLE), warmList, measure(handler, listCity));

      seed(store, SMALL_TABLE, BIG_TABLE - SMALL_TABLE);
      recordList(
          "%,d items".formatted(BIG_TABLE), measure(handler, list), measure(handler, listCity));
    }
  }

  private static void recordList(String table, Latency all, Latency city) {
    BenchFigures.record(
        "list page (limit 20), table of %s: p50 / p99".formatted(table),
        "%.2f / %.2f ms".formatted(all.totalP50(), all.totalP99()),
        "flat");
    BenchFigures.record(
        "  the same, one city's: p50 / p99",
        "%.2f / %.2f ms".formatted(city.totalP50(), city.totalP99()),
        "flat");
  }

  /** Writes {@code count} jobs from number {@code first}, four writers at once. */
  private static void seed(DynamoJobStore store, long first, long count) throws Exception {
    long start = System.nanoTime();
    ExecutorService writers = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    int chunk = 1_000;
    for (long from = first; from < first + count; from += chunk) {
      long to = Math.min(from + chunk, first + count);
      long chunkStart = from;
      done.add(
          writers.submit(
              () -> {
                List<Job> jobs = new ArrayList<>();
                for (long i = chunkStart; i < to; i++) {
                  jobs.add(
                      new Job()
                          .id("%032x".formatted(i))
                          .city(CITIES[(int) (i % CITIES.length)])
                          .companyName("Company " + i % 997)
                          .title("Data engineer " + i)
                          .url("https://jobs.example/" + i));
                }
                if (!store.putAll(jobs).isEmpty()) {
                  throw new IllegalStateException("jobs left unwritten");
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    writers.shutdown();
    System.out.printf("(seeded %,d jobs in %.0f s)%n", count, (System.nanoTime() - start) / 1e9);
  }

  /** Latencies of one request, total and without DynamoDB's exchanges, in ms. */
  private record Latency(double[] total, double[] overhead) {

    double totalP50() {
      return total[total.length / 2];
    }

    double totalP99() {
      return total[total.length * 99 / 100];
    }

    double overheadP50() {
      return overhead[overhead.length / 2];
    }
  }

  /** {@code REQUESTS} requests after as many of warm-up, one at a time. */
  private static Latency measure(StreamLambdaHandler handler, byte[] event) throws IOException {
    for (int i = 0; i < REQUESTS; i++) {
      invoke(handler, event);
    }
    double[] total = new double[REQUESTS];
    double[] overhead = new double[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      DynamoDbTime.reset();
      long start = System.nanoTime();
      invoke(handler, event);
      long nanos = System.nanoTime() - start;
      total[i] = nanos / 1e6;
      if (DynamoDbTime.nanos() == 0) {
        throw new IllegalStateException("no DynamoDB time recorded: is DynamoDbTime in the app?");
      }
      overhead[i] = (nanos - DynamoDbTime.nanos()) / 1e6;
    }
    Arrays.sort(total);
    Arrays.sort(overhead);
    return new Latency(total, overhead);
  }

  private static void invoke(StreamLambdaHandler handler, byte[] event) throws IOException {
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), response, null);
    if (!response.toString(StandardCharsets.UTF_8).contains("\"statusCode\":200")) {
      throw new IllegalStateException("not a 200: " + response);
    }
  }
}
