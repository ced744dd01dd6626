package dev.jobs.api.contract;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;

/**
 * Signs, with AWS Signature Version 4 for {@code execute-api}, every request that carries an {@code
 * Authorization} header of that scheme: the contracts mark the requests a client signs with one (a
 * placeholder), and this puts a real signature in its place, as a writer's client would. Requests
 * without one go unsigned.
 */
final class SigV4Filter implements Filter {

  static final String SCHEME = "AWS4-HMAC-SHA256";

  private final AwsCredentialsProvider credentials;
  private final Region region;

  SigV4Filter(AwsCredentialsProvider credentials, Region region) {
    this.credentials = credentials;
    this.region = region;
  }

  @Override
  public Response filter(
      FilterableRequestSpecification request,
      FilterableResponseSpecification response,
      FilterContext context) {
    String authorization = request.getHeaders().getValue("Authorization");
    if (authorization != null && authorization.startsWith(SCHEME)) {
      Object body = request.getBody();
      byte[] bytes =
          body == null
              ? new byte[0]
              : body instanceof byte[] raw ? raw : body.toString().getBytes(StandardCharsets.UTF_8);
      SdkHttpRequest signed =
          AwsV4HttpSigner.create()
              .sign(
                  r ->
                      r.identity(credentials.resolveCredentials())
                          .request(
                              SdkHttpRequest.builder()
                                  .method(SdkHttpMethod.fromValue(request.getMethod()))
                                  .uri(URI.create(request.getURI()))
                                  .build())
                          .payload(ContentStreamProvider.fromByteArray(bytes))
                          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                          .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()))
              .request();
      signed.forEachHeader(
          (name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
              request.replaceHeader(name, values.get(0));
            }
          });
    }
    return context.next(request, response);
  }
}
