package dev.jobs.localaws.rehearsal;

import dev.jobs.localaws.NettyLoopbackServer;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server in front of an emulator: each request is answered by the service's current {@link
 * Front}, which sends it on to the emulator, or not. The endpoint the product and its users reach,
 * on the port they know; the emulator listens elsewhere.
 */
final class FrontServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FrontServer.class);

  /** More than any upload of the local run (a 100,000-row file is about 20 MB). */
  private static final int MAX_BODY_BYTES = 512 * 1024 * 1024;

  /** Headers of one hop, which the HTTP client sets for the next. */
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "host",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");

  private final URI emulator;
  private final Supplier<Front> front;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .executor(Executors.newCachedThreadPool(new DefaultThreadFactory("front-client", true)))
          .build();
  private final EventLoopGroup connections =
      new NioEventLoopGroup(1, new DefaultThreadFactory("front-io", true));
  // Emulators answer on their own time (a long poll waits 20 s): never on the I/O thread.
  private final ExecutorService exchanges =
      Executors.newCachedThreadPool(new DefaultThreadFactory("front", true));
  private Channel server;

  private FrontServer(URI emulator, Supplier<Front> front) {
    this.emulator = emulator;
    this.front = front;
  }

  /** Serves on the port (0: a free one) of the loopback interface. */
  static FrontServer start(int port, URI emulator, Supplier<Front> front) throws IOException {
    FrontServer server = new FrontServer(emulator, front);
    try {
      server.server = NettyLoopbackServer.bind(port, server.connections, server.pipeline());
      return server;
    } catch (IOException e) {
      server.close();
      throw e;
    }
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort());
  }

  private ChannelInitializer<SocketChannel> pipeline() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel channel) {
        channel
            .pipeline()
            .addLast(new HttpServerCodec())
            .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
            .addLast(new Exchanges());
      }
    };
  }

  private final class Exchanges extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest received) {
      boolean keepAlive = HttpUtil.isKeepAlive(received);
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      received
          .headers()
          .forEach(
              header -> headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue()));
      Front.Request request =
          new Front.Request(
              received.method().name(),
              received.uri(),
              headers,
              ByteBufUtil.getBytes(received.content()));
      exchanges.execute(
          () -> {
            Front.Answer answer;
            try {
              answer = front.get().answer(request, FrontServer.this::forward);
            } catch (IOException | RuntimeException e) {
              log.warn(
                  "{} {} failed on its way to {}", request.method(), request.uri(), emulator, e);
              answer = Front.Answer.of(502, Map.of(), new byte[0]);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              context.close();
              return;
            }
            write(context, request, answer, keepAlive);
          });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      log.debug("a front connection failed", cause);
      context.close();
    }
  }

  /**
   * Writes the answer; one to be reset is written in part, and its connection closed with a reset
   * (no lingering), as a connection cut mid-body reaches the client.
   */
  private static void write(
      ChannelHandlerContext context,
      Front.Request request,
      Front.Answer answer,
      boolean keepAlive) {
    HttpResponseStatus status = HttpResponseStatus.valueOf(answer.status());
    boolean head = request.method().equals("HEAD");
    if (answer.resetAfter() >= 0) {
      HttpResponse start = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
      answer.headers().forEach((name, value) -> start.headers().set(name, value));
      start.headers().set(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
      context.write(start);
      context
          .writeAndFlush(
              new DefaultHttpContent(Unpooled.wrappedBuffer(answer.body(), 0, answer.resetAfter())))
          .addListener(
              written -> {
                context.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                context.close();
              });
      return;
    }
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            status,
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
    answer.headers().forEach((name, value) -> response.headers().set(name, value));
    if (!head || !response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
    }
    HttpUtil.setKeepAlive(response, keepAlive);
    context
        .writeAndFlush(response)
        .addListener(
            keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
  }

  /**
   * Sends the request to the emulator. A request refused by a connection the emulator had just
   * closed (it times idle ones out) is sent once more: it never reached the emulator.
   */
  private Front.Answer forward(Front.Request request) throws IOException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(emulator.resolve(request.uri()))
            .timeout(Duration.ofMinutes(2))
            .method(
                request.method(),
                request.body().length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request
        .headers()
        .forEach(
            (name, value) -> {
              if (!HOP_BY_HOP.contains(name)) {
                builder.header(name, value);
              }
            });
    HttpRequest forwarded = builder.build();
    java.net.http.HttpResponse<byte[]> response;
    try {
      response = client.send(forwarded, BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw e;
    } catch (IOException closedMeanwhile) {
      response = client.send(forwarded, BodyHandlers.ofByteArray());
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    boolean head = request.method().equals("HEAD");
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              // A HEAD answer's length is the object's, which it describes: kept.
              if (!HOP_BY_HOP.contains(lower) || (head && lower.equals("content-length"))) {
                headers.put(lower, String.join(",", values));
              }
            });
    return Front.Answer.of(response.statusCode(), headers, response.body());
  }

  /** For fronts' own answers: the bytes of a text in UTF-8. */
  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    connections.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    exchanges.shutdownNow();
  }
}
