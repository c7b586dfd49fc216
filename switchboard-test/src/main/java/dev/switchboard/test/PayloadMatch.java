package dev.switchboard.test;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What an assertion expects of a payload (or of a reply's response). Passing a plain value — JSON
 * text, a map, a record, a Jackson node, bytes — means {@link #exactly}; the other forms are for
 * payloads with parts a test cannot or need not know, such as timestamps and {@code phx_ref}s.
 *
 * <pre>{@code
 * room.assertPush("presence_state", containing(Map.of("ada", Map.of())));
 * room.assertBroadcast("msg", matching("a body of 3 words", p -> p.path("body").asText().split(" ").length == 3));
 * }</pre>
 */
public final class PayloadMatch {
    private final String description;
    private final Mismatch mismatch;

    @FunctionalInterface
    private interface Mismatch {
        /** Why {@code json} (or {@code binary}, for a binary frame) does not match; null when it does. */
        String of(JsonNode json, byte[] binary);
    }

    private PayloadMatch(String description, Mismatch mismatch) {
        this.description = description;
        this.mismatch = mismatch;
    }

    /**
     * Equal as JSON (keys in any order, numbers by value), or byte for byte when {@code expected}
     * is a {@code byte[]} or binary payload.
     */
    public static PayloadMatch exactly(Object expected) {
        if (JsonCompare.isBinary(expected)) {
            byte[] bytes = JsonCompare.bytes(expected).clone();
            return new PayloadMatch("binary " + ReceivedFrame.describeBinary(bytes), (json, binary) -> binary == null
                    ? "expected a binary payload but it is JSON"
                    : Arrays.equals(bytes, binary) ? null : "binary payload differs: " + ReceivedFrame.describeBinary(binary));
        }
        JsonNode tree = JsonCompare.tree(expected, "expected payload");
        return new PayloadMatch(tree.toString(), (json, binary) -> json == null
                ? "expected JSON but the payload is binary"
                : JsonCompare.difference(tree, json, false));
    }

    /** Every key of {@code expected} is present with a matching value, at every depth; other keys are ignored. */
    public static PayloadMatch containing(Object expected) {
        JsonNode tree = JsonCompare.tree(expected, "expected payload");
        return new PayloadMatch("containing " + tree, (json, binary) -> json == null
                ? "expected JSON but the payload is binary"
                : JsonCompare.difference(tree, json, true));
    }

    /** Any payload at all. */
    public static PayloadMatch any() {
        return ANY;
    }

    /** A JSON payload for which {@code test} holds; {@code description} names it in failure messages. */
    public static PayloadMatch matching(String description, Predicate<JsonNode> test) {
        Objects.requireNonNull(test, "test");
        return new PayloadMatch(Objects.requireNonNull(description, "description"), (json, binary) -> json == null
                ? "expected JSON but the payload is binary"
                : test.test(json) ? null : "does not satisfy: " + description);
    }

    private static final PayloadMatch ANY = new PayloadMatch("any payload", (json, binary) -> null);

    /** The value as an expectation: a match is itself, anything else is {@link #exactly}. */
    static PayloadMatch of(Object expected) {
        return expected instanceof PayloadMatch m ? m : exactly(expected);
    }

    boolean isAny() {
        return this == ANY;
    }

    /** Why a frame's body does not match, or null when it does. */
    String mismatch(ReceivedFrame frame) {
        return mismatch.of(frame.body(), frame.binary());
    }

    @Override
    public String toString() {
        return description;
    }
}
