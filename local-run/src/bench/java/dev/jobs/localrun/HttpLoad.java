package dev.jobs.localrun;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP/1.1 load, as autocannon makes it: each of N keep-alive connections sends its
 * next {@code GET} as soon as the previous answer is in. One event loop thread drives them all, so
 * that the client costs the server's CPU as little as it can.
 */
final class HttpLoad {

  /** Answers per second, and the latency of answers as the client saw them. */
  record Result(double perSecond, double p50Millis, double p99Millis, long failures) {

    String latency() {
      return "p50 %.2f ms, p99 %.2f ms, %,.0f req/s".formatted(p50Millis, p99Millis, perSecond);
    }
  }

  private HttpLoad() {}

  static Result run(URI uri, int connections, Duration warmUp, Duration duration)
      throws InterruptedException {
    EventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("http-load", true));
    try {
      Connection.measuring = false;
      Connection.sending = true;
      List<Connection> opened = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        Connection connection = new Connection(uri);
        connection.channel =
            new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(
                    new ChannelInitializer<SocketChannel>() {
                      @Override
                      protected void initChannel(SocketChannel channel) {
                        channel
                            .pipeline()
                            .addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20))
                            .addLast(connection);
                      }
                    })
                .connect(uri.getHost(), uri.getPort())
                .sync()
                .channel();
        opened.add(connection);
      }
      opened.forEach(Connection::send);
      Thread.sleep(warmUp.toMillis());
      loop.submit(() -> Connection.measuring = true).sync();
      Thread.sleep(duration.toMillis());
      loop.submit(() -> Connection.measuring = false).sync();
      // The answers on their way are awaited: a connection closed under them fails its server.
      loop.submit(() -> Connection.sending = false).sync();
      for (int i = 0; i < 500 && opened.stream().anyMatch(c -> c.waiting); i++) {
        Thread.sleep(10);
      }

      long[] latencies =
          opened.stream().flatMapToLong(c -> Arrays.stream(c.latencies, 0, c.count)).toArray();
      Arrays.sort(latencies);
      long failures = opened.stream().mapToLong(c -> c.failures.get()).sum();
      opened.forEach(c -> c.channel.pipeline().remove(c).close());
      if (latencies.length == 0) {
        return new Result(0, Double.NaN, Double.NaN, failures);
      }
      return new Result(
          latencies.length / (duration.toNanos() / 1e9),
          latencies[latencies.length / 2] / 1e6,
          latencies[(int) (latencies.length * 0.99)] / 1e6,
          failures);
    } finally {
      loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
  }

  /** One connection's loop; its fields are only touched on the event loop. */
  private static final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {

    static volatile boolean measuring;
    static volatile boolean sending;

    private final FullHttpRequest request;
    private final AtomicLong failures = new AtomicLong();
    private long[] latencies = new long[1 << 14];
    private int count;
    private long sentAt;
    private Channel channel;
    private volatile boolean waiting;

    Connection(URI uri) {
      String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      request =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1, HttpMethod.GET, target, Unpooled.EMPTY_BUFFER);
      request.headers().set(HttpHeaderNames.HOST, uri.getHost() + ":" + uri.getPort());
      request.headers().set(HttpHeaderNames.ACCEPT, "application/json");
    }

    void send() {
      channel.eventLoop().execute(this::sendNow);
    }

    private void sendNow() {
      waiting = sending;
      if (!sending) {
        return;
      }
      sentAt = System.nanoTime();
      channel.writeAndFlush(request.retainedDuplicate());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpResponse response) {
      long latency = System.nanoTime() - sentAt;
      if (response.status().code() != 200) {
        failures.incrementAndGet();
      } else if (measuring) {
        if (count == latencies.length) {
          latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = latency;
      }
      sendNow();
    }

    /** The load keeps its connections: one the server closes is a failure, not a quiet stall. */
    @Override
    public void channelInactive(ChannelHandlerContext context) {
      failures.incrementAndGet();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      failures.incrementAndGet();
      context.close();
    }
  }
}
