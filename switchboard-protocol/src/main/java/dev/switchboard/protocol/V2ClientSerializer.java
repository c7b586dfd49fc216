package dev.switchboard.protocol;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The client's side of {@code vsn=2.0.0}: sends {@code [join_ref, ref, topic, event, payload]} text
 * frames (or the 5-byte-header binary push for bytes) and reads the server's arrays and binary
 * kinds 0 (push), 1 (reply) and 2 (broadcast).
 *
 * <p>Decoding parses the JSON properly (a comma, bracket or quote inside a topic, ref or payload
 * is just data), reads the first five elements and ignores extras, as Phoenix does. Refs may be
 * strings, numbers or null. A {@code phx_reply} is read in the same pass into a {@link Reply}.
 */
final class V2ClientSerializer implements ClientSerializer {
    static final V2ClientSerializer INSTANCE = new V2ClientSerializer();

    private static final byte[] OPEN = JsonFrameWriter.ascii("[");
    private static final byte[] COMMA = JsonFrameWriter.ascii(",");
    private static final byte[] CLOSE = JsonFrameWriter.ascii("]");

    private V2ClientSerializer() {}

    @Override
    public WireFormat format() {
        return WireFormat.V2;
    }

    @Override
    public EncodedFrame encode(Message m) {
        if (m.payload() instanceof BinaryPayload bin) {
            return new EncodedFrame(V2BinaryFrames.encodeClientPush(m.joinRef(), m.ref(), m.topic(), m.event(), bin), true);
        }
        byte[] body = ((JsonPayload) m.payload()).bytes();
        int size = OPEN.length + JsonFrameWriter.refLength(m.joinRef())
                + COMMA.length + JsonFrameWriter.refLength(m.ref())
                + COMMA.length + JsonFrameWriter.quotedLength(m.topic())
                + COMMA.length + JsonFrameWriter.quotedLength(m.event())
                + COMMA.length + body.length
                + CLOSE.length;
        byte[] bytes = new JsonFrameWriter(size)
                .raw(OPEN).ref(m.joinRef())
                .raw(COMMA).ref(m.ref())
                .raw(COMMA).quoted(m.topic())
                .raw(COMMA).quoted(m.event())
                .raw(COMMA).raw(body)
                .raw(CLOSE)
                .toBytes();
        return new EncodedFrame(bytes, false);
    }

    @Override
    public Frame decode(byte[] data, boolean binary) throws DecodeException {
        if (binary) {
            return V2BinaryFrames.decodeServerFrame(data);
        }
        try (JsonFrameReader in = JsonFrameReader.open(data)) {
            Frame frame = readArray(in);
            in.expectEnd();
            return frame;
        } catch (IOException e) {
            throw JsonFrameReader.invalidJson(e);
        }
    }

    private static Frame readArray(JsonFrameReader in) throws IOException, DecodeException {
        if (in.first() != JsonToken.START_ARRAY) {
            throw new DecodeException("V2 frame must be a JSON array");
        }
        element(in, 0);
        Ref joinRef = in.ref("join_ref");
        element(in, 1);
        Ref ref = in.ref("ref");
        element(in, 2);
        String topic = in.string("topic");
        element(in, 3);
        String event = in.string("event");
        element(in, 4);
        Frame frame = Protocol.REPLY.equals(event)
                ? ReplyPayload.read(in, joinRef, ref, topic)
                : new Message(joinRef, ref, topic, event, in.payload());
        while (in.next() != JsonToken.END_ARRAY) {
            in.skipValue();
        }
        return frame;
    }

    private static void element(JsonFrameReader in, int index) throws IOException, DecodeException {
        if (in.next() == JsonToken.END_ARRAY) {
            throw new DecodeException("V2 frame has " + index + " elements; expected 5");
        }
    }
}
