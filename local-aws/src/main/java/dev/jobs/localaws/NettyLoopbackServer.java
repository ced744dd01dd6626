package dev.jobs.localaws;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;

/**
 * A Netty server's socket on the loopback interface: the fronts' and the local gateway's (the other
 * stand-ins serve on the JDK's server, local-lambda's LoopbackServer).
 */
public final class NettyLoopbackServer {

  private NettyLoopbackServer() {}

  /**
   * Binds the port (0: a free one), each connection handled by the handler on the group's loops.
   *
   * @throws BindException if the port is taken
   */
  public static Channel bind(int port, EventLoopGroup group, ChannelHandler handler)
      throws IOException {
    try {
      return new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(handler)
          .bind(new InetSocketAddress("127.0.0.1", port))
          .sync()
          .channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while binding port " + port, e);
    } catch (Exception e) {
      // Netty rethrows the bind's checked exceptions undeclared.
      if (e instanceof BindException bind) {
        throw bind;
      }
      throw new IOException("cannot serve on port " + port, e);
    }
  }
}
