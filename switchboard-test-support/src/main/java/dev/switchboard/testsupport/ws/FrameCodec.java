package dev.switchboard.testsupport.ws;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Frame bytes (RFC 6455 §5.2), both ways. Encoding takes the first byte as given (FIN, RSV bits
 * and opcode), so a test can write any frame, legal or not.
 */
public final class FrameCodec {
    /** Server frames larger than this are refused as garbage rather than allocated. */
    public static final int MAX_READ_PAYLOAD = 16 * 1024 * 1024;

    private FrameCodec() {}

    /**
     * One frame: header with the shortest length encoding, then the payload, masked with {@code
     * mask} (4 bytes) or sent as is when {@code mask} is null (which a server must refuse).
     */
    public static byte[] encode(int firstByte, byte[] payload, byte[] mask) {
        if (mask != null && mask.length != 4) {
            throw new IllegalArgumentException("a mask is 4 bytes, got " + mask.length);
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(payload.length + 14);
        b.write(firstByte);
        int maskBit = mask != null ? 0x80 : 0;
        if (payload.length < 126) {
            b.write(maskBit | payload.length);
        } else if (payload.length < 65_536) {
            b.write(maskBit | 126);
            b.write(payload.length >>> 8);
            b.write(payload.length);
        } else {
            b.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                b.write((int) ((long) payload.length >>> shift));
            }
        }
        if (mask == null) {
            b.writeBytes(payload);
            return b.toByteArray();
        }
        b.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            b.write(payload[i] ^ mask[i & 3]);
        }
        return b.toByteArray();
    }

    /** {@link #encode(int, byte[], byte[])} with a mask from {@code random} when {@code masked}. */
    public static byte[] encode(int firstByte, byte[] payload, boolean masked, Random random) {
        byte[] mask = null;
        if (masked) {
            mask = new byte[4];
            random.nextBytes(mask);
        }
        return encode(firstByte, payload, mask);
    }

    /** The payload of a close frame: the code, then the reason in UTF-8. */
    public static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return payload;
    }

    /**
     * Reads one frame (unmasking it if the server masked it, which it must not).
     *
     * @return the frame, or null if the stream ended before its first byte
     * @throws EOFException if the stream ended inside the frame
     * @throws ProtocolException if the length is beyond {@link #MAX_READ_PAYLOAD}
     */
    public static Frame read(InputStream in) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        int b1 = in.read();
        if (b1 < 0) {
            throw new EOFException("stream ended inside a frame header");
        }
        long length = b1 & 0x7f;
        if (length == 126) {
            length = (readByte(in) << 8) | readByte(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte(in);
            }
        }
        if (length < 0 || length > MAX_READ_PAYLOAD) {
            throw new ProtocolException("server frame of " + length + " bytes");
        }
        byte[] mask = null;
        if ((b1 & 0x80) != 0) {
            mask = in.readNBytes(4);
            if (mask.length < 4) {
                throw new EOFException("stream ended inside a frame's mask");
            }
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException("stream ended inside a frame: " + payload.length + " of " + length + " bytes");
        }
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return new Frame((b0 & 0x80) != 0, (b0 >>> 4) & 0x7, b0 & 0x0f, payload);
    }

    private static long readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("stream ended inside a frame header");
        }
        return b;
    }
}
