package dev.jobs.api.lambda;

import com.amazonaws.serverless.proxy.model.AwsProxyResponse;
import com.amazonaws.serverless.proxy.model.HttpApiV2HttpContext;
import com.amazonaws.serverless.proxy.model.HttpApiV2ProxyRequest;
import com.amazonaws.serverless.proxy.model.HttpApiV2ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.Context;
import dev.jobs.lambda.SnapStartPriming;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * SnapStart priming of the job API: before the snapshot, real requests run through the handler, so
 * the snapshot holds loaded classes, a warm Spring MVC, Jackson and validation, and a DynamoDB
 * client that has made its first call. Registered as every function's priming is ({@link
 * SnapStartPriming}); without SnapStart (CRaC) nothing calls it.
 */
final class Priming {

  /** An id no job has: reading it runs a whole request, DynamoDB Query included, to a 404. */
  private static final String ABSENT_ID = "00000000000000000000000000000000";

  private final BiFunction<HttpApiV2ProxyRequest, Context, AwsProxyResponse> handler;

  private Priming(BiFunction<HttpApiV2ProxyRequest, Context, AwsProxyResponse> handler) {
    this.handler = handler;
  }

  /** Registers the priming; the caller keeps what it returns, as CRaC holds it weakly. */
  static SnapStartPriming register(
      BiFunction<HttpApiV2ProxyRequest, Context, AwsProxyResponse> handler) {
    return SnapStartPriming.register("the job API", new Priming(handler)::prime);
  }

  /**
   * Reads an absent job by its id alone (a Query) and in a city (a GetItem: the read a client makes
   * from a Location or an ETag it holds), then a page; a server error means the snapshot would be
   * taken unprimed.
   */
  void prime() {
    // No invocation is under way, so there is no Lambda context to pass.
    int notFound = handler.apply(get("/v1/jobs/" + ABSENT_ID, ""), null).getStatusCode();
    int notInCity =
        handler.apply(get("/v1/jobs/" + ABSENT_ID, "city=Priming"), null).getStatusCode();
    int list = handler.apply(get("/v1/jobs", "limit=1"), null).getStatusCode();
    if (notFound != 404 || notInCity != 404 || list != 200) {
      throw new IllegalStateException(
          "the priming requests answered %d, %d and %d, not 404, 404 and 200"
              .formatted(notFound, notInCity, list));
    }
  }

  static HttpApiV2ProxyRequest get(String path, String query) {
    HttpApiV2HttpContext http = new HttpApiV2HttpContext();
    http.setMethod("GET");
    http.setPath(path);
    http.setProtocol("HTTP/1.1");
    http.setSourceIp("127.0.0.1");
    HttpApiV2ProxyRequestContext requestContext = new HttpApiV2ProxyRequestContext();
    requestContext.setHttp(http);
    requestContext.setStage("$default");
    requestContext.setRequestId("priming");
    HttpApiV2ProxyRequest request = new HttpApiV2ProxyRequest();
    request.setVersion("2.0");
    request.setRouteKey("ANY /{proxy+}");
    request.setRawPath(path);
    request.setRawQueryString(query);
    request.setHeaders(Map.of("accept", "application/json"));
    request.setRequestContext(requestContext);
    return request;
  }
}
