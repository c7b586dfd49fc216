package dev.switchboard.protocol;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The {@code vsn=2.0.0} serialization: {@code [join_ref, ref, topic, event, payload]} JSON arrays in
 * text frames, and the binary layouts of {@link V2BinaryFrames} for binary payloads.
 *
 * <p>Decoding reads the first five array elements and ignores any extras. Refs may be strings,
 * numbers or null and are echoed exactly as received. Encoding picks the form from the payload: a
 * {@link JsonPayload} gives a text frame, a {@link BinaryPayload} a binary frame (push kind 0, reply
 * kind 1, broadcast kind 2). A binary server push has no ref field, so a {@link Message}'s
 * {@code ref} is not sent with a binary payload (as in Phoenix). Stateless and thread-safe; use
 * {@link Serializers#v2()}.
 */
public final class V2Serializer implements Serializer {
    private static final int FIELDS = 5;
    private static final byte[] OPEN = JsonFrameWriter.ascii("[");
    private static final byte[] COMMA = JsonFrameWriter.ascii(",");
    private static final byte[] CLOSE = JsonFrameWriter.ascii("]");
    private static final byte[] BROADCAST_REFS = JsonFrameWriter.ascii("[null,null,");
    private static final byte[] REPLY_EVENT_AND_STATUS =
            JsonFrameWriter.ascii(",\"phx_reply\",{\"status\":");
    private static final byte[] RESPONSE = JsonFrameWriter.ascii(",\"response\":");
    private static final byte[] REPLY_CLOSE = JsonFrameWriter.ascii("}]");

    /** Prefer the shared instance {@link Serializers#v2()}. */
    public V2Serializer() {}

    @Override
    public WireFormat format() {
        return WireFormat.V2;
    }

    @Override
    public Message decode(byte[] data, boolean binary) throws DecodeException {
        if (binary) {
            return V2BinaryFrames.decodeClientPush(data);
        }
        try (JsonFrameReader in = JsonFrameReader.open(data)) {
            Message message = readArray(in);
            in.expectEnd();
            return message;
        } catch (IOException e) {
            throw JsonFrameReader.invalidJson(e);
        }
    }

    private static Message readArray(JsonFrameReader in) throws IOException, DecodeException {
        if (in.first() != JsonToken.START_ARRAY) {
            throw new DecodeException("V2 message must be a JSON array");
        }
        requireElement(in, 0);
        Ref joinRef = in.ref("join_ref");
        requireElement(in, 1);
        Ref ref = in.ref("ref");
        requireElement(in, 2);
        String topic = in.string("topic");
        requireElement(in, 3);
        String event = in.string("event");
        requireElement(in, 4);
        JsonPayload payload = in.payload();
        // Extra elements are ignored, but still parsed so that the frame as a whole is valid JSON.
        while (in.next() != JsonToken.END_ARRAY) {
            in.skipValue();
        }
        return new Message(joinRef, ref, topic, event, payload);
    }

    /** Advances to element {@code index}; a closing bracket before it means the array is too short. */
    private static void requireElement(JsonFrameReader in, int index) throws IOException, DecodeException {
        if (in.next() == JsonToken.END_ARRAY) {
            throw new DecodeException("V2 message has " + index + " elements; expected " + FIELDS);
        }
    }

    @Override
    public EncodedFrame encode(Frame frame) {
        if (frame instanceof Message m) {
            return m.payload() instanceof BinaryPayload bin
                    ? binary(V2BinaryFrames.encodePush(m.joinRef(), m.topic(), m.event(), bin))
                    : message(m.joinRef(), m.ref(), m.topic(), m.event(),
                            object(m.payload(), "payload of a server message"));
        }
        if (frame instanceof Broadcast b) {
            return b.payload() instanceof BinaryPayload bin
                    ? binary(V2BinaryFrames.encodeBroadcast(b.topic(), b.event(), bin))
                    : text(broadcast(b.topic(), b.event(), object(b.payload(), "payload of a broadcast")));
        }
        Reply r = (Reply) frame;
        return r.response() instanceof BinaryPayload bin
                ? binary(V2BinaryFrames.encodeReply(r.joinRef(), r.ref(), r.topic(), r.status(), bin))
                : text(reply(r, object(r.response(), "reply response")));
    }

    private static EncodedFrame text(byte[] bytes) {
        return new EncodedFrame(bytes, false);
    }

    private static EncodedFrame binary(byte[] bytes) {
        return new EncodedFrame(bytes, true);
    }

    private static JsonPayload object(Payload payload, String what) {
        return JsonFrameWriter.requireObject((JsonPayload) payload, what);
    }

    /** A push; around a large payload the frame is spliced, so the payload's bytes are not copied. */
    private static EncodedFrame message(Ref joinRef, Ref ref, String topic, String event, JsonPayload payload) {
        byte[] body = payload.bytes();
        int headSize = OPEN.length + JsonFrameWriter.refLength(joinRef)
                + COMMA.length + JsonFrameWriter.refLength(ref)
                + COMMA.length + JsonFrameWriter.quotedLength(topic)
                + COMMA.length + JsonFrameWriter.quotedLength(event)
                + COMMA.length;
        boolean splice = body.length >= EncodedFrame.SPLICE_THRESHOLD;
        JsonFrameWriter out = new JsonFrameWriter(splice ? headSize : headSize + body.length + CLOSE.length)
                .raw(OPEN).ref(joinRef)
                .raw(COMMA).ref(ref)
                .raw(COMMA).quoted(topic)
                .raw(COMMA).quoted(event)
                .raw(COMMA);
        if (splice) {
            return EncodedFrame.spliced(out.toBytes(), body, CLOSE);
        }
        return text(out.raw(body).raw(CLOSE).toBytes());
    }

    private static byte[] broadcast(String topic, String event, JsonPayload payload) {
        byte[] body = payload.bytes();
        int size = BROADCAST_REFS.length + JsonFrameWriter.quotedLength(topic)
                + COMMA.length + JsonFrameWriter.quotedLength(event)
                + COMMA.length + body.length
                + CLOSE.length;
        return new JsonFrameWriter(size)
                .raw(BROADCAST_REFS).quoted(topic)
                .raw(COMMA).quoted(event)
                .raw(COMMA).raw(body)
                .raw(CLOSE)
                .toBytes();
    }

    private static byte[] reply(Reply reply, JsonPayload response) {
        byte[] body = response.bytes();
        int size = OPEN.length + JsonFrameWriter.refLength(reply.joinRef())
                + COMMA.length + JsonFrameWriter.refLength(reply.ref())
                + COMMA.length + JsonFrameWriter.quotedLength(reply.topic())
                + REPLY_EVENT_AND_STATUS.length + JsonFrameWriter.quotedLength(reply.status())
                + RESPONSE.length + body.length
                + REPLY_CLOSE.length;
        return new JsonFrameWriter(size)
                .raw(OPEN).ref(reply.joinRef())
                .raw(COMMA).ref(reply.ref())
                .raw(COMMA).quoted(reply.topic())
                .raw(REPLY_EVENT_AND_STATUS).quoted(reply.status())
                .raw(RESPONSE).raw(body)
                .raw(REPLY_CLOSE)
                .toBytes();
    }
}
