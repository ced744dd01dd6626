package dev.jobs.locallambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.NettyLoopbackServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * job_api_gw on this machine: an HTTP API with stage {@code dev} and the {@link #ROUTES} of
 * terraform/, whose AWS_PROXY integration (payload format 2.0, {@code overwrite:path =
 * $request.path}) invokes a Lambda handler. A route with {@code AWS_IAM} authorization takes only
 * requests signed (Signature Version 4, service {@code execute-api}) with the local credentials
 * ({@link LocalAws#CREDENTIALS}) and answers others 403 with API Gateway's message. Requests become
 * the events API Gateway sends; the handler's answers become HTTP responses. What API Gateway
 * refuses before any route (docs/decisions/0018) it refuses too, with its own JSON: a request line
 * or headers over its quota, a malformed percent-encoding, a path no route matches.
 */
public final class HttpApiGateway implements AutoCloseable {

  public static final String STAGE = HttpApiEvent.STAGE;

  /**
   * The routes of terraform/ (the Terraform tests check that the two agree), in API Gateway's order
   * of precedence: a method before ANY, a literal path before a greedy one. Writes need a
   * signature; reads, Swagger UI and every other path are public.
   */
  public static final List<Route> ROUTES =
      List.of(
          new Route("POST /v1/jobs", Route.AWS_IAM),
          new Route("PUT /v1/jobs/{id}", Route.AWS_IAM),
          new Route("DELETE /v1/jobs/{id}", Route.AWS_IAM),
          new Route("ANY /{proxy+}", Route.NONE));

  /**
   * HTTP API quotas: "total combined size of request line and header values: 10240 bytes"; its
   * refusals carry the messages of Netty's HTTP decoder, as this one's do.
   */
  static final int MAX_REQUEST_LINE_AND_HEADERS = 10_240;

  /** HTTP API quotas: "payload size: 10 MB". */
  static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

  /** How long a refused request's connection is read and dropped before it is closed. */
  private static final int LINGER_SECONDS = 2;

  private static final Logger log = LoggerFactory.getLogger(HttpApiGateway.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "/" + STAGE + "/";
  private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

  private final RequestStreamHandler handler;
  private final ExecuteApiSignatures signatures =
      new ExecuteApiSignatures(
          LocalAws.CREDENTIALS.resolveCredentials(), LocalAws.REGION.id(), Clock.systemUTC());
  private final EventLoopGroup connections =
      new NioEventLoopGroup(1, new DefaultThreadFactory("gateway-io", true));
  // Invocations wait on the function (its concurrency decides how many run): never on the I/O.
  private final ExecutorService integrations =
      Executors.newCachedThreadPool(new DefaultThreadFactory("gateway-integration", true));
  private Channel server;

  private HttpApiGateway(RequestStreamHandler handler) {
    this.handler = handler;
  }

  /** Serves on the port (0: a free one) of the loopback interface. */
  public static HttpApiGateway start(int port, RequestStreamHandler handler) throws IOException {
    HttpApiGateway gateway = new HttpApiGateway(handler);
    try {
      gateway.server = NettyLoopbackServer.bind(port, gateway.connections, gateway.pipeline());
      return gateway;
    } catch (IOException e) {
      gateway.close();
      throw e;
    }
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  private ChannelInitializer<SocketChannel> pipeline() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel channel) {
        channel
            .pipeline()
            .addLast(
                new HttpServerCodec(
                    MAX_REQUEST_LINE_AND_HEADERS, MAX_REQUEST_LINE_AND_HEADERS, 8192))
            .addLast(new PayloadQuota())
            .addLast(new Requests());
      }
    };
  }

  /** The aggregated body, with API Gateway's answer to one over its quota. */
  private static final class PayloadQuota extends HttpObjectAggregator {
    PayloadQuota() {
      super(MAX_PAYLOAD_BYTES);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext context, HttpMessage oversized) {
      answerAndClose(context, answer(413, message("Request Entity Too Large")));
    }
  }

  /**
   * Answers a request refused before it was read whole, then closes as web servers do (a lingering
   * close): the output is shut after the answer, and what the client still sends is read and
   * dropped for a while, so that its write does not fail and the answer is not lost in a reset.
   */
  private static void answerAndClose(ChannelHandlerContext context, FullHttpResponse response) {
    HttpUtil.setKeepAlive(response, false);
    context
        .writeAndFlush(response)
        .addListener(
            written -> {
              if (context.channel() instanceof SocketChannel socket) {
                socket.shutdownOutput();
              }
              context.executor().schedule(() -> context.close(), LINGER_SECONDS, TimeUnit.SECONDS);
            });
  }

  private final class Requests extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      if (request.decoderResult().isFailure()) {
        // Over the quota, or not HTTP: answered, and the connection closed (its rest unread).
        String why = String.valueOf(request.decoderResult().cause().getMessage());
        answerAndClose(context, answer(400, message(why)));
        return;
      }
      GatewayRequest exchange = GatewayRequest.of(request, context);
      integrations.execute(
          () -> {
            FullHttpResponse response;
            try {
              response = serve(exchange);
            } catch (RuntimeException | IOException e) {
              log.error("the integration failed", e);
              response = answer(500, message("Internal Server Error"));
            }
            if (exchange.method().equals("HEAD")) {
              response = response.replace(Unpooled.EMPTY_BUFFER);
            }
            HttpUtil.setKeepAlive(response, keepAlive);
            context
                .writeAndFlush(response)
                .addListener(
                    keepAlive
                        ? ChannelFutureListener.CLOSE_ON_FAILURE
                        : ChannelFutureListener.CLOSE);
          });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      log.debug("a gateway connection failed", cause);
      context.close();
    }
  }

  private FullHttpResponse serve(GatewayRequest exchange) throws IOException {
    if (BAD_ESCAPE.matcher(exchange.rawPath()).find()
        || (exchange.rawQuery() != null && BAD_ESCAPE.matcher(exchange.rawQuery()).find())) {
      return answer(400, message("Bad Request"));
    }
    if (!exchange.rawPath().startsWith(PREFIX)) {
      // What API Gateway answers for a stage or route it does not have.
      return answer(404, message("Not Found"));
    }
    String path = exchange.rawPath().substring(PREFIX.length() - 1);
    Optional<Route> route =
        ROUTES.stream().filter(r -> r.matches(exchange.method(), path)).findFirst();
    if (route.isEmpty()) {
      // The stage's root: ANY /{proxy+} wants at least one segment.
      return answer(404, message("Not Found"));
    }
    HttpApiEvent event =
        PayloadFormat2.event(exchange, path).route(route.get().key(), route.get().parameters(path));
    if (route.get().authorization().equals(Route.AWS_IAM)) {
      Optional<String> refusal =
          signatures.refusal(
              exchange.method(), exchange.signedUri(), exchange.headers(), exchange.body());
      if (refusal.isPresent()) {
        return answer(403, message(refusal.get()));
      }
      event.iamCaller(LocalAws.CREDENTIALS.resolveCredentials().accessKeyId());
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event.toJson()), output, null);
    return PayloadFormat2.response(JSON.readTree(output.toByteArray()));
  }

  /** An answer of the gateway's own. */
  private static FullHttpResponse answer(int status, byte[] body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    HttpUtil.setContentLength(response, body.length);
    return response;
  }

  /** API Gateway's own error body. */
  private static byte[] message(String message) {
    return JSON.createObjectNode()
        .put("message", message)
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    connections.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    integrations.shutdownNow();
  }
}
