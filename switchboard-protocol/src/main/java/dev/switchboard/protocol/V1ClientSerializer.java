package dev.switchboard.protocol;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The client's side of {@code vsn=1.0.0}: one JSON object per text frame, no binary.
 *
 * <p>The client writes {@code {"topic","event","payload","ref","join_ref"}}; the server answers
 * with {@code topic, event, payload, ref} and never {@code join_ref}, which decodes as null. Keys
 * may come in any order; {@code topic}, {@code event} and {@code payload} are required, the refs
 * are optional (absent means null).
 */
final class V1ClientSerializer implements ClientSerializer {
    static final V1ClientSerializer INSTANCE = new V1ClientSerializer();

    private static final byte[] TOPIC = JsonFrameWriter.ascii("{\"topic\":");
    private static final byte[] EVENT = JsonFrameWriter.ascii(",\"event\":");
    private static final byte[] PAYLOAD = JsonFrameWriter.ascii(",\"payload\":");
    private static final byte[] REF = JsonFrameWriter.ascii(",\"ref\":");
    private static final byte[] JOIN_REF = JsonFrameWriter.ascii(",\"join_ref\":");
    private static final byte[] CLOSE = JsonFrameWriter.ascii("}");

    private V1ClientSerializer() {}

    @Override
    public WireFormat format() {
        return WireFormat.V1_JSON;
    }

    @Override
    public EncodedFrame encode(Message m) {
        if (!(m.payload() instanceof JsonPayload json)) {
            throw new EncodeException("V1 has no binary frames: event " + m.event() + " on " + m.topic()
                    + " carries bytes; use vsn 2.0.0");
        }
        byte[] body = json.bytes();
        int size = TOPIC.length + JsonFrameWriter.quotedLength(m.topic())
                + EVENT.length + JsonFrameWriter.quotedLength(m.event())
                + PAYLOAD.length + body.length
                + REF.length + JsonFrameWriter.refLength(m.ref())
                + JOIN_REF.length + JsonFrameWriter.refLength(m.joinRef())
                + CLOSE.length;
        byte[] bytes = new JsonFrameWriter(size)
                .raw(TOPIC).quoted(m.topic())
                .raw(EVENT).quoted(m.event())
                .raw(PAYLOAD).raw(body)
                .raw(REF).ref(m.ref())
                .raw(JOIN_REF).ref(m.joinRef())
                .raw(CLOSE)
                .toBytes();
        return new EncodedFrame(bytes, false);
    }

    @Override
    public Frame decode(byte[] data, boolean binary) throws DecodeException {
        if (binary) {
            throw new DecodeException("V1 has no binary frames");
        }
        try (JsonFrameReader in = JsonFrameReader.open(data)) {
            Frame frame = readObject(in);
            in.expectEnd();
            return frame;
        } catch (IOException e) {
            throw JsonFrameReader.invalidJson(e);
        }
    }

    private static Frame readObject(JsonFrameReader in) throws IOException, DecodeException {
        if (in.first() != JsonToken.START_OBJECT) {
            throw new DecodeException("V1 frame must be a JSON object");
        }
        String topic = null;
        String event = null;
        JsonPayload payload = null;
        Ref ref = null;
        Ref joinRef = null;
        while (in.next() == JsonToken.FIELD_NAME) {
            String key = in.fieldName();
            in.next();
            switch (key) {
                case "topic" -> topic = in.string("topic");
                case "event" -> event = in.string("event");
                case "payload" -> payload = in.payload();
                case "ref" -> ref = in.ref("ref");
                case "join_ref" -> joinRef = in.ref("join_ref");
                default -> in.skipValue();
            }
        }
        require(topic != null, "topic");
        require(event != null, "event");
        require(payload != null, "payload");
        if (Protocol.REPLY.equals(event)) {
            return ReplyPayload.read(payload, joinRef, ref, topic);
        }
        return new Message(joinRef, ref, topic, event, payload);
    }

    private static void require(boolean present, String key) throws DecodeException {
        if (!present) {
            throw new DecodeException("V1 frame is missing key \"" + key + "\"");
        }
    }
}
