package dev.switchboard.server.transport.websocket;

import dev.switchboard.protocol.EncodedFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;

/**
 * Writes complete server-to-client WebSocket frames (header + payload, unmasked, unfragmented)
 * so they can be written straight to the socket, past Netty's frame encoder.
 *
 * <p>For broadcasts the complete frame is built once and cached on the {@link EncodedFrame}:
 * every subscriber's write is then a reference-counted view of the same direct memory, with no
 * per-subscriber copy or encoding.
 */
final class WebSocketFrames {
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int FIN = 0x80;

    private WebSocketFrames() {}

    /** A frame for one connection, in a buffer from the channel's allocator. */
    static ByteBuf single(EncodedFrame frame, ByteBufAllocator alloc) {
        byte[] payload = frame.bytes();
        ByteBuf buf = alloc.directBuffer(headerLength(payload.length) + payload.length);
        writeHeader(buf, frame.binary(), payload.length);
        buf.writeBytes(payload);
        return buf;
    }

    /**
     * A view of the shared complete frame; release it as usual (the write does). The shared
     * buffer wraps JDK-managed direct memory, reclaimed by the garbage collector once the
     * broadcast is gone, so no owner has to track when the last subscriber has written it.
     */
    static ByteBuf shared(EncodedFrame frame) {
        Object cached = frame.transportCache;
        ByteBuf whole;
        if (cached instanceof ByteBuf b) {
            whole = b;
        } else {
            byte[] payload = frame.bytes();
            ByteBuffer direct = ByteBuffer.allocateDirect(headerLength(payload.length) + payload.length);
            ByteBuf buf = Unpooled.wrappedBuffer(direct);
            buf.clear();
            writeHeader(buf, frame.binary(), payload.length);
            buf.writeBytes(payload);
            whole = buf.asReadOnly();
            frame.transportCache = whole;
        }
        return whole.retainedDuplicate();
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
