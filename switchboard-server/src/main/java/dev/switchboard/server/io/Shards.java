package dev.switchboard.server.io;

import dev.switchboard.exec.Shard;
import io.netty.util.concurrent.EventExecutor;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.IdentityHashMap;
import java.util.Map;

/** The shards of a server: one per event loop of its child group, numbered from 0. */
public final class Shards {
    private final Map<EventLoop, EventLoopShard> byLoop = new IdentityHashMap<>();

    /**
     * @param frameWriter writes the complete wire form of a shared frame (the transport's framing)
     */
    public Shards(EventLoopGroup group, java.util.function.BiConsumer<dev.switchboard.protocol.EncodedFrame, io.netty.buffer.ByteBuf> frameWriter) {
        int id = 0;
        for (EventExecutor executor : group) {
            if (id >= Shard.MAX_SHARDS) {
                throw new IllegalArgumentException("at most " + Shard.MAX_SHARDS + " event loops are supported");
            }
            EventLoop loop = (EventLoop) executor;
            byLoop.put(loop, new EventLoopShard(loop, id++, new SharedFrames(frameWriter)));
        }
    }

    /** The shard of a connection's event loop. The map is never modified after construction. */
    public EventLoopShard of(EventLoop loop) {
        EventLoopShard shard = byLoop.get(loop);
        if (shard == null) {
            throw new IllegalStateException("event loop is not part of this server: " + loop);
        }
        return shard;
    }

    public java.util.Collection<EventLoopShard> all() {
        return byLoop.values();
    }

    public int size() {
        return byLoop.size();
    }
}
