package dev.jobs.api.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** What the handler wrote back to API Gateway. */
record LambdaResponse(int status, JsonNode headers, String body) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static LambdaResponse parse(byte[] output) {
    try {
      JsonNode response = JSON.readTree(output);
      String body = response.path("body").isNull() ? "" : response.path("body").asText("");
      if (response.path("isBase64Encoded").asBoolean()) {
        body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
      }
      JsonNode headers = response.path("headers");
      return new LambdaResponse(response.path("statusCode").asInt(), headers, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String header(String name) {
    var fields = headers.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      if (field.getKey().equalsIgnoreCase(name)) {
        return field.getValue().asText();
      }
    }
    return null;
  }

  JsonNode json() {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + body, e);
    }
  }
}
