package dev.jobs.locallambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * API Gateway's Lambda proxy integration, payload format 2.0: a request as the function's event,
 * and the function's answer as the HTTP response.
 */
final class PayloadFormat2 {

  /** Content types API Gateway passes to Lambda as text; any other body is base64. */
  private static final List<String> TEXT_TYPES =
      List.of(
          "text/",
          "application/json",
          "application/problem+json",
          "application/xml",
          "application/javascript",
          "application/x-www-form-urlencoded");

  /** Headers the gateway sets itself, whatever the client sent. */
  private static final List<String> GATEWAY_SET =
      List.of("content-type", "x-forwarded-proto", "x-forwarded-port");

  /** The event of a request to {@code path}, the path without the stage. */
  static HttpApiEvent event(GatewayRequest exchange, String path) {
    // overwrite:path = $request.path: the integration sees the path without the stage.
    HttpApiEvent event =
        HttpApiEvent.request(exchange.method(), path)
            .query(exchange.rawQuery())
            .protocol(exchange.protocol())
            .sourceIp(exchange.clientIp());
    String host = exchange.header("Host");
    if (host != null) {
      event.domainName(host.replaceFirst(":\\d+$", ""));
    }
    exchange
        .headers()
        .forEach(
            (name, values) -> {
              if (name.equalsIgnoreCase("cookie")) {
                values.forEach(line -> List.of(line.split(";\\s*")).forEach(event::cookie));
              } else if (!GATEWAY_SET.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> event.header(name, value));
              }
            });
    event
        .header("x-forwarded-proto", "http")
        .header("x-forwarded-port", String.valueOf(exchange.localPort()))
        .header("x-forwarded-for", exchange.clientIp());
    String contentType = exchange.header("Content-Type");
    byte[] body = exchange.body();
    Optional<String> text = isText(contentType) ? utf8(body) : Optional.empty();
    if (body.length > 0 && text.isPresent()) {
      event.body(contentType, text.get());
    } else if (body.length > 0) {
      // Bytes that are not UTF-8 go as they are (base64): decoded here, they would become U+FFFD,
      // and the app would store what the client never sent.
      event.binary(contentType, body);
    } else if (contentType != null) {
      event.header("content-type", contentType);
    }
    return event;
  }

  /** The integration's answer (payload format 2.0) as an HTTP response. */
  static FullHttpResponse response(JsonNode answer) {
    String body = answer.path("body").isNull() ? "" : answer.path("body").asText("");
    byte[] bytes =
        answer.path("isBase64Encoded").asBoolean()
            ? Base64.getDecoder().decode(body)
            : body.getBytes(StandardCharsets.UTF_8);
    int status = answer.path("statusCode").asInt(502);
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(status),
            status == 204 || status == 304 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
    answer
        .path("headers")
        .fields()
        .forEachRemaining(
            header -> response.headers().add(header.getKey(), header.getValue().asText()));
    answer
        .path("multiValueHeaders")
        .fields()
        .forEachRemaining(
            header ->
                header
                    .getValue()
                    .forEach(
                        value -> {
                          if (!response.headers().contains(header.getKey())) {
                            response.headers().add(header.getKey(), value.asText());
                          }
                        }));
    answer
        .path("cookies")
        .forEach(cookie -> response.headers().add(HttpHeaderNames.SET_COOKIE, cookie.asText()));
    HttpUtil.setContentLength(response, response.content().readableBytes());
    return response;
  }

  /** The bytes as UTF-8 text, if they are that. */
  private static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static boolean isText(String contentType) {
    if (contentType == null) {
      return true;
    }
    String type = contentType.toLowerCase(Locale.ROOT);
    return TEXT_TYPES.stream().anyMatch(type::startsWith);
  }

  private PayloadFormat2() {}
}
