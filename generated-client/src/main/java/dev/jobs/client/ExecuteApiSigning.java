package dev.jobs.client;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;

/**
 * Signs each request with AWS Signature Version 4 for API Gateway ({@code execute-api}), body
 * included, with the AWS SDK's own signer: what the API's AWS_IAM routes (the writes) require. The
 * credentials are resolved for each request, so temporary ones are renewed by their provider.
 * {@link JobsClient.Builder#signed} uses it; it signs any {@code java.net.http} request too: {@code
 * signing.accept(builder)} before {@code builder.build()}.
 */
public final class ExecuteApiSigning implements Consumer<HttpRequest.Builder> {

  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private final AwsCredentialsProvider credentials;
  private final Supplier<Region> region;

  public ExecuteApiSigning(AwsCredentialsProvider credentials, Region region) {
    this(credentials, () -> region);
  }

  /** With the region found at the first request (the SDK's chain may look in files). */
  ExecuteApiSigning(AwsCredentialsProvider credentials, Supplier<Region> region) {
    this.credentials = credentials;
    this.region = memoized(region);
  }

  private static Supplier<Region> memoized(Supplier<Region> region) {
    Region[] found = new Region[1];
    return () -> {
      synchronized (found) {
        if (found[0] == null) {
          found[0] = region.get();
        }
        return found[0];
      }
    };
  }

  @Override
  public void accept(HttpRequest.Builder builder) {
    HttpRequest request = builder.copy().build();
    byte[] body = request.bodyPublisher().map(ExecuteApiSigning::bytes).orElse(new byte[0]);
    SdkHttpRequest signed =
        SIGNER
            .sign(
                r ->
                    r.identity(credentials.resolveCredentials())
                        .request(
                            SdkHttpRequest.builder()
                                .method(SdkHttpMethod.fromValue(request.method()))
                                .uri(request.uri())
                                .build())
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region.get().id()))
            .request();
    // The signature, its date and any session token; the HTTP client sets Host itself.
    signed.forEachHeader(
        (name, values) -> {
          if (!name.equalsIgnoreCase("Host")) {
            builder.setHeader(name, values.get(0));
          }
        });
  }

  /** The bytes a body publisher sends (the generated client's are in memory). */
  private static byte[] bytes(HttpRequest.BodyPublisher publisher) {
    CompletableFuture<byte[]> bytes = new CompletableFuture<>();
    publisher.subscribe(
        new Flow.Subscriber<>() {
          private final List<ByteBuffer> buffers = new ArrayList<>();

          @Override
          public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(ByteBuffer buffer) {
            buffers.add(buffer);
          }

          @Override
          public void onError(Throwable error) {
            bytes.completeExceptionally(error);
          }

          @Override
          public void onComplete() {
            ByteBuffer all =
                ByteBuffer.allocate(buffers.stream().mapToInt(ByteBuffer::remaining).sum());
            buffers.forEach(all::put);
            bytes.complete(all.array());
          }
        });
    try {
      return bytes.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the request body to sign it", e);
    }
  }
}
