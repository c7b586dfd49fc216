package dev.switchboard.server.transport.websocket;

import dev.switchboard.protocol.EncodedFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Writes complete server-to-client WebSocket frames (header + payload, unmasked, unfragmented)
 * so they can be written straight to the socket: the pipeline has no frame encoder. For broadcasts the
 * complete frame is built once per event loop (see {@link dev.switchboard.server.io.SharedFrames})
 * and every subscriber's write is a view of the same memory.
 */
public final class WebSocketFrames {
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    static final int OPCODE_CLOSE = 0x8;
    static final int OPCODE_PONG = 0xA;
    /** RFC 6455 §5.5: a control frame's payload is at most 125 bytes; a close frame's reason gets 123. */
    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int FIN = 0x80;
    /** RFC 7692: set on the first frame of a compressed message. */
    private static final int RSV1 = 0x40;

    private WebSocketFrames() {}

    /**
     * A frame for one connection, in a buffer from the channel's allocator. A spliced frame's
     * shared part is not copied: it is a view of the loop's one copy ({@link SharedPayloads}),
     * between header + head and tail.
     */
    static ByteBuf single(EncodedFrame frame, ByteBufAllocator alloc) {
        if (frame.isSpliced()) {
            int length = frame.length();
            ByteBuf first = alloc.directBuffer(headerLength(length) + frame.head().length);
            writeHeader(first, 0, frame.binary(), length);
            first.writeBytes(frame.head());
            ByteBuf last = alloc.directBuffer(frame.tail().length).writeBytes(frame.tail());
            return alloc.compositeDirectBuffer(3)
                    .addComponents(true, first, SharedPayloads.retainedView(frame.shared()), last);
        }
        ByteBuf buf = alloc.directBuffer(wireLength(frame));
        write(frame, buf);
        return buf;
    }

    /** A compressed message ({@link MessageDeflater}) for one connection, RSV1 set. */
    static ByteBuf compressed(byte[] deflated, boolean binary, ByteBufAllocator alloc) {
        ByteBuf buf = alloc.directBuffer(headerLength(deflated.length) + deflated.length);
        writeCompressed(deflated, binary, buf);
        return buf;
    }

    /** Writes a compressed message's header, RSV1 set, and its compressed payload into {@code out}. */
    static void writeCompressed(byte[] deflated, boolean binary, ByteBuf out) {
        writeHeader(out, RSV1, binary, deflated.length);
        out.writeBytes(deflated);
    }

    /** Bytes on the wire for a compressed message of {@code deflatedLength} bytes. */
    static int compressedWireLength(int deflatedLength) {
        return headerLength(deflatedLength) + deflatedLength;
    }

    /**
     * A close frame with {@code code} and as much of {@code reason} (UTF-8) as fits in 123 bytes,
     * cut at a character boundary.
     */
    static ByteBuf close(int code, String reason, ByteBufAllocator alloc) {
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        int length = text.length;
        if (length > MAX_CONTROL_PAYLOAD - 2) {
            length = MAX_CONTROL_PAYLOAD - 2;
            while (length > 0 && (text[length] & 0xC0) == 0x80) {
                length--; // do not cut a character in two
            }
        }
        ByteBuf buf = alloc.directBuffer(4 + length);
        buf.writeByte(FIN | OPCODE_CLOSE).writeByte(2 + length).writeShort(code).writeBytes(text, 0, length);
        return buf;
    }

    /**
     * A control frame ({@link #OPCODE_PONG}, or {@link #OPCODE_CLOSE} echoing a client's close)
     * carrying {@code payload}, at most 125 bytes as the decoder already enforced; {@code payload}
     * is read, not released.
     */
    static ByteBuf control(int opcode, ByteBuf payload, ByteBufAllocator alloc) {
        int length = Math.min(payload.readableBytes(), MAX_CONTROL_PAYLOAD);
        ByteBuf buf = alloc.directBuffer(2 + length);
        buf.writeByte(FIN | opcode).writeByte(length).writeBytes(payload, payload.readerIndex(), length);
        return buf;
    }

    /** Bytes on the wire for this frame: header plus payload. */
    public static int wireLength(EncodedFrame frame) {
        int length = frame.length();
        return headerLength(length) + length;
    }

    /** Writes header and payload into {@code out}. */
    public static void write(EncodedFrame frame, ByteBuf out) {
        writeHeader(out, 0, frame.binary(), frame.length());
        out.writeBytes(frame.head());
        if (frame.isSpliced()) {
            out.writeBytes(frame.shared()).writeBytes(frame.tail());
        }
    }

    static int headerLength(int payloadLength) {
        if (payloadLength < 126) {
            return 2;
        }
        return payloadLength <= 0xFFFF ? 4 : 10;
    }

    private static void writeHeader(ByteBuf buf, int rsv, boolean binary, int length) {
        buf.writeByte(FIN | rsv | (binary ? OPCODE_BINARY : OPCODE_TEXT));
        if (length < 126) {
            buf.writeByte(length);
        } else if (length <= 0xFFFF) {
            buf.writeByte(126);
            buf.writeShort(length);
        } else {
            buf.writeByte(127);
            buf.writeLong(length);
        }
    }
}
