package dev.switchboard.server.io;

import java.time.Duration;
import java.util.Objects;

/**
 * How much a connection may owe its client: the two bounds that keep one slow reader from growing
 * server memory and from lagging unboundedly behind the others (unsent bytes, and the age of the
 * oldest unsent message), and the write-buffer water marks between which a connection counts as
 * backed up. Past either bound the client is closed with 1013 {@code slow consumer: …}; phoenix.js
 * reconnects, and a client that recovers (docs/RECOVERY.md) gets what it missed from history.
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
 * @param maxOutboundAge          how old the oldest message not yet written to the client's socket
 *                                (WebSocket) or not yet collected by a poll (long-poll) may get
 *                                before the client is closed as a slow consumer with 1013 (default
 *                                30 s: far beyond any healthy client's lag, which is milliseconds,
 *                                yet it frees the server from a stalled reader long before the
 *                                byte bound on a quiet topic; checked once a second, so the close
 *                                comes up to a second later). Applies to clients that read slowly
 *                                as well as to ones that stopped reading
 */
public record OutboundOptions(long maxOutboundBytes, int writeBufferLowWaterMark, int writeBufferHighWaterMark,
                              Duration maxOutboundAge) {
    public static final long DEFAULT_MAX_OUTBOUND_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_WRITE_BUFFER_LOW_WATER_MARK = 32 * 1024;
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = 256 * 1024;

    public static final Duration DEFAULT_MAX_OUTBOUND_AGE = Duration.ofSeconds(30);
    /** The smallest age bound: shorter ones would close clients for an ordinary pause. */
    public static final Duration MIN_MAX_OUTBOUND_AGE = Duration.ofMillis(100);

    public static final OutboundOptions DEFAULTS = new OutboundOptions(DEFAULT_MAX_OUTBOUND_BYTES,
            DEFAULT_WRITE_BUFFER_LOW_WATER_MARK, DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK, DEFAULT_MAX_OUTBOUND_AGE);


    /** The smallest outbound bound: one ordinary message must fit. */
    public static final long MIN_MAX_OUTBOUND_BYTES = 1024;

    public OutboundOptions {
        Objects.requireNonNull(maxOutboundAge, "maxOutboundAge");
        if (maxOutboundAge.compareTo(MIN_MAX_OUTBOUND_AGE) < 0) {
            throw new IllegalArgumentException("maxOutboundAge must be at least " + MIN_MAX_OUTBOUND_AGE.toMillis()
                    + " ms, got " + maxOutboundAge.toMillis() + " ms");
        }
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
            return new OutboundOptions(value, writeBufferLowWaterMark, writeBufferHighWaterMark, maxOutboundAge);
        }
        int high = (int) value;
        return new OutboundOptions(value, Math.min(writeBufferLowWaterMark, high / 2), high, maxOutboundAge);
    }

    public OutboundOptions withWriteBufferWaterMarks(int low, int high) {
        return new OutboundOptions(maxOutboundBytes, low, high, maxOutboundAge);
    }

    public OutboundOptions withMaxOutboundAge(Duration value) {
        return new OutboundOptions(maxOutboundBytes, writeBufferLowWaterMark, writeBufferHighWaterMark, value);
    }
}
