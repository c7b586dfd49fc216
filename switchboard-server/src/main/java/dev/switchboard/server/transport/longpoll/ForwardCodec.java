package dev.switchboard.server.transport.longpoll;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The messages of long-poll forwarding on the cluster bus, and their binary form (a version byte,
 * then the fields with {@link DataOutputStream}'s encodings). Request ids are chosen by the
 * forwarding node and unique there; the owner keys them by (forwarding node, id).
 */
final class ForwardCodec {
    static final String REQUEST = "longpoll.request";
    static final String ANSWER = "longpoll.answer";
    static final String ACK = "longpoll.ack";
    static final String CANCEL = "longpoll.cancel";
    private static final int VERSION = 1;
    /** Bodies above this are refused when decoding (a POST is capped far below by the HTTP body limit). */
    private static final int MAX_BODY = 64 * 1024 * 1024;

    private ForwardCodec() {}

    /** A GET or POST for a session of the receiving node. */
    record Request(long id, String method, String mountPath, String token, String contentType, byte[] body) {
    }

    /** The owner's answer: the HTTP status, headers and body to send to the client. */
    record Answer(long id, int status, List<Map.Entry<String, String>> headers, byte[] body) {
    }

    /** Whether the forwarding node could hand a GET's answer to its client. */
    record Ack(long id, boolean written) {
    }

    /** The client went away (or the forwarding node gave up): stop waiting for it. */
    record Cancel(long id) {
    }

    static byte[] encode(Request r) {
        return write(out -> {
            out.writeLong(r.id());
            out.writeUTF(r.method());
            out.writeUTF(r.mountPath());
            out.writeUTF(r.token());
            out.writeBoolean(r.contentType() != null);
            if (r.contentType() != null) {
                out.writeUTF(r.contentType());
            }
            bytes(out, r.body());
        });
    }

    static byte[] encode(Answer a) {
        return write(out -> {
            out.writeLong(a.id());
            out.writeShort(a.status());
            out.writeShort(a.headers().size());
            for (Map.Entry<String, String> h : a.headers()) {
                out.writeUTF(h.getKey());
                out.writeUTF(h.getValue());
            }
            bytes(out, a.body());
        });
    }

    static byte[] encode(Ack a) {
        return write(out -> {
            out.writeLong(a.id());
            out.writeBoolean(a.written());
        });
    }

    static byte[] encode(Cancel c) {
        return write(out -> out.writeLong(c.id()));
    }

    /** @throws IOException when the bytes are not a message of this version */
    static Request request(byte[] bytes) throws IOException {
        DataInputStream in = read(bytes);
        long id = in.readLong();
        String method = in.readUTF();
        String mount = in.readUTF();
        String token = in.readUTF();
        String contentType = in.readBoolean() ? in.readUTF() : null;
        return end(in, new Request(id, method, mount, token, contentType, bytes(in)));
    }

    static Answer answer(byte[] bytes) throws IOException {
        DataInputStream in = read(bytes);
        long id = in.readLong();
        int status = in.readUnsignedShort();
        int count = in.readUnsignedShort();
        List<Map.Entry<String, String>> headers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            headers.add(Map.entry(in.readUTF(), in.readUTF()));
        }
        return end(in, new Answer(id, status, headers, bytes(in)));
    }

    static Ack ack(byte[] bytes) throws IOException {
        DataInputStream in = read(bytes);
        return end(in, new Ack(in.readLong(), in.readBoolean()));
    }

    static Cancel cancel(byte[] bytes) throws IOException {
        DataInputStream in = read(bytes);
        return end(in, new Cancel(in.readLong()));
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(buf)) {
            out.writeByte(VERSION);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory stream: only an oversized string gets here
        }
        return buf.toByteArray();
    }

    private static void bytes(DataOutputStream out, byte[] body) throws IOException {
        out.writeInt(body.length);
        out.write(body);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_BODY || length > in.available()) {
            throw new IOException("bad body length " + length);
        }
        return in.readNBytes(length);
    }

    private static DataInputStream read(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("unknown forwarding message version " + version);
        }
        return in;
    }

    private static <T> T end(DataInputStream in, T message) throws IOException {
        if (in.available() > 0) {
            throw new IOException("trailing bytes");
        }
        return message;
    }
}
