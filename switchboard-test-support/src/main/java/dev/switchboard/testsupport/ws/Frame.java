package dev.switchboard.testsupport.ws;

import java.nio.charset.StandardCharsets;

/**
 * One WebSocket frame as the server sent it.
 *
 * @param fin     the FIN bit: the last frame of a message
 * @param rsv     the three reserved bits, as 0..7 (RSV1 is 4)
 * @param opcode  one of the opcode constants below, or whatever the server sent
 * @param payload the (unmasked) payload
 */
public record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;
    /** The FIN bit in a frame's first byte. */
    public static final int FIN = 0x80;

    /** The payload as UTF-8. */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public boolean isControl() {
        return (opcode & 0x8) != 0;
    }

    /** The status of a close frame ({@link CloseStatus#NO_STATUS} without a code). */
    public CloseStatus closeStatus() {
        if (opcode != CLOSE) {
            throw new IllegalStateException("not a close frame: " + this);
        }
        if (payload.length < 2) {
            return new CloseStatus(CloseStatus.NO_STATUS, "");
        }
        int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        return new CloseStatus(code, new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        String body = switch (opcode) {
            case TEXT -> text();
            case CLOSE -> "close " + closeStatus();
            default -> payload.length + " bytes";
        };
        return "Frame[opcode " + opcode + (fin ? ", fin" : "") + (rsv != 0 ? ", rsv " + rsv : "") + ": " + body + "]";
    }
}
