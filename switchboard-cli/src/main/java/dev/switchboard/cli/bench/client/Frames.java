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

    /** A bench payload of exactly {@code size} bytes when possible (never shorter than its numbers). */
    public static String payload(int round, long seq, long nanos, int size) {
        StringBuilder sb = new StringBuilder(Math.max(size, 48));
        sb.append("{\"r\":").append(round).append(",\"s\":").append(seq).append(",\"t\":").append(nanos).append(",\"p\":\"");
        int pad = size - sb.length() - 2;
        for (int i = 0; i < pad; i++) sb.append('x');
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
