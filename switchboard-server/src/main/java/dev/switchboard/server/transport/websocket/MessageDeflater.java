package dev.switchboard.server.transport.websocket;

import dev.switchboard.protocol.EncodedFrame;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;

/**
 * Compresses the server's messages for connections that negotiated permessage-deflate (RFC 7692)
 * with {@code server_no_context_takeover}: every message is compressed on its own, so one
 * compressed form of a broadcast is right for every subscriber. It is made once, by the first
 * event loop that writes the frame, and kept on the {@link EncodedFrame} for all the others
 * ({@link EncodedFrame#deflated}).
 *
 * <p>Not compressed: messages under the minimum size, spliced frames (a large payload shared by
 * reference, around a head and tail that differ per connection — compressing it would cost a
 * compression per connection, the opposite of the point), and messages that deflate would not
 * make smaller. Those go out as plain frames, which RFC 7692 allows at any time.
 *
 * <p>One per event loop of a server, shared by that loop's compressing connections and confined
 * to it: one zlib stream, reset for each message.
 */
final class MessageDeflater implements UnaryOperator<byte[]> {
    /** zlib's default: most of the gain of level 9 at a fraction of its CPU on short JSON. */
    private static final int LEVEL = 6;
    /** RFC 7692 §7.2.1: a sync flush ends with an empty stored block, 00 00 ff ff, which is removed. */
    private static final int TAIL = 4;
    /** Output buffer kept between messages up to this size; a larger one is let go after use. */
    private static final int KEEP_BYTES = 64 * 1024;
    private static final byte[] EMPTY = new byte[0];

    private final int minBytes;
    private final CompressionStats stats;
    private final Deflater deflater = new Deflater(LEVEL, true);
    private byte[] out = new byte[1024];

    /** Compresses messages of at least {@code minBytes}, counting them in {@code stats}. */
    MessageDeflater(int minBytes, CompressionStats stats) {
        this.minBytes = minBytes;
        this.stats = stats;
    }

    /** What to write for {@code frame}: its compressed payload, or null to write it as it is. */
    byte[] payload(EncodedFrame frame) {
        if (frame.isSpliced() || frame.length() < minBytes) {
            return null;
        }
        return frame.deflated(this);
    }

    /** Compresses one message (the frame calls this once; its result is kept on the frame). */
    @Override
    public byte[] apply(byte[] data) {
        byte[] compressed = deflate(data);
        if (compressed.length < data.length) {
            stats.compressed(data.length, compressed.length);
        }
        return compressed;
    }

    /** Raw deflate of {@code data} with a sync flush, without the 00 00 ff ff tail. */
    byte[] deflate(byte[] data) {
        deflater.reset();
        deflater.setInput(data);
        int length = 0;
        while (true) {
            if (out.length - length < 64) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            int space = out.length - length;
            int n = deflater.deflate(out, length, space, Deflater.SYNC_FLUSH);
            length += n;
            if (n < space) {
                break; // the flush completed: zlib stopped before filling the space it had
            }
        }
        deflater.setInput(EMPTY); // drop the reference to the message's bytes
        byte[] result = Arrays.copyOf(out, length - TAIL);
        if (out.length > KEEP_BYTES) {
            out = new byte[1024];
        }
        return result;
    }
}
