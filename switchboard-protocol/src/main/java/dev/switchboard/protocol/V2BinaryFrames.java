package dev.switchboard.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The V2 binary layouts (spec §2.4): a kind byte, one unsigned length byte per string field, the
 * fields in UTF-8, then the payload as all remaining bytes.
 *
 * <p>The push layout differs by direction: a client push carries a {@code ref} (5-byte header), a
 * server push does not (4-byte header). Clients may only send pushes. A null ref is a zero-length
 * field in both directions. The server's side encodes server kinds and decodes client pushes; the
 * client's side ({@link V2ClientSerializer}) does the opposite.
 */
final class V2BinaryFrames {
    private static final int CLIENT_PUSH_HEADER = 5;

    private V2BinaryFrames() {}

    /** Decodes a client push (kind 0), the only binary frame a server accepts. */
    static Message decodeClientPush(byte[] data) throws DecodeException {
        if (data.length == 0) {
            throw new DecodeException("empty binary frame");
        }
        if (data[0] != Protocol.KIND_PUSH) {
            throw new DecodeException("binary frame of kind " + (data[0] & 0xFF)
                    + " is not accepted from clients; only kind 0 (push) is");
        }
        if (data.length < CLIENT_PUSH_HEADER) {
            throw new DecodeException("truncated binary header: " + data.length
                    + " bytes, a push header has " + CLIENT_PUSH_HEADER);
        }
        int joinRefLen = data[1] & 0xFF;
        int refLen = data[2] & 0xFF;
        int topicLen = data[3] & 0xFF;
        int eventLen = data[4] & 0xFF;
        int payloadStart = CLIENT_PUSH_HEADER + joinRefLen + refLen + topicLen + eventLen;
        if (payloadStart > data.length) {
            throw new DecodeException("binary header declares " + (payloadStart - CLIENT_PUSH_HEADER)
                    + " bytes of fields but only " + (data.length - CLIENT_PUSH_HEADER) + " follow it");
        }
        int at = CLIENT_PUSH_HEADER;
        String joinRef = utf8(data, at, joinRefLen, "join_ref");
        at += joinRefLen;
        String ref = utf8(data, at, refLen, "ref");
        at += refLen;
        String topic = utf8(data, at, topicLen, "topic");
        at += topicLen;
        String event = utf8(data, at, eventLen, "event");
        // Copied: the caller's buffer may be reused, the payload may outlive this frame.
        byte[] payload = Arrays.copyOfRange(data, payloadStart, data.length);
        return new Message(emptyToNull(joinRef), emptyToNull(ref), topic, event, Payload.binary(payload));
    }

    private static Ref emptyToNull(String value) {
        return value.isEmpty() ? null : new Ref(value, false);
    }

    private static String utf8(byte[] data, int offset, int length, String field) throws DecodeException {
        if (isAscii(data, offset, length)) {
            return new String(data, offset, length, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DecodeException(field + " is not valid UTF-8", e);
        }
    }

    private static boolean isAscii(byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (data[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Server push, kind 0: {@code 0x00, len(join_ref), len(topic), len(event)}; no ref. */
    static byte[] encodePush(Ref joinRef, String topic, String event, BinaryPayload payload) {
        byte[] j = field(joinRef, "join_ref");
        byte[] t = field(topic, "topic");
        byte[] e = field(event, "event");
        return assemble(new byte[] {Protocol.KIND_PUSH, (byte) j.length, (byte) t.length, (byte) e.length},
                payload, j, t, e);
    }

    /** Reply, kind 1: {@code 0x01, len(join_ref), len(ref), len(topic), len(status)}. */
    static byte[] encodeReply(Ref joinRef, Ref ref, String topic, String status, BinaryPayload payload) {
        byte[] j = field(joinRef, "join_ref");
        byte[] r = field(ref, "ref");
        byte[] t = field(topic, "topic");
        byte[] s = field(status, "status");
        return assemble(new byte[] {Protocol.KIND_REPLY, (byte) j.length, (byte) r.length, (byte) t.length,
                (byte) s.length}, payload, j, r, t, s);
    }

    /** Broadcast, kind 2: {@code 0x02, len(topic), len(event)}; no refs. */
    static byte[] encodeBroadcast(String topic, String event, BinaryPayload payload) {
        byte[] t = field(topic, "topic");
        byte[] e = field(event, "event");
        return assemble(new byte[] {Protocol.KIND_BROADCAST, (byte) t.length, (byte) e.length}, payload, t, e);
    }

    /** Client push, kind 0: {@code 0x00, len(join_ref), len(ref), len(topic), len(event)}. */
    static byte[] encodeClientPush(Ref joinRef, Ref ref, String topic, String event, BinaryPayload payload) {
        byte[] j = field(joinRef, "join_ref");
        byte[] r = field(ref, "ref");
        byte[] t = field(topic, "topic");
        byte[] e = field(event, "event");
        return assemble(new byte[] {Protocol.KIND_PUSH, (byte) j.length, (byte) r.length, (byte) t.length,
                (byte) e.length}, payload, j, r, t, e);
    }

    /**
     * Decodes a server frame: a push (kind 0, 4-byte header, no ref), a reply (kind 1, the fifth
     * header byte is the status length) or a broadcast (kind 2, no refs). Zero-length refs are null.
     */
    static Frame decodeServerFrame(byte[] data) throws DecodeException {
        if (data.length == 0) {
            throw new DecodeException("empty binary frame");
        }
        int kind = data[0] & 0xFF;
        int header = switch (kind) {
            case Protocol.KIND_PUSH -> 4;
            case Protocol.KIND_REPLY -> 5;
            case Protocol.KIND_BROADCAST -> 3;
            default -> throw new DecodeException("binary frame of unknown kind " + kind
                    + "; servers send 0 (push), 1 (reply) and 2 (broadcast)");
        };
        if (data.length < header) {
            throw new DecodeException("truncated binary header: " + data.length + " bytes, a kind-" + kind
                    + " header has " + header);
        }
        String[] fields = new String[header - 1];
        int at = header;
        for (int i = 0; i < fields.length; i++) {
            int len = data[1 + i] & 0xFF;
            if (at + len > data.length) {
                throw new DecodeException("binary header of kind " + kind + " declares more field bytes than the "
                        + (data.length - header) + " that follow it");
            }
            fields[i] = utf8(data, at, len, SERVER_FIELDS[kind][i]);
            at += len;
        }
        BinaryPayload payload = Payload.binary(Arrays.copyOfRange(data, at, data.length));
        return switch (kind) {
            case Protocol.KIND_PUSH -> new Message(emptyToNull(fields[0]), null, fields[1], fields[2], payload);
            case Protocol.KIND_REPLY -> new Reply(emptyToNull(fields[0]), emptyToNull(fields[1]), fields[2], fields[3], payload);
            default -> new Message(null, null, fields[0], fields[1], payload);
        };
    }

    /** Field names per server kind, for error messages. */
    private static final String[][] SERVER_FIELDS = {
        {"join_ref", "topic", "event"},
        {"join_ref", "ref", "topic", "status"},
        {"topic", "event"},
    };

    private static byte[] assemble(byte[] header, BinaryPayload payload, byte[]... fields) {
        int size = header.length + payload.length();
        for (byte[] f : fields) {
            size += f.length;
        }
        byte[] out = new byte[size];
        System.arraycopy(header, 0, out, 0, header.length);
        int at = header.length;
        for (byte[] f : fields) {
            System.arraycopy(f, 0, out, at, f.length);
            at += f.length;
        }
        System.arraycopy(payload.bytes(), 0, out, at, payload.length());
        return out;
    }

    private static byte[] field(Ref ref, String name) {
        // Numeric refs have no binary form of their own; their text is sent, as phoenix.js reads strings.
        return ref == null ? new byte[0] : field(ref.value(), name);
    }

    private static byte[] field(String value, String name) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Protocol.MAX_BINARY_FIELD_BYTES) {
            throw new EncodeException("binary frame field " + name + " is " + bytes.length
                    + " bytes of UTF-8; the limit is " + Protocol.MAX_BINARY_FIELD_BYTES);
        }
        return bytes;
    }
}
