package dev.jobs.api.lambda;

import com.amazonaws.serverless.proxy.model.AwsProxyResponse;
import com.amazonaws.serverless.proxy.model.HttpApiV2HttpContext;
import com.amazonaws.serverless.proxy.model.HttpApiV2ProxyRequest;
import com.amazonaws.serverless.proxy.model.HttpApiV2ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.Context;
import java.util.Map;
import java.util.function.BiFunction;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming: before the snapshot, real requests run through the handler, so the snapshot
 * holds loaded classes, a warm Spring MVC, Jackson and validation, and a DynamoDB client that has
 * made its first call. Without SnapStart (CRaC) nothing calls it.
 */
final class Priming implements Resource {

  private static final Logger log = LoggerFactory.getLogger(Priming.class);

  /** An id no job has: reading it runs a whole request, DynamoDB Query included, to a 404. */
  private static final String ABSENT_ID = "00000000000000000000000000000000";

  private final BiFunction<HttpApiV2ProxyRequest, Context, AwsProxyResponse> handler;

  private Priming(BiFunction<HttpApiV2ProxyRequest, Context, AwsProxyResponse> handler) {
    this.handler = handler;
  }

  static Priming register(BiFunction<HttpApiV2ProxyRequest, Context, AwsProxyResponse> handler) {
    Priming priming = new Priming(handler);
    Core.getGlobalContext().register(priming);
    return priming;
  }

  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    // Nothing to renew: the SDK client reads its credentials from the restored environment.
  }

  void prime() {
    // No invocation is under way, so there is no Lambda context to pass.
    int notFound = handler.apply(get("/v1/jobs/" + ABSENT_ID, ""), null).getStatusCode();
    int list = handler.apply(get("/v1/jobs", "limit=1"), null).getStatusCode();
    log.atInfo()
        .addKeyValue("get_status", notFound)
        .addKeyValue("list_status", list)
        .log("primed the job API");
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
