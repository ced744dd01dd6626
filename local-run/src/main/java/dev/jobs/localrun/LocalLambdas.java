package dev.jobs.localrun;

import dev.jobs.localaws.JobsAwsResources;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.Terraform;
import dev.jobs.locallambda.ContainerCredentials;
import dev.jobs.locallambda.runtime.FunctionConfig;
import dev.jobs.locallambda.runtime.LambdaFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three functions of terraform/, deployed from their zips onto this machine's emulators: each
 * invocation runs in a JVM of the function's own through the Lambda Runtime API, with the
 * environment Lambda gives it. What they write goes to the log, under the logger {@code
 * lambda.<function name>}, as it would go to their CloudWatch log groups.
 */
public final class LocalLambdas implements AutoCloseable {

  /** The functions' resource names in terraform/. */
  public static final String JOB_API = "job_api";

  public static final String S3_TO_SQS = "s3_to_sqs";
  public static final String SQS_TO_DYNAMO = "sqs_to_dynamo";

  private final ContainerCredentials containerCredentials;
  private final Map<String, LambdaFunction> functions = new HashMap<>();

  private LocalLambdas(ContainerCredentials containerCredentials) {
    this.containerCredentials = containerCredentials;
  }

  /**
   * The job API alone, as terraform/ declares it, with up to so many execution environments at
   * once; it refers to no emulator's resource, so it may be deployed before the emulators start.
   */
  public static LocalLambdas deployJobApi(
      Terraform terraform, LocalAws aws, Path workDirectory, int environments) {
    return deploy(
        terraform,
        aws,
        workDirectory,
        Set.of(JOB_API),
        Map.of(JOB_API, environments),
        config -> config,
        OutputListener.NONE);
  }

  /**
   * The ingestion functions, as terraform/ declares them, sqs_to_dynamo with up to so many
   * execution environments at once (s3_to_sqs with one: a file is read by one invocation).
   */
  public static LocalLambdas deployIngestion(
      Terraform terraform,
      LocalAws aws,
      Path workDirectory,
      int consumers,
      UnaryOperator<FunctionConfig> adjust,
      OutputListener output) {
    return deploy(
        terraform,
        aws,
        workDirectory,
        Set.of(S3_TO_SQS, SQS_TO_DYNAMO),
        Map.of(SQS_TO_DYNAMO, consumers),
        adjust,
        output);
  }

  /**
   * Deploys functions as terraform/ declares them. A function that refers to no emulator's resource
   * (the job API: a table name) may be deployed before the emulators start.
   *
   * @param which the functions to deploy, by resource name
   * @param concurrency the execution environments each function may run at once, by resource name
   *     (one for a function not named)
   * @param adjust changes a function's configuration before it is deployed (tests: a shorter
   *     timeout, a broken variable)
   * @param output also told each line a function writes, with the function's resource name
   */
  public static LocalLambdas deploy(
      Terraform terraform,
      LocalAws aws,
      Path workDirectory,
      Set<String> which,
      Map<String, Integer> concurrency,
      UnaryOperator<FunctionConfig> adjust,
      OutputListener output) {
    Map<String, FunctionConfig> declared =
        TerraformFunctions.read(
            terraform,
            which,
            reference ->
                switch (reference) {
                  case "aws_sqs_queue.job_offers.url" -> aws.queueUrl();
                  case "aws_s3_bucket.job_offers.bucket" -> JobsAwsResources.BUCKET;
                  case "aws_dynamodb_table.job_offers.name" -> JobsAwsResources.TABLE;
                  default -> null;
                });
    Map<String, FunctionConfig> configs = new LinkedHashMap<>();
    declared.forEach((resource, config) -> configs.put(resource, adjust.apply(config)));
    // Only a SnapStart function asks a credentials endpoint.
    ContainerCredentials credentials =
        configs.values().stream().anyMatch(FunctionConfig::snapStart)
            ? startContainerCredentials()
            : null;
    LocalLambdas lambdas = new LocalLambdas(credentials);
    // A SnapStart function initialises as its version is published: all of them at once.
    ExecutorService publishers = Executors.newFixedThreadPool(Math.max(1, configs.size()));
    Map<String, CompletableFuture<LambdaFunction>> deploying = new LinkedHashMap<>();
    configs.forEach(
        (resource, config) -> {
          Logger log = LoggerFactory.getLogger("lambda." + config.name());
          Consumer<String> lines =
              line -> {
                log.info(line);
                output.line(resource, line);
              };
          deploying.put(
              resource,
              CompletableFuture.supplyAsync(
                  () ->
                      LambdaFunction.deploy(
                          config,
                          workDirectory,
                          aws.sdkEnvironment(),
                          LocalAws.lambdaCredentials(),
                          credentials,
                          concurrency.getOrDefault(resource, 1),
                          aws::rehearsal,
                          lines),
                  publishers));
        });
    publishers.shutdown();
    RuntimeException failure = null;
    for (Map.Entry<String, CompletableFuture<LambdaFunction>> function : deploying.entrySet()) {
      try {
        lambdas.functions.put(function.getKey(), function.getValue().join());
      } catch (CompletionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException cause ? cause : e;
        }
      }
    }
    if (failure != null) {
      lambdas.close();
      throw failure;
    }
    return lambdas;
  }

  private static ContainerCredentials startContainerCredentials() {
    try {
      return ContainerCredentials.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve container credentials", e);
    }
  }

  /** Told each line a function writes. */
  @FunctionalInterface
  public interface OutputListener {
    OutputListener NONE = (function, line) -> {};

    void line(String function, String line);
  }

  /** A function by its resource name in terraform/ ({@link #JOB_API}, ...). */
  public LambdaFunction function(String resource) {
    LambdaFunction function = functions.get(resource);
    if (function == null) {
      throw new IllegalArgumentException("terraform/ declares no function " + resource);
    }
    return function;
  }

  /** The credentials endpoint that SnapStart functions use; null if none was deployed. */
  public ContainerCredentials containerCredentials() {
    return containerCredentials;
  }

  @Override
  public void close() {
    functions.values().forEach(LambdaFunction::close);
    if (containerCredentials != null) {
      containerCredentials.close();
    }
  }
}
