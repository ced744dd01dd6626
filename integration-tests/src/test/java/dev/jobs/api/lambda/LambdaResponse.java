package dev.jobs.api.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** What the handler wrote back to API Gateway, with the body as the gateway sends it on. */
record LambdaResponse(int status, JsonNode headers, byte[] bytes) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static LambdaResponse parse(byte[] output) {
    try {
      JsonNode response = JSON.readTree(output);
      String body = response.path("body").isNull() ? "" : response.path("body").asText("");
      // API Gateway decodes a base64 body, and sends a text body as UTF-8.
      byte[] bytes =
          response.path("isBase64Encoded").asBoolean()
              ? Base64.getDecoder().decode(body)
              : body.getBytes(StandardCharsets.UTF_8);
      JsonNode headers = response.path("headers");
      return new LambdaResponse(response.path("statusCode").asInt(), headers, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String body() {
    return new String(bytes, StandardCharsets.UTF_8);
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
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + body(), e);
    }
  }
}
