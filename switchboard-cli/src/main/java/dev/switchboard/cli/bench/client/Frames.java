package dev.switchboard.cli.bench.client;

import dev.switchboard.cli.demo.RoomChannel;
import dev.switchboard.protocol.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * Builds the V2 JSON text frames the bench sends. Bench payloads are
 * {@code {"r":round,"s":sequence,"t":nanoTime,"p":"xxx…"}}, padded with {@code x} to the
 * requested size, so that the receiver finds round, sequence and send time with
 * {@link FrameScanner} and nothing else.
 */
public final class Frames {

    /** Payload keys as {@link FrameScanner#number(byte[])} searches them. */
    public static final byte[] ROUND = FrameScanner.key("r"), SEQ = FrameScanner.key("s"), TIME = FrameScanner.key("t");

    /** The smallest useful payload, and the default size: 100 bytes, like the scenarios. */
    public static final int DEFAULT_PAYLOAD_BYTES = 100;

    /** The demo contract's events ({@link RoomChannel}): ping is echoed, broadcast comes back to everyone as msg. */
    public static final String PING = RoomChannel.PING, BROADCAST = RoomChannel.BROADCAST, MSG = RoomChannel.MSG;

    private Frames() {}

    /** What pads a payload to its size. */
    public enum Fill {
        /** One letter repeated: the cheapest to make and to scan, and compresses to almost nothing. */
        x,
        /** Words, different from one message to the next, as in a chat: what compression is measured with. */
        text
    }

    /** Syllables words are made of: enough variety that text compresses about as prose does (2-3x), not better. */
    private static final String[] SYLLABLES = {"de", "ploy", "sta", "ging", "re", "view", "cof", "fee", "tic", "ket",
        "mer", "ge", "lun", "ch", "roll", "back", "ship", "to", "day", "test", "pass", "gre", "en", "ba", "na", "ko",
        "mi", "sol", "ver", "an", "tu", "lo"};

    /** A bench payload of exactly {@code size} bytes when possible (never shorter than its numbers). */
    public static String payload(int round, long seq, long nanos, int size) {
        return payload(round, seq, nanos, size, Fill.x);
    }

    /** {@link #payload(int, long, long, int)} padded with {@code fill}. */
    public static String payload(int round, long seq, long nanos, int size, Fill fill) {
        StringBuilder sb = new StringBuilder(Math.max(size, 48));
        sb.append("{\"r\":").append(round).append(",\"s\":").append(seq).append(",\"t\":").append(nanos).append(",\"p\":\"");
        int end = size - 2;
        if (fill == Fill.text) {
            // Words of one to three syllables, chosen by a generator seeded with the sequence number.
            long state = seq * 0x9E3779B97F4A7C15L + 1;
            while (sb.length() < end) {
                state = state * 6364136223846793005L + 1442695040888963407L;
                int syllables = 1 + (int) ((state >>> 60) % 3);
                for (int i = 0; i < syllables; i++) {
                    sb.append(SYLLABLES[(int) ((state >>> (8 + 5 * i)) & 31)]);
                }
                sb.append(' ');
            }
            sb.setLength(Math.max(end, sb.indexOf("\"p\":\"") + 5));
        } else {
            while (sb.length() < end) sb.append('x');
        }
        return sb.append("\"}").toString();
    }

    /** {@code [join_ref, ref, topic, event, payload]} as text; {@code payloadJson} is written as is. */
    public static CharSequence text(String joinRef, String ref, String topic, String event, CharSequence payloadJson) {
        StringBuilder sb = new StringBuilder(payloadJson.length() + topic.length() + event.length() + 32);
        quoted(sb.append('['), joinRef).append(',');
        quoted(sb, ref).append(',');
        quoted(sb, topic).append(',');
        quoted(sb, event).append(',');
        return sb.append(payloadJson).append(']');
    }

    /** The same as {@link #text}, as a Netty frame (ASCII/UTF-8 text from the bench's own strings). */
    public static TextWebSocketFrame frame(ByteBufAllocator alloc, String joinRef, String ref, String topic,
            String event, CharSequence payloadJson) {
        CharSequence text = text(joinRef, ref, topic, event, payloadJson);
        ByteBuf buf = alloc.buffer(ByteBufUtil.utf8MaxBytes(text));
        ByteBufUtil.writeUtf8(buf, text);
        return new TextWebSocketFrame(buf);
    }

    /** A heartbeat; its ref is not numeric so its reply is never taken for a bench reply. */
    public static CharSequence heartbeat() {
        return text(null, "hb", Protocol.PHOENIX_TOPIC, Protocol.HEARTBEAT, "{}");
    }

    private static StringBuilder quoted(StringBuilder sb, String s) {
        return s == null ? sb.append("null") : sb.append('"').append(s).append('"');
    }
}
