package dev.jobs.api.lambda;

import dev.jobs.locallambda.HttpApiEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What the Lambda runtime does in a fresh container: load the handler class, then pass it one event
 * (GET /v1/jobs/{id}). Run in a fresh JVM by the SnapStart credentials test and the job API bench.
 */
public final class ColdStartProbe {

  public static void main(String[] args) throws Exception {
    byte[] event = HttpApiEvent.request("GET", "/v1/jobs/" + args[0]).toJson();
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    new StreamLambdaHandler().handleRequest(new ByteArrayInputStream(event), response, null);
    String json = response.toString(StandardCharsets.UTF_8);
    System.out.println(json.contains("\"statusCode\":200") ? "OK" : "FAILED " + json);
    System.out.flush();
    System.exit(0);
  }
}
