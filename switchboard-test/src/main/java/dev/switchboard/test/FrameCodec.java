package dev.switchboard.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.BinaryPayload;
import dev.switchboard.protocol.ClientSerializer;
import dev.switchboard.protocol.DecodeException;
import dev.switchboard.protocol.EncodeException;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Protocol;
import dev.switchboard.protocol.Ref;
import dev.switchboard.protocol.Reply;
import dev.switchboard.protocol.WireFormat;
import java.time.Duration;

/**
 * A test client's end of the wire: the protocol's {@link ClientSerializer} (the one the Java client
 * speaks) encodes what the client sends and decodes what the server wrote, and the result becomes a
 * {@link ReceivedFrame} a test can read. The server's serializer stays on the server's side, so
 * every frame crosses the wire as bytes, through both ends.
 */
final class FrameCodec {
    private final ClientSerializer wire;

    FrameCodec(WireFormat format) {
        this.wire = ClientSerializer.of(format);
    }

    /** One client frame: its bytes, and whether it travels as a binary message. */
    record Outgoing(byte[] bytes, boolean binary) {}

    Outgoing encode(String joinRef, String ref, String topic, String event, Payload payload) {
        if (payload instanceof BinaryPayload && wire.format() == WireFormat.V1_JSON) {
            throw new IllegalArgumentException("a vsn 1.0.0 client cannot send binary payloads; connect with vsn 2.0.0");
        }
        try {
            EncodedFrame frame = wire.encode(Message.of(joinRef, ref, topic, event, payload));
            return new Outgoing(frame.bytes(), frame.binary());
        } catch (EncodeException e) {
            throw new IllegalArgumentException("a client cannot send this: " + e.getMessage(), e);
        }
    }

    ReceivedFrame decode(EncodedFrame encoded, Duration at, int connection) {
        Frame frame;
        try {
            frame = wire.decode(encoded.bytes(), encoded.binary());
        } catch (DecodeException e) {
            throw new IllegalStateException("the server sent a frame a " + wire.format() + " client cannot read ("
                    + e.getMessage() + "): " + encoded, e);
        }
        if (frame instanceof Reply r) {
            ObjectNode payload = Json.MAPPER.createObjectNode().put("status", r.status());
            byte[] binary = null;
            if (r.response() instanceof JsonPayload json) {
                payload.set("response", json.node());
            } else {
                binary = ((BinaryPayload) r.response()).bytes();
            }
            String wireText = encoded.binary()
                    ? "binary reply [" + Ref.valueOf(r.joinRef()) + ", " + Ref.valueOf(r.ref()) + ", " + r.topic() + ", "
                            + r.status() + "] (" + ReceivedFrame.describeBinary(binary) + ")"
                    : encoded.text();
            return new ReceivedFrame(ReceivedFrame.Kind.REPLY, Ref.valueOf(r.joinRef()), Ref.valueOf(r.ref()), r.topic(),
                    Protocol.REPLY, payload, binary, at, connection, wireText);
        }
        Message m = (Message) frame;
        String joinRef = Ref.valueOf(m.joinRef());
        String ref = Ref.valueOf(m.ref());
        ReceivedFrame.Kind kind = kind(joinRef, ref, m.event());
        JsonNode json = m.payload() instanceof JsonPayload p ? p.node() : null;
        byte[] binary = m.payload() instanceof BinaryPayload b ? b.bytes() : null;
        String wireText = encoded.binary()
                ? "binary " + kind.name().toLowerCase(java.util.Locale.ROOT) + " ["
                        + (joinRef != null ? joinRef + ", " : "") + m.topic() + ", " + m.event() + "] ("
                        + ReceivedFrame.describeBinary(binary) + ")"
                : encoded.text();
        return new ReceivedFrame(kind, joinRef, ref, m.topic(), m.event(), json, binary, at, connection, wireText);
    }

    /** What a server message is, from its refs: the protocol tells pushes, broadcasts and replays apart by them. */
    private static ReceivedFrame.Kind kind(String joinRef, String ref, String event) {
        if (Protocol.CLOSE.equals(event) || Protocol.ERROR.equals(event)) {
            return ReceivedFrame.Kind.CONTROL;
        }
        if (joinRef == null) {
            return ReceivedFrame.Kind.BROADCAST;
        }
        return ref == null ? ReceivedFrame.Kind.PUSH : ReceivedFrame.Kind.REPLAY;
    }
}
