package dev.switchboard.test;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.BinaryPayload;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Payload;
import java.util.Iterator;
import java.util.Map;

/**
 * Compares JSON as a client would read it: objects by their keys in any order, arrays in order,
 * numbers by value ({@code 1}, {@code 1.0} and a {@code long} 1 are equal). Reports the first
 * difference with its path, so a failing assertion says where the payloads part.
 */
final class JsonCompare {
    private JsonCompare() {}

    /**
     * The first difference between {@code expected} and {@code actual}, or null when they match.
     *
     * @param partial objects in {@code expected} need only be contained in {@code actual} (at any
     *                depth); arrays still match element by element
     */
    static String difference(JsonNode expected, JsonNode actual, boolean partial) {
        return difference(expected, actual, partial, "$");
    }

    private static String difference(JsonNode expected, JsonNode actual, boolean partial, String path) {
        if (actual == null || actual.isMissingNode()) {
            return "at " + path + ": expected " + expected + " but it is absent";
        }
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0 ? null
                    : "at " + path + ": expected " + expected + " but was " + actual;
        }
        if (expected.isObject() && actual.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String diff = difference(e.getValue(), actual.get(e.getKey()), partial, path + "." + e.getKey());
                if (diff != null) {
                    return diff;
                }
            }
            if (!partial) {
                for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    if (!expected.has(name)) {
                        return "at " + path + ": unexpected key \"" + name + "\" (" + actual.get(name) + ")";
                    }
                }
            }
            return null;
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                return "at " + path + ": expected an array of " + expected.size() + " but it has " + actual.size() + ": " + actual;
            }
            for (int i = 0; i < expected.size(); i++) {
                String diff = difference(expected.get(i), actual.get(i), partial, path + "[" + i + "]");
                if (diff != null) {
                    return diff;
                }
            }
            return null;
        }
        return expected.equals(actual) ? null : "at " + path + ": expected " + expected + " but was " + actual;
    }

    /** A value given as an expectation, as JSON: JSON text, a map, a record, a JSON node or payload. */
    static JsonNode tree(Object value, String what) {
        if (value == null) {
            throw new NullPointerException(what + " is null; leave it out to accept any payload");
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof JsonPayload payload) {
            return payload.node();
        }
        if (value instanceof String text) {
            try {
                return Payload.parse(text).node();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " is a String that is not JSON text: " + text
                        + " (give JSON such as {\"body\":\"hi\"}, or a map or a record)", e);
            }
        }
        try {
            return Json.MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " cannot be turned into JSON: " + e.getMessage(), e);
        }
    }

    /** A value to send, as the payload of a client frame: JSON text, bytes (binary), a map, record, node or payload. */
    static Payload payload(Object value) {
        if (value == null) {
            return Payload.empty();
        }
        if (value instanceof Payload p) {
            return p;
        }
        if (value instanceof byte[] bytes) {
            return Payload.binary(bytes.clone());
        }
        if (value instanceof String text) {
            try {
                return Payload.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("payload is a String that is not JSON text: " + text
                        + " (give JSON such as {\"body\":\"hi\"}, or a map or a record)", e);
            }
        }
        try {
            return Payload.json(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("payload cannot be turned into JSON: " + e.getMessage(), e);
        }
    }

    static boolean isBinary(Object value) {
        return value instanceof byte[] || value instanceof BinaryPayload;
    }

    static byte[] bytes(Object value) {
        return value instanceof byte[] b ? b : ((BinaryPayload) value).bytes();
    }
}
