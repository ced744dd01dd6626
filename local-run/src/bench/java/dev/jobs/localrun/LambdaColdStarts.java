package dev.jobs.localrun;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.Terraform;
import dev.jobs.localaws.bench.BenchFigures;
import dev.jobs.locallambda.HttpApiEvent;
import dev.jobs.locallambda.S3Events;
import dev.jobs.locallambda.runtime.LambdaFunction;
import dev.jobs.locallambda.runtime.LambdaFunction.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Cold starts of each function as Lambda starts it, without SnapStart: N fresh execution
 * environments per function, each invoked once with a typical event (the job API: one HTTP API
 * event {@code GET /v1/jobs/{id}}; s3_to_sqs: a 10-row file; sqs_to_dynamo: ten messages of 25
 * jobs). Prints the medians of Lambda's REPORT figures. Arguments: the runs (5), then which
 * functions, by their terraform/ resource names (all three: {@code
 * job_api,s3_to_sqs,sqs_to_dynamo}).
 */
public final class LambdaColdStarts {

  private static final String ID = "0123456789abcdef0123456789abcdef";
  private static final int WARM_INVOCATIONS = 20;
  private static final Terraform TERRAFORM =
      Terraform.read(Path.of(System.getProperty("terraform", "terraform")));

  private LambdaColdStarts() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Set<String> functions =
        args.length > 1
            ? Set.of(args[1].split(","))
            : Set.of(LocalLambdas.JOB_API, LocalLambdas.S3_TO_SQS, LocalLambdas.SQS_TO_DYNAMO);
    Path work = Files.createTempDirectory("cold-starts");
    try (LocalAws aws = LocalAws.inMemory().start(EnumSet.allOf(LocalAws.Service.class))) {
      String job =
          """
          {"id":"%s","city":"Lyon","company_name":"Zenika","title":"Développeur Java"}"""
              .formatted(ID);
      aws.s3()
          .putObject(
              b -> b.bucket(JobsAwsResources.BUCKET).key("job_offers/ten.csv"),
              RequestBody.fromString(tenRows(), StandardCharsets.UTF_8));
      if (functions.contains(LocalLambdas.JOB_API)) {
        measure(
            aws,
            work,
            LocalLambdas.JOB_API,
            "<= 1,500 ms",
            runs,
            function ->
                function.invoke(
                    HttpApiEvent.request("GET", "/v1/jobs/" + ID).query("city=Lyon").toJson()));
      }
      if (functions.contains(LocalLambdas.S3_TO_SQS)) {
        measure(
            aws,
            work,
            LocalLambdas.S3_TO_SQS,
            "<= 600 ms",
            runs,
            function ->
                function
                    .handler(S3Event.class, Void.class)
                    .handleRequest(
                        S3Events.objectCreated(
                            JobsAwsResources.BUCKET, "job_offers/ten.csv", 1_000, "bench"),
                        null));
      }
      if (functions.contains(LocalLambdas.SQS_TO_DYNAMO)) {
        measure(
            aws,
            work,
            LocalLambdas.SQS_TO_DYNAMO,
            "<= 600 ms",
            runs,
            function ->
                function
                    .handler(SQSEvent.class, SQSBatchResponse.class)
                    .handleRequest(tenJobMessages(job), null));
      }
    }
  }

  private static void measure(
      LocalAws aws,
      Path work,
      String resource,
      String target,
      int runs,
      Consumer<LambdaFunction> invocation) {
    List<Report> reports = new ArrayList<>();
    String name = null;
    for (int i = 0; i < runs; i++) {
      try (LocalLambdas lambdas = deploy(aws, work, resource, false)) {
        LambdaFunction function = lambdas.function(resource);
        name = function.config().name();
        invocation.accept(function);
        reports.add(function.reports().get(0));
      }
    }
    double init = median(reports.stream().mapToDouble(Report::initDurationMillis).toArray());
    double first = median(reports.stream().mapToDouble(Report::durationMillis).toArray());
    double total =
        median(
            reports.stream()
                .mapToDouble(report -> report.initDurationMillis() + report.durationMillis())
                .toArray());
    double memory = median(reports.stream().mapToDouble(Report::maxMemoryUsedMb).toArray());
    afterPriming(aws, work, resource, runs, invocation);
    String what = "%s cold start, median of %d (no SnapStart)".formatted(name, runs);
    BenchFigures.record(what + ": init + first invocation", "%,.0f ms".formatted(total), target);
    BenchFigures.record(
        "  init %,.0f ms + first invocation %,.0f ms; Max Memory Used".formatted(init, first),
        "%,.0f MB".formatted(memory),
        "");
  }

  /**
   * With SnapStart as terraform/ declares it, {@code runs} versions published: the first invocation
   * after priming (the environment initialised as its version was published) against the same
   * invocation warm; medians over the versions.
   */
  private static void afterPriming(
      LocalAws aws, Path work, String resource, int runs, Consumer<LambdaFunction> invocation) {
    double[] firsts = new double[runs];
    double[] warms = new double[runs];
    String name = null;
    for (int run = 0; run < runs; run++) {
      try (LocalLambdas lambdas = deploy(aws, work, resource, true)) {
        LambdaFunction function = lambdas.function(resource);
        name = function.config().name();
        if (!function.config().snapStart()) {
          BenchFigures.record(name + " SnapStart: not enabled in terraform/", "-", "");
          return;
        }
        for (int i = 0; i < WARM_INVOCATIONS + 1; i++) {
          invocation.accept(function);
        }
        List<Report> reports = function.reports();
        firsts[run] = reports.get(0).durationMillis();
        warms[run] =
            median(
                reports.subList(1, reports.size()).stream()
                    .mapToDouble(Report::durationMillis)
                    .toArray());
      }
    }
    double first = median(firsts);
    double warm = median(warms);
    BenchFigures.record(
        "%s SnapStart, median of %d: first invocation after priming / warm (median of %d)"
            .formatted(name, runs, WARM_INVOCATIONS),
        "%,.0f / %,.0f ms = %.1fx".formatted(first, warm, first / warm),
        "<= 2x");
  }

  /** The function as terraform/ declares it, with or without its SnapStart. */
  private static LocalLambdas deploy(LocalAws aws, Path work, String resource, boolean asDeclared) {
    return LocalLambdas.deploy(
        TERRAFORM,
        aws,
        work,
        Set.of(resource),
        Map.of(),
        config -> asDeclared ? config : config.withSnapStart(false),
        LocalLambdas.OutputListener.NONE);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** The header and first ten rows of the Lyon sample. */
  private static String tenRows() throws IOException {
    return String.join(
            "\n", Files.readAllLines(Path.of("data/job_offers/lyon_job_offers.csv")).subList(0, 11))
        + "\n";
  }

  /** A full batch as s3_to_sqs sends them: ten messages of 25 jobs. */
  private static SQSEvent tenJobMessages(String job) {
    List<SQSEvent.SQSMessage> messages = new ArrayList<>();
    for (int m = 0; m < 10; m++) {
      List<String> jobs = new ArrayList<>();
      for (int j = 0; j < 25; j++) {
        jobs.add(job.replace(ID, "%032x".formatted(m * 25 + j)));
      }
      SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
      message.setMessageId("m-" + m);
      message.setBody("[" + String.join(",", jobs) + "]");
      message.setEventSource("aws:sqs");
      messages.add(message);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(messages);
    return event;
  }
}
