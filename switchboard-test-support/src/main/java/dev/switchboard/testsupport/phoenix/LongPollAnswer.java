package dev.switchboard.testsupport.phoenix;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/**
 * One long-poll HTTP answer, kept whole for assertions.
 *
 * @param http    the HTTP status (Phoenix answers 200 and puts its own status in the body)
 * @param headers the response headers
 * @param body    the body text
 */
public record LongPollAnswer(int http, HttpHeaders headers, String body) {

    /** The body parsed; an AssertionError if it is not JSON. */
    public JsonNode json() {
        try {
            return Messages.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** Phoenix's status in the body: 200 (messages), 204 (none in the window), 410 (no session), 403, … */
    public int status() {
        return json().path("status").asInt();
    }

    /** The {@code token} in the body, or null. */
    public String token() {
        return json().path("token").asText(null);
    }

    /** The first value of the header, or null. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The messages of a poll answer, each parsed (each must be a string holding one JSON message). */
    public List<JsonNode> frames() {
        List<JsonNode> frames = new ArrayList<>();
        for (JsonNode message : json().path("messages")) {
            if (!message.isTextual()) {
                throw new AssertionError("every message must be a string holding one frame: " + body);
            }
            try {
                frames.add(Messages.JSON.readTree(message.asText()));
            } catch (IOException e) {
                throw new AssertionError("message is not JSON: " + message, e);
            }
        }
        return frames;
    }
}
