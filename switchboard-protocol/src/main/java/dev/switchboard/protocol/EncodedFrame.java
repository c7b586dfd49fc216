package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A frame serialized for the wire: the bytes of one WebSocket message (text or binary) or of one
 * long-poll message string.
 *
 * <p>Immutable and shareable: a broadcast is encoded once per wire format and the same instance is
 * handed to every subscriber.
 *
 * <p>A frame around a large payload is <em>spliced</em>: a small head, the payload's own bytes (not
 * copied), a small tail. The same payload pushed to many connections — a topic's
 * {@code presence_state} to every client that joins in a burst — is then held once, not once per
 * connection: a transport that understands splices writes the shared part by reference
 * ({@link #head()}, {@link #shared()}, {@link #tail()}); any other reads {@link #bytes()}.
 */
public final class EncodedFrame {
    /** Payloads from this size on are spliced into frames rather than copied. */
    public static final int SPLICE_THRESHOLD = 32 * 1024;

    private final byte[] head;
    private final byte[] shared;
    private final byte[] tail;
    private final boolean binary;
    /** The whole frame, built on first use for a spliced frame. */
    private volatile byte[] whole;
    /** The compressed form, made on first use; {@link #NOT_SMALLER} when compressing does not pay. */
    private volatile byte[] deflated;
    private static final byte[] NOT_SMALLER = new byte[0];

    public EncodedFrame(byte[] bytes, boolean binary) {
        this(Objects.requireNonNull(bytes, "bytes"), null, null, binary);
        this.whole = bytes;
    }

    private EncodedFrame(byte[] head, byte[] shared, byte[] tail, boolean binary) {
        this.head = head;
        this.shared = shared;
        this.tail = tail;
        this.binary = binary;
    }

    /** A text frame made of {@code head}, {@code shared} (kept by reference, never copied here) and {@code tail}. */
    public static EncodedFrame spliced(byte[] head, byte[] shared, byte[] tail) {
        return new EncodedFrame(Objects.requireNonNull(head, "head"), Objects.requireNonNull(shared, "shared"),
                Objects.requireNonNull(tail, "tail"), false);
    }

    /** The serialized bytes; UTF-8 JSON for text frames. Not copied: do not mutate. */
    public byte[] bytes() {
        byte[] w = whole;
        if (w == null) {
            w = new byte[head.length + shared.length + tail.length];
            System.arraycopy(head, 0, w, 0, head.length);
            System.arraycopy(shared, 0, w, head.length, shared.length);
            System.arraycopy(tail, 0, w, head.length + shared.length, tail.length);
            whole = w;
        }
        return w;
    }

    /** The frame's length in bytes. */
    public int length() {
        return shared == null ? head.length : head.length + shared.length + tail.length;
    }

    /** True when the frame is head + {@link #shared()} + tail. */
    public boolean isSpliced() {
        return shared != null;
    }

    /** A spliced frame's first bytes; the whole frame otherwise. */
    public byte[] head() {
        return head;
    }

    /** A spliced frame's shared middle (the same array for every frame around that payload), or null. */
    public byte[] shared() {
        return shared;
    }

    /** A spliced frame's last bytes, or null. */
    public byte[] tail() {
        return tail;
    }

    /**
     * The frame compressed by {@code compressor} (the WebSocket transport's permessage-deflate),
     * made once on first use and shared by every connection that writes it compressed; null when
     * the compressed form would not be smaller. Two threads asking at once may both compress; one
     * result is kept and both are the same bytes.
     */
    public byte[] deflated(UnaryOperator<byte[]> compressor) {
        byte[] d = deflated;
        if (d == null) {
            d = compressor.apply(bytes());
            if (d.length >= length()) {
                d = NOT_SMALLER;
            }
            deflated = d;
        }
        return d == NOT_SMALLER ? null : d;
    }

    /** True for a binary WebSocket message, false for a text message. */
    public boolean binary() {
        return binary;
    }

    /** The text of a text frame. */
    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return binary ? "binary(" + length() + " bytes)" : text();
    }
}
