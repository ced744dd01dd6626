package dev.jobs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.client.api.HealthApi;
import dev.jobs.client.api.JobsApi;
import dev.jobs.model.Health;
import dev.jobs.model.Job;
import dev.jobs.model.JobInput;
import dev.jobs.model.JobPage;
import dev.jobs.model.Problem;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The job API for a Java caller: the generated {@link JobsApi} with timeouts by default, errors as
 * {@link JobsProblemException} carrying the parsed problem, every page of a listing as one stream,
 * and retries of idempotent calls on 429 and 503 when asked for. A thin layer: each call is one
 * generated call.
 *
 * <pre>{@code
 * JobsClient jobs = JobsClient.builder(URI.create("http://localhost:8080/dev")).build();
 * jobs.stream(ListOptions.all().city("Lyon")).forEach(job -> System.out.println(job.getTitle()));
 * }</pre>
 *
 * <p>Writes (create, replace, delete) must be signed: {@link Builder#signed()} signs every request
 * with the AWS SDK's default credentials, {@link Builder#signedWith} with any.
 */
public final class JobsClient {

  private static final Set<Integer> RETRIED_STATUSES = Set.of(429, 503);

  private final URI baseUri;
  private final JobsApi jobs;
  private final HealthApi health;
  private final ObjectMapper json;
  private final int retries;
  private final Duration firstBackoff;

  /** What every request says of its sender: this client, in the contract's version. */
  static final String USER_AGENT = "jobs-backend-client/" + version();

  private JobsClient(Builder builder) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(builder.baseUri.toString());
    client.setConnectTimeout(builder.connectTimeout);
    client.setReadTimeout(builder.readTimeout);
    ExecuteApiSigning signing =
        builder.credentials == null
            ? null
            : new ExecuteApiSigning(builder.credentials, builder.region);
    this.baseUri = builder.baseUri;
    client.setRequestInterceptor(
        request -> {
          if (signing != null) {
            signing.accept(request);
          }
          request.setHeader("User-Agent", USER_AGENT);
        });
    this.jobs = new JobsApi(client);
    this.health = new HealthApi(client);
    this.json = client.getObjectMapper();
    this.retries = builder.retries;
    this.firstBackoff = builder.firstBackoff;
  }

  /**
   * @param baseUri the API's base, such as {@code
   *     https://abc123.execute-api.eu-west-1.amazonaws.com/dev}
   */
  public static Builder builder(URI baseUri) {
    return new Builder(baseUri);
  }

  /** The jar's version (its manifest), else the contract's this client was generated from. */
  private static String version() {
    String jar = JobsClient.class.getPackage().getImplementationVersion();
    return jar != null ? jar : Configuration.VERSION;
  }

  /** How the client is built; every setting has a default. */
  public static final class Builder {
    private final URI baseUri;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(30);
    private int retries;
    private Duration firstBackoff = Duration.ofMillis(200);
    private AwsCredentialsProvider credentials;
    private Supplier<Region> region;

    private Builder(URI baseUri) {
      this.baseUri = baseUri;
    }

    /**
     * Signs every request (AWS Signature Version 4, service {@code execute-api}) with the AWS SDK's
     * default credentials (environment, profile, web identity token, container or instance role),
     * for the region of the API's {@code execute-api} address, else the SDK's default region.
     * Credentials and region are found at the first request, and a request that finds none fails
     * with a {@link JobsClientException} saying so. Unsigned, the client can only read.
     */
    public Builder signed() {
      this.credentials = DefaultCredentialsProvider.builder().build();
      this.region = () -> regionOf(baseUri);
      return this;
    }

    /** Signs every request with these credentials, for the API's region. */
    public Builder signedWith(AwsCredentialsProvider credentials, Region region) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      Objects.requireNonNull(region, "region");
      this.region = () -> region;
      return this;
    }

    /** 5 s by default. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** How long to wait for an answer: 30 s by default (the API's Lambda timeout). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    /**
     * Retries of a read, replace or delete answered 429 or 503, after a backoff that doubles from
     * {@code firstBackoff}: none by default. A create is never retried (it could create twice).
     */
    public Builder retries(int retries, Duration firstBackoff) {
      this.retries = retries;
      this.firstBackoff = firstBackoff;
      return this;
    }

    public JobsClient build() {
      return new JobsClient(this);
    }
  }

  public Health health() {
    return idempotent(health::getHealth);
  }

  public Job get(String id) {
    return get(id, null);
  }

  /**
   * @param city the job's city, needed only where ingested files gave the id to jobs in several
   *     cities (else a 409 problem lists them)
   */
  public Job get(String id, String city) {
    return idempotent(() -> jobs.getJob(id, city, null));
  }

  /** The job created, and its version, to replace or delete that version only. */
  public Versioned<Job> create(JobInput job) {
    return once(
        () -> {
          ApiResponse<Job> response = jobs.createJobWithHttpInfo(job);
          return new Versioned<>(response.getData(), etag(response));
        });
  }

  /**
   * The job and its version (ETag), to replace or delete that version only: another client's change
   * meanwhile is then a 412, not overwritten.
   */
  public Versioned<Job> read(String id) {
    return read(id, null);
  }

  /** The job in this city, and its version; see {@link #get(String, String)}. */
  public Versioned<Job> read(String id, String city) {
    return idempotent(
        () -> {
          ApiResponse<Job> response = jobs.getJobWithHttpInfo(id, city, null);
          return new Versioned<>(response.getData(), etag(response));
        });
  }

  public Job replace(String id, JobInput job) {
    return replace(id, job, null);
  }

  /**
   * @param ifMatch the version read ({@link Versioned#etag()}), or null for any
   */
  public Job replace(String id, JobInput job, String ifMatch) {
    return idempotent(() -> jobs.replaceJob(id, job, ifMatch));
  }

  public void delete(String id) {
    delete(id, null);
  }

  /**
   * @param ifMatch the version read ({@link Versioned#etag()}), or null for any
   */
  public void delete(String id, String ifMatch) {
    delete(id, null, ifMatch);
  }

  /**
   * @param city the job's city, needed only where the id names jobs in several cities
   * @param ifMatch the version read ({@link Versioned#etag()}), or null for any
   */
  public void delete(String id, String city, String ifMatch) {
    idempotent(
        () -> {
          jobs.deleteJob(id, city, ifMatch);
          return null;
        });
  }

  /** A value and the version the API gave it. */
  public record Versioned<T>(T value, String etag) {}

  private static String etag(ApiResponse<?> response) {
    return response.getHeaders().entrySet().stream()
        .filter(header -> header.getKey().equalsIgnoreCase("ETag"))
        .flatMap(header -> header.getValue().stream())
        .findFirst()
        .orElse(null);
  }

  /** One page; {@code cursor} is the previous page's {@code next_cursor}, or null for the first. */
  public JobPage page(ListOptions options, String cursor) {
    return idempotent(() -> jobs.listJobs(options.limit(), cursor, options.city()));
  }

  /** Every job the options select, page after page, each page read when the stream reaches it. */
  public Stream<Job> stream(ListOptions options) {
    Iterator<Job> jobsOfAllPages =
        new Iterator<>() {
          private JobPage page = page(options, null);
          private Iterator<Job> items = page.getItems().iterator();

          @Override
          public boolean hasNext() {
            while (!items.hasNext() && page.getNextCursor() != null) {
              page = page(options, page.getNextCursor());
              items = page.getItems().iterator();
            }
            return items.hasNext();
          }

          @Override
          public Job next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return items.next();
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(jobsOfAllPages, Spliterator.ORDERED), false);
  }

  /** The region in {@code <api>.execute-api.<region>.amazonaws.com}, else the SDK's default. */
  static Region regionOf(URI baseUri) {
    Matcher host =
        Pattern.compile("[^.]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?")
            .matcher(String.valueOf(baseUri.getHost()));
    return host.matches()
        ? Region.of(host.group(1))
        : DefaultAwsRegionProviderChain.builder().build().getRegion();
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws ApiException;
  }

  private <T> T once(Call<T> call) {
    try {
      return call.run();
    } catch (ApiException e) {
      throw failure(e);
    } catch (SdkClientException e) {
      throw cannotSign(e);
    }
  }

  /** No credentials or region found to sign with (the SDK's message says where it looked). */
  private JobsClientException cannotSign(SdkClientException e) {
    return new JobsClientException(
        "cannot sign a request to " + baseUri + ": " + e.getMessage(), e);
  }

  private static String reasonPhrase(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 413 -> "Request Entity Too Large";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "HTTP " + status;
    };
  }

  private <T> T idempotent(Call<T> call) {
    Duration backoff = firstBackoff;
    for (int attempt = 0; ; attempt++) {
      try {
        return call.run();
      } catch (ApiException e) {
        if (attempt >= retries || !RETRIED_STATUSES.contains(e.getCode())) {
          throw failure(e);
        }
      } catch (SdkClientException e) {
        throw cannotSign(e);
      }
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted before a retry", e);
      }
      backoff = backoff.multipliedBy(2);
    }
  }

  /**
   * The problem the API sent (an answer that is none, a gateway's, keeps its status and gets its
   * reason as title), or, with no answer at all (a timeout, a refused connection), what failed.
   */
  private JobsClientException failure(ApiException e) {
    if (e.getCode() == 0) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new JobsClientException(
          "no answer from "
              + baseUri
              + ": "
              + (cause.getMessage() == null
                  ? cause.getClass().getSimpleName()
                  : cause.getMessage()),
          cause);
    }
    Problem problem;
    try {
      JsonNode body =
          e.getResponseBody() == null || e.getResponseBody().isBlank()
              ? json.createObjectNode()
              : json.readTree(e.getResponseBody());
      // API Gateway's own answers (403 of an unsigned write, 429) are {"message": ...}.
      problem =
          body.has("message") && !body.has("status")
              ? new Problem().detail(body.get("message").asText())
              : json.treeToValue(body, Problem.class);
    } catch (IOException notAProblem) {
      problem = new Problem().detail(e.getResponseBody());
    }
    if (problem.getStatus() == null) {
      problem.status(e.getCode());
    }
    if (problem.getTitle() == null) {
      problem.title(reasonPhrase(e.getCode()));
    }
    return new JobsProblemException(e.getCode(), problem);
  }
}
