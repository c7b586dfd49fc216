package dev.switchboard.server.hostile;

import dev.switchboard.testsupport.ws.FrameCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** The bytes of one WebSocket-level or message-level attack, sent after a good upgrade. */
final class Frames {
    private static final int FIN = 0x80;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int MAX_FRAME = HostileApp.MAX_FRAME_BYTES;

    private Frames() {}

    static byte[] attack(CaseClass c, Random rnd) {
        byte[] small = Connections.utf8("[null,\"1\",\"room:x\",\"ping\",{}]");
        return switch (c) {
            case FRAME_UNMASKED -> FrameCodec.encode(FIN | (rnd.nextBoolean() ? TEXT : BINARY), small, false, rnd);
            case FRAME_RSV_BITS -> FrameCodec.encode(FIN | ((1 + rnd.nextInt(7)) << 4) | TEXT, small, true, rnd);
            case FRAME_BAD_OPCODE -> {
                int[] bad = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF};
                yield FrameCodec.encode(FIN | bad[rnd.nextInt(bad.length)], small, true, rnd);
            }
            case FRAME_FRAGMENTED_CONTROL -> FrameCodec.encode(0x8 + rnd.nextInt(3), new byte[rnd.nextInt(10)], true, rnd);
            case FRAME_BIG_CONTROL -> FrameCodec.encode(FIN | (0x8 + rnd.nextInt(3)), new byte[126 + rnd.nextInt(2000)], true, rnd);
            case FRAME_BAD_UTF8 -> FrameCodec.encode(FIN | TEXT, badUtf8(rnd), true, rnd);
            case FRAME_OVERSIZED_LENGTH -> lengthOnly(rnd, MAX_FRAME + 1L + rnd.nextInt(Integer.MAX_VALUE - MAX_FRAME - 1));
            case FRAME_NEGATIVE_LENGTH -> lengthOnly(rnd, Long.MIN_VALUE | rnd.nextLong());
            case FRAME_TRUNCATED -> {
                byte[] whole = FrameCodec.encode(FIN | TEXT, Connections.utf8("[null,\"1\",\"phoenix\",\"heartbeat\",{}]"), true, rnd);
                yield java.util.Arrays.copyOf(whole, 1 + rnd.nextInt(whole.length - 1));
            }
            case FRAME_ORPHAN_CONTINUATION -> FrameCodec.encode(rnd.nextBoolean() ? FIN : 0, small, true, rnd);
            case FRAME_INTERLEAVED_DATA -> concat(FrameCodec.encode(TEXT, Connections.utf8("[null,"), true, rnd),
                    FrameCodec.encode(FIN | (rnd.nextBoolean() ? TEXT : BINARY), small, true, rnd));
            case MSG_INVALID_JSON -> FrameCodec.encode(FIN | TEXT, Connections.utf8(Junk.invalidJson(rnd)), true, rnd);
            case MSG_WRONG_SHAPE -> FrameCodec.encode(FIN | TEXT, Connections.utf8(wrongShape(rnd)), true, rnd);
            case MSG_V1_MISSING_KEYS -> FrameCodec.encode(FIN | TEXT, Connections.utf8(v1MissingKey(rnd)), true, rnd);
            case BINARY_JUNK -> FrameCodec.encode(FIN | BINARY, binaryJunk(rnd), true, rnd);
            default -> throw new IllegalArgumentException(c.toString());
        };
    }

    /** A masked text-frame header announcing {@code length} bytes, and no payload. */
    private static byte[] lengthOnly(Random rnd, long length) {
        byte[] b = new byte[14];
        b[0] = (byte) (FIN | (rnd.nextBoolean() ? TEXT : BINARY));
        b[1] = (byte) (0x80 | 127);
        for (int i = 0; i < 8; i++) {
            b[2 + i] = (byte) (length >>> (56 - 8 * i));
        }
        return b;
    }

    private static byte[] badUtf8(Random rnd) {
        byte[] prefix = Connections.utf8("[null,\"1\",\"room:x\",\"ping\",{\"a\":\"");
        byte[][] bad = {{(byte) 0xff}, {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xe2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
        return concat(prefix, bad[rnd.nextInt(bad.length)], Connections.utf8("\"}]"));
    }

    private static String wrongShape(Random rnd) {
        String v = Junk.jsonValue(rnd, 2);
        return switch (rnd.nextInt(7)) {
            case 0 -> "[" + String.join(",", java.util.Collections.nCopies(rnd.nextInt(5), "\"1\"")) + "]";
            case 1 -> "[null,\"1\"," + (rnd.nextBoolean() ? "5" : "{}") + ",\"ev\",{}]";
            case 2 -> "[null,\"1\",\"room:x\"," + new String[] {"7", "null", "[]", "{}", "true"}[rnd.nextInt(5)] + ",{}]";
            case 3 -> "{\"topic\":\"room:x\",\"event\":\"ping\",\"payload\":{},\"ref\":\"1\"}";
            case 4 -> Long.toString(rnd.nextLong());
            case 5 -> Junk.jsonString(rnd, rnd.nextInt(30));
            default -> v.startsWith("[") ? "{\"a\":" + v + "}" : (v.isEmpty() ? "null" : v);
        };
    }

    private static String v1MissingKey(Random rnd) {
        String[] keys = {"\"topic\":\"room:x\"", "\"event\":\"ping\"", "\"payload\":{}", "\"ref\":\"1\""};
        int drop = rnd.nextInt(keys.length);
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < keys.length; i++) {
            if (i != drop) {
                sb.append(sb.length() > 1 ? "," : "").append(keys[i]);
            }
        }
        return sb.append('}').toString();
    }

    /** Binary V2 frames a client may not send: kind != 0, a short header, or lengths past the end. */
    static byte[] binaryJunk(Random rnd) {
        switch (rnd.nextInt(3)) {
            case 0 -> {
                byte[] b = new byte[1 + rnd.nextInt(40)];
                rnd.nextBytes(b);
                b[0] = (byte) (1 + rnd.nextInt(255));
                return b;
            }
            case 1 -> {
                byte[] b = new byte[1 + rnd.nextInt(4)];
                rnd.nextBytes(b);
                b[0] = 0;
                return b;
            }
            default -> {
                byte[] head = {0, (byte) rnd.nextInt(256), (byte) rnd.nextInt(256), (byte) rnd.nextInt(256),
                    (byte) rnd.nextInt(256)};
                int declared = (head[1] & 0xff) + (head[2] & 0xff) + (head[3] & 0xff) + (head[4] & 0xff);
                if (declared == 0) {
                    head[3] = 1;
                    declared = 1;
                }
                byte[] rest = new byte[rnd.nextInt(declared)];
                rnd.nextBytes(rest);
                return concat(head, rest);
            }
        }
    }

    /** A well-formed client binary push (kind 0) to {@code topic}. */
    static byte[] binaryPush(String ref, String topic, String event, byte[] payload) {
        byte[] r = ref.getBytes(StandardCharsets.UTF_8);
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        byte[] e = event.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {0, 0, (byte) r.length, (byte) t.length, (byte) e.length}, r, t, e, payload);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
