package dev.switchboard.server.transport.websocket;

import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.server.io.EventLoopShard;
import dev.switchboard.server.io.FlushBatcher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The broadcast frames one event loop is currently writing, each built once as a complete
 * WebSocket frame in a pooled direct buffer and handed to every subscriber as a retained
 * duplicate.
 *
 * <p>Duplicates of pooled buffers are themselves recycled, so writing a broadcast to a thousand
 * sockets allocates nothing per socket. Two slots cover the usual case of one broadcast being
 * delivered in two wire formats or variants on the same loop. The cache holds its own reference
 * only until the end of the loop's flush batch; every write holds its own until written.
 * One per event loop, confined to it.
 */
final class SharedFrames implements FlushBatcher.Flushable {
    private static final ByteBufAllocator POOL = PooledByteBufAllocator.DEFAULT;
    private static final FastThreadLocal<SharedFrames> PER_LOOP = new FastThreadLocal<>() {
        @Override
        protected SharedFrames initialValue() {
            return new SharedFrames();
        }
    };

    private EncodedFrame key0;
    private boolean compressed0;
    private ByteBuf buf0;
    private EncodedFrame key1;
    private boolean compressed1;
    private ByteBuf buf1;
    private boolean clearScheduled;

    SharedFrames() {}

    /**
     * A new reference to the wire form of {@code frame}, built at most once per flush batch on
     * {@code shard}'s loop (the calling thread); the caller owns the reference and the write releases it.
     */
    static ByteBuf retainedView(EncodedFrame frame, byte[] deflated, EventLoopShard shard) {
        SharedFrames frames = PER_LOOP.get();
        if (!frames.clearScheduled) {
            frames.clearScheduled = true;
            shard.flusher().add(frames);
        }
        return frames.retainedView(frame, deflated);
    }

    /**
     * The wire form of {@code frame}: compressed when {@code deflated} (its compressed payload,
     * see {@link MessageDeflater}) is given, plain otherwise — two cache entries, since one
     * broadcast goes out both ways to subscribers that did and did not negotiate compression.
     */
    ByteBuf retainedView(EncodedFrame frame, byte[] deflated) {
        boolean compressed = deflated != null;
        if (frame == key0 && compressed == compressed0) {
            return buf0.retainedDuplicate();
        }
        if (frame == key1 && compressed == compressed1) {
            return buf1.retainedDuplicate();
        }
        ByteBuf built;
        if (compressed) {
            int length = WebSocketFrames.compressedWireLength(deflated.length);
            built = POOL.directBuffer(length, length);
            WebSocketFrames.writeCompressed(deflated, frame.binary(), built);
        } else {
            int length = WebSocketFrames.wireLength(frame);
            built = POOL.directBuffer(length, length);
            WebSocketFrames.write(frame, built);
        }
        // Evict the older slot: slot 1 moves to 0, the new frame takes slot 1.
        if (buf0 != null) {
            buf0.release();
        }
        key0 = key1;
        compressed0 = compressed1;
        buf0 = buf1;
        key1 = frame;
        compressed1 = compressed;
        buf1 = built;
        return built.retainedDuplicate();
    }

    /** End of the flush batch: drops the cache's own references (writes in flight keep theirs). */
    @Override
    public void flushBatch() {
        clearScheduled = false;
        clear();
    }

    void clear() {
        if (buf0 != null) {
            buf0.release();
            buf0 = null;
            key0 = null;
            compressed0 = false;
        }
        if (buf1 != null) {
            buf1.release();
            buf1 = null;
            key1 = null;
            compressed1 = false;
        }
    }
}
