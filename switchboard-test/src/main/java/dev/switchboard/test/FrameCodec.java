package dev.switchboard.test;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.BinaryPayload;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Protocol;
import dev.switchboard.protocol.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * The client's side of the wire, as a Phoenix client speaks it: encodes what a test client sends
 * ({@code [join_ref, ref, topic, event, payload]} in V2, the object form in V1, the V2 binary push
 * layout for binary payloads) and decodes what the server sent into {@link ReceivedFrame}s. The
 * server's own serializers stay on the server's side: a frame goes through both ends of the wire.
 */
final class FrameCodec {
    private final WireFormat format;

    FrameCodec(WireFormat format) {
        this.format = format;
    }

    WireFormat format() {
        return format;
    }

    /** One client frame: its bytes, and whether it travels as a binary message. */
    record Outgoing(byte[] bytes, boolean binary) {}

    Outgoing encode(String joinRef, String ref, String topic, String event, Payload payload) {
        if (payload instanceof BinaryPayload bin) {
            if (format == WireFormat.V1_JSON) {
                throw new IllegalArgumentException("a vsn 1.0.0 client cannot send binary payloads; connect with vsn 2.0.0");
            }
            return new Outgoing(binaryPush(joinRef, ref, topic, event, bin.bytes()), true);
        }
        byte[] body = ((JsonPayload) payload).bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + body.length);
        try (JsonGenerator g = Json.factory().createGenerator(out)) {
            if (format == WireFormat.V2) {
                g.writeStartArray();
                g.writeString(joinRef);
                g.writeString(ref);
                g.writeString(topic);
                g.writeString(event);
                g.writeRawValue(new String(body, StandardCharsets.UTF_8));
                g.writeEndArray();
            } else {
                g.writeStartObject();
                g.writeStringField("topic", topic);
                g.writeStringField("event", event);
                g.writeFieldName("payload");
                g.writeRawValue(new String(body, StandardCharsets.UTF_8));
                g.writeStringField("ref", ref);
                if (joinRef != null) {
                    g.writeStringField("join_ref", joinRef);
                }
                g.writeEndObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Outgoing(out.toByteArray(), false);
    }

    ReceivedFrame decode(EncodedFrame frame, Duration at, int connection) {
        if (frame.binary()) {
            return decodeBinary(frame.bytes(), at, connection);
        }
        String text = frame.text();
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(frame.bytes());
        } catch (IOException e) {
            throw new IllegalStateException("the server sent a frame that is not JSON: " + text, e);
        }
        String joinRef;
        String ref;
        String topic;
        String event;
        JsonNode payload;
        if (tree.isArray() && tree.size() == 5) {
            joinRef = refText(tree.get(0));
            ref = refText(tree.get(1));
            topic = tree.get(2).asText();
            event = tree.get(3).asText();
            payload = tree.get(4);
        } else if (tree.isObject() && tree.has("topic") && tree.has("event")) {
            joinRef = refText(tree.get("join_ref"));
            ref = refText(tree.get("ref"));
            topic = tree.get("topic").asText();
            event = tree.get("event").asText();
            payload = tree.get("payload");
        } else {
            throw new IllegalStateException("the server sent a frame of no known shape: " + text);
        }
        return new ReceivedFrame(kind(joinRef, ref, event), joinRef, ref, topic, event, payload, null, at, connection, text);
    }

    private static ReceivedFrame.Kind kind(String joinRef, String ref, String event) {
        if (Protocol.REPLY.equals(event)) {
            return ReceivedFrame.Kind.REPLY;
        }
        if (Protocol.CLOSE.equals(event) || Protocol.ERROR.equals(event)) {
            return ReceivedFrame.Kind.CONTROL;
        }
        if (joinRef == null) {
            return ReceivedFrame.Kind.BROADCAST;
        }
        return ref == null ? ReceivedFrame.Kind.PUSH : ReceivedFrame.Kind.REPLAY;
    }

    private static String refText(JsonNode ref) {
        return ref == null || ref.isNull() ? null : ref.asText();
    }

    /** The V2 binary layouts (spec §2.4): push 0, reply 1, broadcast 2; one length byte per field. */
    private static ReceivedFrame decodeBinary(byte[] data, Duration at, int connection) {
        if (data.length == 0) {
            throw new IllegalStateException("the server sent an empty binary frame");
        }
        int kind = data[0];
        int[] lengths;
        String[] names;
        switch (kind) {
            case Protocol.KIND_PUSH -> names = new String[] {"join_ref", "topic", "event"};
            case Protocol.KIND_REPLY -> names = new String[] {"join_ref", "ref", "topic", "status"};
            case Protocol.KIND_BROADCAST -> names = new String[] {"topic", "event"};
            default -> throw new IllegalStateException("the server sent a binary frame of unknown kind " + kind);
        }
        lengths = new int[names.length];
        int at2 = 1 + names.length;
        if (data.length < at2) {
            throw new IllegalStateException("the server sent a truncated binary frame of kind " + kind);
        }
        String[] fields = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            lengths[i] = data[1 + i] & 0xFF;
            if (at2 + lengths[i] > data.length) {
                throw new IllegalStateException("the server sent a binary frame whose " + names[i] + " overruns it");
            }
            fields[i] = new String(data, at2, lengths[i], StandardCharsets.UTF_8);
            at2 += lengths[i];
        }
        byte[] payload = Arrays.copyOfRange(data, at2, data.length);
        String described = ReceivedFrame.describeBinary(payload);
        return switch (kind) {
            case Protocol.KIND_PUSH -> new ReceivedFrame(ReceivedFrame.Kind.PUSH, emptyToNull(fields[0]), null, fields[1],
                    fields[2], null, payload, at, connection,
                    "binary push [" + fields[0] + ", " + fields[1] + ", " + fields[2] + "] (" + described + ")");
            case Protocol.KIND_REPLY -> {
                ObjectNode status = Json.MAPPER.createObjectNode().put("status", fields[3]);
                yield new ReceivedFrame(ReceivedFrame.Kind.REPLY, emptyToNull(fields[0]), emptyToNull(fields[1]), fields[2],
                        Protocol.REPLY, status, payload, at, connection,
                        "binary reply [" + fields[0] + ", " + fields[1] + ", " + fields[2] + ", " + fields[3] + "] (" + described + ")");
            }
            default -> new ReceivedFrame(ReceivedFrame.Kind.BROADCAST, null, null, fields[0], fields[1], null, payload, at,
                    connection, "binary broadcast [" + fields[0] + ", " + fields[1] + "] (" + described + ")");
        };
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /** The V2 client push layout: kind 0, lengths of join_ref, ref, topic, event, the fields, the payload. */
    private static byte[] binaryPush(String joinRef, String ref, String topic, String event, byte[] payload) {
        byte[][] fields = {utf8(joinRef), utf8(ref), utf8(topic), utf8(event)};
        int size = 5 + payload.length;
        for (byte[] f : fields) {
            if (f.length > Protocol.MAX_BINARY_FIELD_BYTES) {
                throw new IllegalArgumentException("a binary push field is " + f.length + " bytes; the limit is "
                        + Protocol.MAX_BINARY_FIELD_BYTES);
            }
            size += f.length;
        }
        byte[] out = new byte[size];
        out[0] = Protocol.KIND_PUSH;
        int at = 5;
        for (int i = 0; i < fields.length; i++) {
            out[1 + i] = (byte) fields[i].length;
            System.arraycopy(fields[i], 0, out, at, fields[i].length);
            at += fields[i].length;
        }
        System.arraycopy(payload, 0, out, at, payload.length);
        return out;
    }

    private static byte[] utf8(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }
}
