package dev.switchboard.server.io;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The I/O implementation: native epoll on Linux when it loads, NIO otherwise. */
public record IoTransport(String name, IoHandlerFactory handlerFactory, Class<? extends ServerChannel> serverChannel) {

    /** Epoll when available (and not disabled with {@code -Dswitchboard.io=nio}), else NIO. */
    public static IoTransport detect() {
        boolean wantNio = "nio".equalsIgnoreCase(System.getProperty("switchboard.io"));
        if (!wantNio && Epoll.isAvailable()) {
            return new IoTransport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
        }
        return new IoTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }

    public EventLoopGroup newGroup(int threads, String namePrefix) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, namePrefix + "-" + n.incrementAndGet());
            t.setDaemon(false);
            return t;
        };
        return new MultiThreadIoEventLoopGroup(threads, factory, handlerFactory);
    }
}
