package dev.jobs.api.lambda;

import com.amazonaws.serverless.proxy.model.HttpApiV2ProxyRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * An HTTP API event made fit for the container: the app learns where the client called from the
 * gateway alone, and gets a query string the container can read.
 */
final class GatewayEvents {

  /** Headers by which a client could make the app link to another host or path. */
  private static final List<String> CLIENT_FORWARDING =
      List.of(
          "forwarded",
          "x-forwarded-host",
          "x-forwarded-server",
          "x-forwarded-prefix",
          "x-forwarded-ssl");

  private GatewayEvents() {}

  static HttpApiV2ProxyRequest fit(HttpApiV2ProxyRequest event) {
    withGatewayHeaders(event);
    event.setRawQueryString(readableQuery(event.getRawQueryString()));
    return event;
  }

  /**
   * The query string as the container can read it. It cuts each pair at every '=' and fails on a
   * pair without a name: {@code ?=} answered 502 on every route, {@code ?city=a=b} read an empty
   * city. Here a pair is cut at its first '=' only (the value's own are encoded) and pairs without
   * a name are left out, as servlet containers read them.
   */
  static String readableQuery(String raw) {
    if (raw == null || raw.isEmpty()) {
      return raw;
    }
    StringJoiner pairs = new StringJoiner("&");
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      if (!name.isEmpty()) {
        pairs.add(equals < 0 ? pair : name + "=" + pair.substring(equals + 1).replace("=", "%3D"));
      }
    }
    return pairs.toString();
  }

  /**
   * Tells the app where the client called, from the gateway alone, so that {@code Location} and
   * every link point at the gateway's own domain and stage: the host is the request context's
   * domain; the prefix its stage (the gateway strips it from the path: {@code overwrite:path =
   * $request.path}); the scheme and port the ones the gateway sets (the last of a list, the one it
   * added). Headers by which a client could name another host are dropped. The request id is the
   * gateway's too. All of these replace whatever the client sent.
   */
  static HttpApiV2ProxyRequest withGatewayHeaders(HttpApiV2ProxyRequest event) {
    Map<String, String> headers =
        event.getHeaders() == null ? new HashMap<>() : new HashMap<>(event.getHeaders());
    CLIENT_FORWARDING.forEach(headers::remove);
    headers.computeIfPresent(
        "x-forwarded-proto", (name, value) -> last(value).equals("http") ? "http" : "https");
    headers.computeIfPresent(
        "x-forwarded-port", (name, value) -> last(value).matches("\\d{1,5}") ? last(value) : null);
    if (event.getRequestContext() != null) {
      String domain = event.getRequestContext().getDomainName();
      if (domain != null && !domain.isEmpty()) {
        headers.put("host", domain);
      }
      String stage = event.getRequestContext().getStage();
      if (stage != null && !stage.isEmpty() && !"$default".equals(stage)) {
        headers.put("x-forwarded-prefix", "/" + stage);
      }
      if (event.getRequestContext().getRequestId() != null) {
        headers.put("x-request-id", event.getRequestContext().getRequestId());
      }
    }
    event.setHeaders(headers);
    return event;
  }

  private static String last(String list) {
    return list.substring(list.lastIndexOf(',') + 1).strip();
  }
}
