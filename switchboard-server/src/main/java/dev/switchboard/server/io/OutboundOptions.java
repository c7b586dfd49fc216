package dev.switchboard.server.io;

/**
 * How much a connection may owe its client: the bound that keeps one slow reader from growing
 * server memory, and the write-buffer water marks between which a connection counts as backed up.
 *
 * @param maxOutboundBytes        unsent bytes one connection may accumulate (WebSocket: its outbound
 *                                buffer; long-poll: frames waiting for the next poll) before it is
 *                                closed as a slow consumer with 1013 (default 16 MiB: minutes of a
 *                                busy chat, and a bound of 16 GiB over 1,000 stuck clients)
 * @param writeBufferLowWaterMark a backed-up connection becomes writable again below this many
 *                                unsent bytes (default 32 KiB)
 * @param writeBufferHighWaterMark above this many unsent bytes a connection is backed up and its
 *                                backlog is checked against {@code maxOutboundBytes} on every
 *                                write (default 256 KiB: a few hundred messages in flight is normal)
 */
public record OutboundOptions(long maxOutboundBytes, int writeBufferLowWaterMark, int writeBufferHighWaterMark) {
    public static final long DEFAULT_MAX_OUTBOUND_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_WRITE_BUFFER_LOW_WATER_MARK = 32 * 1024;
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = 256 * 1024;

    public static final OutboundOptions DEFAULTS = new OutboundOptions(DEFAULT_MAX_OUTBOUND_BYTES,
            DEFAULT_WRITE_BUFFER_LOW_WATER_MARK, DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK);

    /** The smallest outbound bound: one ordinary message must fit. */
    public static final long MIN_MAX_OUTBOUND_BYTES = 1024;

    public OutboundOptions {
        if (maxOutboundBytes < MIN_MAX_OUTBOUND_BYTES) {
            throw new IllegalArgumentException("maxOutboundBytes must be at least " + MIN_MAX_OUTBOUND_BYTES
                    + ", got " + maxOutboundBytes);
        }
        if (writeBufferLowWaterMark < 1) {
            throw new IllegalArgumentException("writeBufferLowWaterMark must be at least 1 byte");
        }
        if (writeBufferHighWaterMark < writeBufferLowWaterMark) {
            throw new IllegalArgumentException("writeBufferHighWaterMark (" + writeBufferHighWaterMark
                    + ") must not be below writeBufferLowWaterMark (" + writeBufferLowWaterMark + ")");
        }
        if (maxOutboundBytes < writeBufferHighWaterMark) {
            throw new IllegalArgumentException("maxOutboundBytes (" + maxOutboundBytes
                    + ") must be at least writeBufferHighWaterMark (" + writeBufferHighWaterMark + ")");
        }
    }

    /**
     * The options with another outbound bound. A bound below the high water mark lowers the marks
     * with it (high to the bound, low to at most half of it), since a connection is only checked
     * once it is backed up.
     */
    public OutboundOptions withMaxOutboundBytes(long value) {
        if (value >= writeBufferHighWaterMark || value < MIN_MAX_OUTBOUND_BYTES) {
            return new OutboundOptions(value, writeBufferLowWaterMark, writeBufferHighWaterMark);
        }
        int high = (int) value;
        return new OutboundOptions(value, Math.min(writeBufferLowWaterMark, high / 2), high);
    }

    public OutboundOptions withWriteBufferWaterMarks(int low, int high) {
        return new OutboundOptions(maxOutboundBytes, low, high);
    }
}
