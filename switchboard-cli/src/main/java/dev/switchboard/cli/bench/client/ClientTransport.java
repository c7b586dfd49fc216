package dev.switchboard.cli.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client side I/O implementation: native epoll on Linux when it loads, NIO otherwise
 * ({@code -Dswitchboard.io=nio} forces NIO, as for the server).
 */
record ClientTransport(String name, IoHandlerFactory handlerFactory, boolean epoll) {

    static ClientTransport detect() {
        boolean wantNio = "nio".equalsIgnoreCase(System.getProperty("switchboard.io"));
        if (!wantNio && Epoll.isAvailable()) {
            return new ClientTransport("epoll", EpollIoHandler.newFactory(), true);
        }
        return new ClientTransport("nio", NioIoHandler.newFactory(), false);
    }

    EventLoopGroup newGroup(int threads) {
        AtomicInteger n = new AtomicInteger();
        return new MultiThreadIoEventLoopGroup(threads, r -> {
            Thread t = new Thread(r, "bench-io-" + n.incrementAndGet());
            t.setDaemon(true); // the bench must always be able to exit, whatever a loop is doing
            return t;
        }, handlerFactory);
    }

    /** Channel class and socket options; with epoll, binding a source address defers the port choice to connect. */
    void configure(Bootstrap bootstrap) {
        if (epoll) {
            bootstrap.channel(EpollSocketChannel.class);
            // Without this, bind(127.0.0.x, 0) reserves a port for every destination and caps
            // each source address at ~28,000 sockets in total, not per server.
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        } else {
            bootstrap.channel(NioSocketChannel.class);
        }
        bootstrap.option(ChannelOption.TCP_NODELAY, true);
    }
}
