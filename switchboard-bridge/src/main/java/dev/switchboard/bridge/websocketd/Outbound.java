package dev.switchboard.bridge.websocketd;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Frames from a program's reading thread to its WebSocket, with backpressure: the thread waits
 * while the connection's outbound buffer is over its high-water mark or too many bytes are still
 * on their way to the event loop. A client that reads slowly therefore slows the program down
 * (its stdout pipe fills and its writes block), and the server holds at most about
 * {@link #MAX_IN_FLIGHT} + the channel's high-water mark per connection.
 */
final class Outbound {
    /** Bytes handed to the event loop but not yet written to the channel. */
    static final long MAX_IN_FLIGHT = 256 * 1024;

    private final Channel channel;
    private final AtomicLong inFlight = new AtomicLong();
    private final Object room = new Object();
    private volatile boolean closed;
    /** False until the 101 is out: a program's first lines wait for the handshake. */
    private volatile boolean ready;

    Outbound(Channel channel) {
        this.channel = channel;
    }

    /** Waits until more may be sent, or the connection is gone; false when it is gone. */
    boolean awaitRoom() throws InterruptedException {
        synchronized (room) {
            while (!closed && (!ready || channel.isActive() && (!channel.isWritable() || inFlight.get() > MAX_IN_FLIGHT))) {
                room.wait(50); // also woken by writability changes; the timeout covers a missed wake-up
            }
        }
        return !closed && channel.isActive();
    }

    /** The WebSocket is open: frames may flow. */
    void ready() {
        ready = true;
        wake();
    }

    /** Writes and flushes {@code frames} (taking ownership) on the event loop. */
    void send(List<WebSocketFrame> frames, long bytes) {
        if (frames.isEmpty()) {
            return;
        }
        inFlight.addAndGet(bytes);
        channel.eventLoop().execute(() -> {
            try {
                if (closed || !channel.isActive()) {
                    frames.forEach(ReferenceCountUtil::release);
                    return;
                }
                for (WebSocketFrame frame : frames) {
                    channel.write(frame, channel.voidPromise());
                }
                channel.flush();
            } finally {
                inFlight.addAndGet(-bytes);
                wake();
            }
        });
    }

    /** Called when the channel's writability changed, or it closed. */
    void wake() {
        synchronized (room) {
            room.notifyAll();
        }
    }

    /** No more frames: later sends are dropped (the client is gone or the close frame is out). */
    void close() {
        closed = true;
        wake();
    }

    boolean isClosed() {
        return closed;
    }
}
