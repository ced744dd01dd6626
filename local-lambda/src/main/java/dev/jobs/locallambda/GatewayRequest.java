package dev.jobs.locallambda;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A request to the local gateway as read off the connection, for the integration's thread. */
record GatewayRequest(
    String method,
    String rawPath,
    String rawQuery,
    String protocol,
    Map<String, List<String>> headers,
    byte[] body,
    String clientIp,
    int localPort) {

  static GatewayRequest of(FullHttpRequest request, ChannelHandlerContext context) {
    String uri = request.uri();
    int question = uri.indexOf('?');
    Map<String, List<String>> headers = new LinkedHashMap<>();
    request
        .headers()
        .forEach(
            header ->
                headers
                    .computeIfAbsent(header.getKey(), name -> new ArrayList<>())
                    .add(header.getValue()));
    return new GatewayRequest(
        request.method().name(),
        question < 0 ? uri : uri.substring(0, question),
        question < 0 ? null : uri.substring(question + 1),
        request.protocolVersion().text(),
        headers,
        ByteBufUtil.getBytes(request.content()),
        ((InetSocketAddress) context.channel().remoteAddress()).getAddress().getHostAddress(),
        ((InetSocketAddress) context.channel().localAddress()).getPort());
  }

  String header(String name) {
    return headers.entrySet().stream()
        .filter(header -> header.getKey().equalsIgnoreCase(name))
        .flatMap(header -> header.getValue().stream())
        .findFirst()
        .orElse(null);
  }

  /** The URI the client addressed, as it signed it. */
  URI signedUri() {
    return URI.create(
        "http://" + header("Host") + rawPath + (rawQuery == null ? "" : "?" + rawQuery));
  }
}
