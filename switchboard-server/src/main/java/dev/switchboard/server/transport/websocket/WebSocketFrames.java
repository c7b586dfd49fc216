package dev.switchboard.server.transport.websocket;

import dev.switchboard.protocol.EncodedFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Writes complete server-to-client WebSocket frames (header + payload, unmasked, unfragmented)
 * so they can be written straight to the socket, past Netty's frame encoder. For broadcasts the
 * complete frame is built once per event loop (see {@link dev.switchboard.server.io.SharedFrames})
 * and every subscriber's write is a view of the same memory.
 */
public final class WebSocketFrames {
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int FIN = 0x80;

    private WebSocketFrames() {}

    /** A frame for one connection, in a buffer from the channel's allocator. */
    static ByteBuf single(EncodedFrame frame, ByteBufAllocator alloc) {
        ByteBuf buf = alloc.directBuffer(wireLength(frame));
        write(frame, buf);
        return buf;
    }

    /** Bytes on the wire for this frame: header plus payload. */
    public static int wireLength(EncodedFrame frame) {
        int length = frame.bytes().length;
        return headerLength(length) + length;
    }

    /** Writes header and payload into {@code out}. */
    public static void write(EncodedFrame frame, ByteBuf out) {
        byte[] payload = frame.bytes();
        writeHeader(out, frame.binary(), payload.length);
        out.writeBytes(payload);
    }

    static int headerLength(int payloadLength) {
        if (payloadLength < 126) {
            return 2;
        }
        return payloadLength <= 0xFFFF ? 4 : 10;
    }

    private static void writeHeader(ByteBuf buf, boolean binary, int length) {
        buf.writeByte(FIN | (binary ? OPCODE_BINARY : OPCODE_TEXT));
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
