package dev.switchboard.redis;

import dev.switchboard.protocol.BinaryPayload;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Position;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The binary form of an {@link Envelope}. Big-endian:
 *
 * <pre>
 * magic    2 bytes  'S' 'B'
 * version  1 byte   1
 * kind     1 byte   1 = broadcast to a topic, 2 = message for a node
 * flags    1 byte   bit 0: the payload is binary (else JSON); other bits 0
 * origin   1-byte length + ASCII node id
 * broadcast:  offset 8 bytes (-1: none), topic 2-byte length + UTF-8, event 2-byte length + UTF-8
 * positioned: offset 8 bytes, epoch 1-byte length + ASCII, topic and event as for a broadcast
 * node msg:   kind   2-byte length + UTF-8
 * payload  every remaining byte, as they were: JSON text or binary data
 * </pre>
 *
 * Kind 3, a positioned broadcast, is written by the history script inside Redis (the layout above
 * is what {@link HistoryScripts#PUBLISH} concatenates); its payload is always JSON.
 *
 * <p>The payload is copied as bytes both ways: a JSON payload is never parsed or re-serialized, so
 * what a client sent is what every other node's clients receive. Payloads are trusted as JSON
 * when the flag says so: whoever can publish on the cluster's Redis channels can broadcast
 * anything anyway, so Redis sits inside the trust boundary.
 */
final class EnvelopeCodec {
    static final byte MAGIC_0 = 'S';
    static final byte MAGIC_1 = 'B';
    static final byte VERSION = 1;
    static final byte KIND_TOPIC = 1;
    static final byte KIND_NODE = 2;
    static final byte KIND_POSITIONED = 3;
    static final byte FLAG_BINARY = 1;
    private static final int MAX_STRING = 0xFFFF;

    private EnvelopeCodec() {}

    /** @throws IllegalArgumentException when a topic, event or kind is longer than 65,535 UTF-8 bytes */
    static byte[] encode(Envelope envelope) {
        byte[] origin = envelope.origin().getBytes(StandardCharsets.US_ASCII);
        if (origin.length > 255) {
            throw new IllegalArgumentException("origin node id longer than 255 bytes");
        }
        if (envelope instanceof Envelope.ForTopic t) {
            Broadcast b = t.broadcast();
            byte[] topic = utf8(b.topic(), "topic");
            byte[] event = utf8(b.event(), "event");
            byte[] payload = b.payload() instanceof JsonPayload j ? j.bytes() : ((BinaryPayload) b.payload()).bytes();
            ByteBuffer out = header(KIND_TOPIC, b.payload().isBinary() ? FLAG_BINARY : 0, origin,
                    8 + 2 + topic.length + 2 + event.length + payload.length);
            out.putLong(t.offset());
            putString(out, topic);
            putString(out, event);
            out.put(payload);
            return out.array();
        }
        if (envelope instanceof Envelope.Positioned p) {
            Broadcast b = p.broadcast();
            byte[] epoch = b.position().epoch().getBytes(StandardCharsets.US_ASCII);
            byte[] topic = utf8(b.topic(), "topic");
            byte[] event = utf8(b.event(), "event");
            byte[] payload = ((JsonPayload) b.payload()).bytes();
            ByteBuffer out = header(KIND_POSITIONED, 0, origin,
                    8 + 1 + epoch.length + 2 + topic.length + 2 + event.length + payload.length);
            out.putLong(b.position().offset());
            out.put((byte) epoch.length).put(epoch);
            putString(out, topic);
            putString(out, event);
            out.put(payload);
            return out.array();
        }
        Envelope.ForNode n = (Envelope.ForNode) envelope;
        byte[] kind = utf8(n.kind(), "kind");
        ByteBuffer out = header(KIND_NODE, 0, origin, 2 + kind.length + n.body().length);
        putString(out, kind);
        out.put(n.body());
        return out.array();
    }

    /** @throws InvalidEnvelopeException saying what is wrong: foreign bytes, unknown version, truncation */
    static Envelope decode(byte[] bytes) throws InvalidEnvelopeException {
        if (bytes.length < 2 || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
            throw new InvalidEnvelopeException("not a Switchboard envelope (no 'SB' magic; another application publishing on this channel?)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 2, bytes.length - 2);
        try {
            byte version = in.get();
            if (version != VERSION) {
                throw new InvalidEnvelopeException("envelope version " + version + ", this node reads version " + VERSION
                        + " (a node of another Switchboard version?)");
            }
            byte kind = in.get();
            byte flags = in.get();
            if ((flags & ~FLAG_BINARY) != 0) {
                throw new InvalidEnvelopeException("unknown flags " + flags);
            }
            byte[] originBytes = new byte[in.get() & 0xFF];
            in.get(originBytes);
            String origin = ascii(originBytes);
            if (kind == KIND_TOPIC) {
                long offset = in.getLong();
                String topic = getString(in, "topic");
                String event = getString(in, "event");
                byte[] data = rest(in);
                Payload payload = (flags & FLAG_BINARY) != 0 ? Payload.binary(data) : JsonPayload.trusted(data);
                if (!payload.isBinary() && data.length == 0) {
                    throw new InvalidEnvelopeException("empty JSON payload");
                }
                return new Envelope.ForTopic(origin, offset, new Broadcast(topic, event, payload));
            }
            if (kind == KIND_POSITIONED) {
                long offset = in.getLong();
                byte[] epochBytes = new byte[in.get() & 0xFF];
                in.get(epochBytes);
                String topic = getString(in, "topic");
                String event = getString(in, "event");
                byte[] data = rest(in);
                if (data.length == 0) {
                    throw new InvalidEnvelopeException("empty JSON payload");
                }
                Position position;
                try {
                    position = new Position(offset, new String(epochBytes, StandardCharsets.US_ASCII));
                } catch (IllegalArgumentException e) {
                    throw new InvalidEnvelopeException("bad position: " + e.getMessage());
                }
                return new Envelope.Positioned(origin, new Broadcast(topic, event, JsonPayload.trusted(data), position));
            }
            if (kind == KIND_NODE) {
                String messageKind = getString(in, "kind");
                return new Envelope.ForNode(origin, messageKind, rest(in));
            }
            throw new InvalidEnvelopeException("unknown envelope kind " + kind);
        } catch (BufferUnderflowException e) {
            throw new InvalidEnvelopeException("truncated envelope (" + bytes.length + " bytes)");
        }
    }

    private static ByteBuffer header(byte kind, int flags, byte[] origin, int bodyLength) {
        ByteBuffer out = ByteBuffer.allocate(5 + 1 + origin.length + bodyLength);
        out.put(MAGIC_0).put(MAGIC_1).put(VERSION).put(kind).put((byte) flags);
        out.put((byte) origin.length).put(origin);
        return out;
    }

    private static byte[] utf8(String s, String what) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING) {
            throw new IllegalArgumentException(what + " longer than " + MAX_STRING + " UTF-8 bytes");
        }
        return bytes;
    }

    private static void putString(ByteBuffer out, byte[] s) {
        out.putShort((short) s.length).put(s);
    }

    private static String getString(ByteBuffer in, String what) throws InvalidEnvelopeException {
        byte[] bytes = new byte[in.getShort() & 0xFFFF];
        in.get(bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidEnvelopeException(what + " is not valid UTF-8");
        }
    }

    private static String ascii(byte[] bytes) throws InvalidEnvelopeException {
        for (byte b : bytes) {
            if (b < 0x21 || b > 0x7E) {
                throw new InvalidEnvelopeException("origin node id is not printable ASCII");
            }
        }
        if (bytes.length == 0) {
            throw new InvalidEnvelopeException("empty origin node id");
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static byte[] rest(ByteBuffer in) {
        return Arrays.copyOfRange(in.array(), in.position(), in.limit());
    }
}
