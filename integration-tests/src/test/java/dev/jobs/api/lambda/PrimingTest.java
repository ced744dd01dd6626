package dev.jobs.api.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.serverless.proxy.internal.LambdaContainerHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.locallambda.HttpApiEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The priming requests, which the job API builds from the container's model (it cannot use the
 * local gateway's {@link HttpApiEvent}), have the shape of the events API Gateway sends: every
 * field they set is one that {@code HttpApiEvent} sets, where it sets it.
 */
class PrimingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void primesWithEventsOfTheGatewaysShape() throws Exception {
    JsonNode priming =
        JSON.readTree(
            LambdaContainerHandler.getObjectMapper()
                .writeValueAsString(Priming.get("/v1/jobs", "limit=1")));
    JsonNode gateway =
        JSON.readTree(HttpApiEvent.request("GET", "/v1/jobs").query("limit=1").toJson());

    assertThat(paths(priming, ""))
        .isSubsetOf(paths(gateway, ""))
        .contains("/requestContext/http/method");
    assertThat(priming.at("/routeKey")).isEqualTo(gateway.at("/routeKey"));
    assertThat(priming.at("/rawQueryString")).isEqualTo(gateway.at("/rawQueryString"));
  }

  /** The paths of the non-null fields of a JSON object, as JSON pointers. */
  private static List<String> paths(JsonNode node, String prefix) {
    List<String> paths = new ArrayList<>();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      JsonNode value = node.get(name);
      if (value.isNull()) {
        continue;
      }
      paths.add(prefix + "/" + name);
      if (value.isObject() && !name.equals("headers")) {
        paths.addAll(paths(value, prefix + "/" + name));
      }
    }
    return paths;
  }
}
