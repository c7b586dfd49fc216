package dev.switchboard.server.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The large payloads one event loop is currently writing to many connections inside spliced
 * frames (a topic's {@code presence_state} for every client joining in a burst), each copied once
 * into a direct buffer and handed to every write as a retained duplicate — so a thousand joiners
 * hold one copy of the state, not a thousand.
 *
 * <p>Keyed by the identity of the payload's byte array (the same array for every frame around the
 * same payload). The few most recent stay cached across flush batches, since joiners of one
 * burst arrive over several; an evicted entry is released by the cache, and lives on only in the
 * writes still holding it. One per event loop, confined to it.
 */
final class SharedPayloads {
    private static final ByteBufAllocator POOL = PooledByteBufAllocator.DEFAULT;
    /** Entries kept per loop: a burst's current state and the few before it. */
    static final int SLOTS = 4;
    private static final FastThreadLocal<SharedPayloads> PER_LOOP = new FastThreadLocal<>() {
        @Override
        protected SharedPayloads initialValue() {
            return new SharedPayloads();
        }
    };

    private final byte[][] keys = new byte[SLOTS][];
    private final ByteBuf[] bufs = new ByteBuf[SLOTS];
    private int next;

    /** A new reference to the direct copy of {@code payload} on the calling loop; the write releases it. */
    static ByteBuf retainedView(byte[] payload) {
        return PER_LOOP.get().view(payload);
    }

    ByteBuf view(byte[] payload) {
        for (int i = 0; i < SLOTS; i++) {
            if (keys[i] == payload) {
                return bufs[i].retainedDuplicate();
            }
        }
        ByteBuf copy = POOL.directBuffer(payload.length, payload.length).writeBytes(payload);
        if (bufs[next] != null) {
            bufs[next].release(); // writes in flight keep their own references
        }
        keys[next] = payload;
        bufs[next] = copy;
        next = (next + 1) % SLOTS;
        return copy.retainedDuplicate();
    }
}
