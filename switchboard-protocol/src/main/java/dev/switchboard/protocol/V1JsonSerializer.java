package dev.switchboard.protocol;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The {@code vsn=1.0.0} serialization: one JSON object per text frame.
 *
 * <p>Clients send {@code {"topic":..,"event":..,"payload":..,"ref":..}} with all four keys required
 * ({@code ref} may be null) and an optional {@code join_ref}; other keys are ignored and a repeated
 * key keeps its last value. The server writes exactly {@code topic, event, payload, ref} in that
 * order and never {@code join_ref}: V1 clients match replies by {@code ref} alone. There is no binary
 * form. Stateless and thread-safe; use {@link Serializers#v1()}.
 */
public final class V1JsonSerializer implements Serializer {
    private static final byte[] TOPIC = JsonFrameWriter.ascii("{\"topic\":");
    private static final byte[] EVENT = JsonFrameWriter.ascii(",\"event\":");
    private static final byte[] PAYLOAD = JsonFrameWriter.ascii(",\"payload\":");
    private static final byte[] REPLY_EVENT_AND_STATUS =
            JsonFrameWriter.ascii(",\"event\":\"phx_reply\",\"payload\":{\"status\":");
    private static final byte[] RESPONSE = JsonFrameWriter.ascii(",\"response\":");
    private static final byte[] REF = JsonFrameWriter.ascii(",\"ref\":");
    private static final byte[] REPLY_REF = JsonFrameWriter.ascii("},\"ref\":");
    private static final byte[] CLOSE = JsonFrameWriter.ascii("}");

    /** Prefer the shared instance {@link Serializers#v1()}. */
    public V1JsonSerializer() {}

    @Override
    public WireFormat format() {
        return WireFormat.V1_JSON;
    }

    @Override
    public Message decode(byte[] data, boolean binary) throws DecodeException {
        if (binary) {
            throw new DecodeException("V1 has no binary frames");
        }
        try (JsonFrameReader in = JsonFrameReader.open(data)) {
            Message message = readObject(in);
            in.expectEnd();
            return message;
        } catch (IOException e) {
            throw JsonFrameReader.invalidJson(e);
        }
    }

    private static Message readObject(JsonFrameReader in) throws IOException, DecodeException {
        if (in.first() != JsonToken.START_OBJECT) {
            throw new DecodeException("V1 message must be a JSON object");
        }
        String topic = null;
        String event = null;
        JsonPayload payload = null;
        Ref ref = null;
        Ref joinRef = null;
        // ref may legitimately be null, so its presence is tracked separately.
        boolean hasRef = false;
        while (in.next() == JsonToken.FIELD_NAME) {
            String key = in.fieldName();
            in.next();
            switch (key) {
                case "topic" -> topic = in.string("topic");
                case "event" -> event = in.string("event");
                case "payload" -> payload = in.payload();
                case "ref" -> {
                    ref = in.ref("ref");
                    hasRef = true;
                }
                case "join_ref" -> joinRef = in.ref("join_ref");
                default -> in.skipValue();
            }
        }
        requirePresent(topic != null, "topic");
        requirePresent(event != null, "event");
        requirePresent(payload != null, "payload");
        requirePresent(hasRef, "ref");
        return new Message(joinRef, ref, topic, event, payload);
    }

    private static void requirePresent(boolean present, String key) throws DecodeException {
        if (!present) {
            throw new DecodeException("V1 message is missing key \"" + key + "\"");
        }
    }

    @Override
    public EncodedFrame encode(Frame frame) {
        byte[] bytes;
        if (frame instanceof Message m) {
            JsonPayload payload = json(m.payload(), "payload of a server message");
            if (payload.bytes().length >= EncodedFrame.SPLICE_THRESHOLD) {
                return spliced(m.topic(), m.event(), payload, m.ref());
            }
            bytes = message(m.topic(), m.event(), payload, m.ref());
        } else if (frame instanceof Broadcast b) {
            bytes = message(b.topic(), b.event(), json(b.payload(), "payload of a broadcast"), null);
        } else {
            bytes = reply((Reply) frame);
        }
        return new EncodedFrame(bytes, false);
    }

    private static JsonPayload json(Payload payload, String what) {
        if (payload instanceof JsonPayload json) {
            return JsonFrameWriter.requireObject(json, what);
        }
        throw new EncodeException("V1 cannot carry binary payloads (" + what + ")");
    }

    private static byte[] message(String topic, String event, JsonPayload payload, Ref ref) {
        byte[] body = payload.bytes();
        int size = TOPIC.length + JsonFrameWriter.quotedLength(topic)
                + EVENT.length + JsonFrameWriter.quotedLength(event)
                + PAYLOAD.length + body.length
                + REF.length + JsonFrameWriter.refLength(ref)
                + CLOSE.length;
        return new JsonFrameWriter(size)
                .raw(TOPIC).quoted(topic)
                .raw(EVENT).quoted(event)
                .raw(PAYLOAD).raw(body)
                .raw(REF).ref(ref)
                .raw(CLOSE)
                .toBytes();
    }

    /** A push around a large payload: the payload's bytes are kept by reference, not copied. */
    private static EncodedFrame spliced(String topic, String event, JsonPayload payload, Ref ref) {
        byte[] head = new JsonFrameWriter(TOPIC.length + JsonFrameWriter.quotedLength(topic)
                + EVENT.length + JsonFrameWriter.quotedLength(event) + PAYLOAD.length)
                .raw(TOPIC).quoted(topic)
                .raw(EVENT).quoted(event)
                .raw(PAYLOAD)
                .toBytes();
        byte[] tail = new JsonFrameWriter(REF.length + JsonFrameWriter.refLength(ref) + CLOSE.length)
                .raw(REF).ref(ref)
                .raw(CLOSE)
                .toBytes();
        return EncodedFrame.spliced(head, payload.bytes(), tail);
    }

    private static byte[] reply(Reply reply) {
        byte[] body = json(reply.response(), "reply response").bytes();
        int size = TOPIC.length + JsonFrameWriter.quotedLength(reply.topic())
                + REPLY_EVENT_AND_STATUS.length + JsonFrameWriter.quotedLength(reply.status())
                + RESPONSE.length + body.length
                + REPLY_REF.length + JsonFrameWriter.refLength(reply.ref())
                + CLOSE.length;
        return new JsonFrameWriter(size)
                .raw(TOPIC).quoted(reply.topic())
                .raw(REPLY_EVENT_AND_STATUS).quoted(reply.status())
                .raw(RESPONSE).raw(body)
                .raw(REPLY_REF).ref(reply.ref())
                .raw(CLOSE)
                .toBytes();
    }
}
