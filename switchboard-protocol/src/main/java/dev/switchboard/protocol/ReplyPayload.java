package dev.switchboard.protocol;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads the payload of a JSON {@code phx_reply}, {@code {"status": s, "response": r}}, into a
 * {@link Reply}. Keys may come in any order and unknown keys are skipped; the response keeps its
 * raw bytes. A reply without a response gets the empty object, so every reply has a JSON response.
 */
final class ReplyPayload {
    private ReplyPayload() {}

    /** Reads the object at the reader's current token (which must be its start). */
    static Reply read(JsonFrameReader in, Ref joinRef, Ref ref, String topic) throws IOException, DecodeException {
        if (in.currentToken() != JsonToken.START_OBJECT) {
            throw new DecodeException("phx_reply payload must be an object with a status");
        }
        String status = null;
        JsonPayload response = null;
        while (in.next() == JsonToken.FIELD_NAME) {
            String key = in.fieldName();
            in.next();
            switch (key) {
                case "status" -> status = in.string("phx_reply status");
                case "response" -> response = in.payload();
                default -> in.skipValue();
            }
        }
        if (status == null) {
            throw new DecodeException("phx_reply payload has no status");
        }
        return new Reply(joinRef, ref, topic, status, response == null ? Payload.empty() : response);
    }

    /** Reads a reply payload that was first sliced out as a whole (V1, where the event may follow it). */
    static Reply read(JsonPayload payload, Ref joinRef, Ref ref, String topic) throws DecodeException {
        try (JsonFrameReader in = JsonFrameReader.open(payload.bytes())) {
            in.first();
            Reply reply = read(in, joinRef, ref, topic);
            in.expectEnd();
            return reply;
        } catch (IOException e) {
            throw JsonFrameReader.invalidJson(e);
        }
    }
}
