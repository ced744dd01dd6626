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
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
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

  /** Methods whose request has a body, if only an empty one ({@code Content-Length: 0}). */
  private static final Set<String> BODIED = Set.of("POST", "PUT", "PATCH");

  private final HttpHost emulator;
  private final Supplier<Front> front;

  /**
   * Blocking, on the exchange's own thread: a forwarded call costs no hand-over between threads
   * (the JDK's client hands each one to its selector thread and back, which cost every AWS call
   * through a front about a tenth of a millisecond of CPU).
   */
  private final CloseableHttpClient client =
      HttpClients.custom()
          .setConnectionManager(
              PoolingHttpClientConnectionManagerBuilder.create()
                  // As many as the exchanges: a long poll holds its connection for 20 s.
                  .setMaxConnTotal(Integer.MAX_VALUE)
                  .setMaxConnPerRoute(Integer.MAX_VALUE)
                  .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                  .setDefaultConnectionConfig(
                      ConnectionConfig.custom()
                          .setConnectTimeout(Timeout.ofSeconds(5))
                          .setSocketTimeout(Timeout.ofMinutes(2))
                          .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                          .build())
                  .build())
          // What the emulator answers, byte for byte, to whoever asked.
          .disableContentCompression()
          .disableRedirectHandling()
          .disableCookieManagement()
          .disableAuthCaching()
          .disableAutomaticRetries()
          .build();

  private final EventLoopGroup connections =
      new NioEventLoopGroup(1, new DefaultThreadFactory("front-io", true));
  // Emulators answer on their own time (a long poll waits 20 s): never on the I/O thread.
  private final ExecutorService exchanges =
      Executors.newCachedThreadPool(new DefaultThreadFactory("front", true));
  private final AtomicBoolean closed = new AtomicBoolean();
  private Channel server;

  private FrontServer(URI emulator, Supplier<Front> front) {
    this.emulator = HttpHost.create(emulator);
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
              if (closed.get()) {
                // Cut by close(), as is the caller's connection: nothing failed, nothing to answer.
                return;
              }
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
  private Front.Answer forward(Front.Request request) throws IOException {
    try {
      return send(request);
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException closedMeanwhile) {
      return send(request);
    }
  }

  private Front.Answer send(Front.Request request) throws IOException {
    return client.execute(emulator, toEmulator(request), response -> answer(request, response));
  }

  /** The request with its path and query as received, byte for byte. */
  private static ClassicHttpRequest toEmulator(Front.Request request) {
    ClassicHttpRequest forwarded = new BasicClassicHttpRequest(request.method(), request.uri());
    request
        .headers()
        .forEach(
            (name, value) -> {
              if (!HOP_BY_HOP.contains(name)) {
                forwarded.addHeader(name, value);
              }
            });
    if (request.body().length > 0 || BODIED.contains(request.method())) {
      forwarded.setEntity(new ByteArrayEntity(request.body(), null));
    }
    return forwarded;
  }

  private static Front.Answer answer(Front.Request request, ClassicHttpResponse response)
      throws IOException {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    boolean head = request.method().equals("HEAD");
    for (Header header : response.getHeaders()) {
      String lower = header.getName().toLowerCase(Locale.ROOT);
      // A HEAD answer's length is the object's, which it describes: kept.
      if (!HOP_BY_HOP.contains(lower) || (head && lower.equals("content-length"))) {
        headers.merge(lower, header.getValue(), (first, next) -> first + "," + next);
      }
    }
    byte[] body =
        response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
    return Front.Answer.of(response.getCode(), headers, body);
  }

  /** For fronts' own answers: the bytes of a text in UTF-8. */
  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Stops taking connections, cuts the exchanges still waiting on the emulator (a long poll waits
   * 20 s), and once they have ended, closes the callers' connections: an exchange never writes to
   * an event loop that has stopped.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    exchanges.shutdownNow();
    client.close(CloseMode.IMMEDIATE);
    try {
      exchanges.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connections.shutdownGracefully(0, 0, TimeUnit.SECONDS);
  }
}
