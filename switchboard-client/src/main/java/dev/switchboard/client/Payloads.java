package dev.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Payload;

/** Turns what applications hand to {@code push} and {@code params} into payloads. */
final class Payloads {
    private Payloads() {}

    /**
     * {@code null} → {@code {}}; a {@link Payload} as is; {@code byte[]} → binary; anything else
     * (map, record, {@link JsonNode}, list, string, number) → JSON with Jackson.
     *
     * @throws IllegalArgumentException when Jackson cannot write the value
     */
    static Payload of(Object value) {
        if (value == null) {
            return Payload.empty();
        }
        if (value instanceof Payload p) {
            return p;
        }
        if (value instanceof byte[] bytes) {
            return Payload.binary(bytes.clone());
        }
        return Payload.json(value);
    }

    /**
     * Join params: a JSON value, with {@code recover} added when asked for (then the params must be
     * a JSON object, as the key is added to it).
     */
    static Payload joinParams(Object value, boolean recover, Object recoverParam) {
        Payload params = of(value);
        if (!recover) {
            return params;
        }
        if (!(params instanceof JsonPayload json) || !json.isObject()) {
            throw new IllegalArgumentException("join params of a channel with recover(true) must be a JSON object, got "
                    + (params.isBinary() ? "bytes" : params.toString()));
        }
        ObjectNode withRecover = ((ObjectNode) json.node()).deepCopy();
        withRecover.set("recover", recoverParam instanceof String s
                ? withRecover.textNode(s) : withRecover.booleanNode(Boolean.TRUE.equals(recoverParam)));
        return Payload.json(withRecover);
    }
}
