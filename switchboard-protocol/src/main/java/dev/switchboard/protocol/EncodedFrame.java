package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A frame serialized for the wire: the bytes of one WebSocket message (text or binary) or of one
 * long-poll message string.
 *
 * <p>Immutable and shareable: a broadcast is encoded once per wire format and the same instance is
 * handed to every subscriber.
 */
public final class EncodedFrame {
    private final byte[] bytes;
    private final boolean binary;

    public EncodedFrame(byte[] bytes, boolean binary) {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.binary = binary;
    }

    /** The serialized bytes; UTF-8 JSON for text frames. Not copied: do not mutate. */
    public byte[] bytes() {
        return bytes;
    }

    /** True for a binary WebSocket message, false for a text message. */
    public boolean binary() {
        return binary;
    }

    /** The text of a text frame. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return binary ? "binary(" + bytes.length + " bytes)" : text();
    }
}
