package dev.switchboard.server.io;

import dev.switchboard.protocol.EncodedFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.function.BiConsumer;

/**
 * The broadcast frames one event loop is currently writing, each built once into a pooled
 * direct buffer and handed to every subscriber as a retained duplicate.
 *
 * <p>Duplicates of pooled buffers are themselves recycled, so writing a broadcast to a thousand
 * sockets allocates nothing per socket. Two slots cover the usual case of one broadcast being
 * delivered in two wire formats (V1 and V2 clients on the same topic). The cache holds its own
 * reference only until the end of the flush batch; every write holds its own until written.
 * Loop-confined.
 */
public final class SharedFrames {
    private static final ByteBufAllocator POOL = PooledByteBufAllocator.DEFAULT;

    private final BiConsumer<EncodedFrame, ByteBuf> writer;
    private EncodedFrame key0;
    private ByteBuf buf0;
    private EncodedFrame key1;
    private ByteBuf buf1;

    /** @param writer writes the complete wire form of a frame into the given buffer */
    SharedFrames(BiConsumer<EncodedFrame, ByteBuf> writer) {
        this.writer = writer;
    }

    /** A new reference to the complete wire form of {@code frame}; the caller owns (and the write releases) it. */
    public ByteBuf retainedView(EncodedFrame frame, int wireLength) {
        if (frame == key0) {
            return buf0.retainedDuplicate();
        }
        if (frame == key1) {
            return buf1.retainedDuplicate();
        }
        ByteBuf built = POOL.directBuffer(wireLength, wireLength);
        writer.accept(frame, built);
        // Evict the older slot: slot 1 moves to 0, the new frame takes slot 1.
        if (buf0 != null) {
            buf0.release();
        }
        key0 = key1;
        buf0 = buf1;
        key1 = frame;
        buf1 = built;
        return built.retainedDuplicate();
    }

    /** Drops the cache's own references (writes in flight keep theirs). */
    public void clear() {
        if (buf0 != null) {
            buf0.release();
            buf0 = null;
            key0 = null;
        }
        if (buf1 != null) {
            buf1.release();
            buf1 = null;
            key1 = null;
        }
    }
}
