package dev.switchboard.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Position;

/**
 * What a join asked for with the reserved {@code recover} join param (RECOVERY.md §2). The key is
 * removed before the application's {@code join} sees the params.
 *
 * @param appParams the join params without {@code recover}
 * @param kind      what was asked
 * @param since     the client's position for {@link Kind#SINCE}, else null
 */
record RecoverRequest(Payload appParams, Kind kind, Position since) {
    /** The reserved join-params key. */
    static final String KEY = "recover";

    enum Kind {
        /** {@code false} or {@code null}: nothing asked, frames unchanged (as without the key). */
        NONE,
        /** {@code true}: positions from now on, nothing to recover. */
        FRESH,
        /** {@code "<offset>@<epoch>"}: everything after this position, then live. */
        SINCE,
        /** Anything else: positions from now on, and {@code recovered: false} with {@code invalid_position}. */
        INVALID
    }

    /** True when the client asked for positions (and so receives the positioned variant). */
    boolean positioned() {
        return kind != Kind.NONE;
    }

    /** The request in {@code params}, or null when they have no {@code recover} key (left untouched). */
    static RecoverRequest parse(Payload params) {
        if (!(params instanceof JsonPayload json) || !mayContainKey(json.bytes()) || !json.isObject()) {
            return null;
        }
        JsonNode value = json.node().get(KEY);
        if (value == null) {
            return null;
        }
        ObjectNode rest = ((ObjectNode) json.node()).deepCopy();
        rest.remove(KEY);
        Payload appParams = Payload.json(rest);
        if (value.isNull() || (value.isBoolean() && !value.booleanValue())) {
            return new RecoverRequest(appParams, Kind.NONE, null);
        }
        if (value.isBoolean()) {
            return new RecoverRequest(appParams, Kind.FRESH, null);
        }
        if (value.isTextual()) {
            try {
                return new RecoverRequest(appParams, Kind.SINCE, Position.parse(value.textValue()));
            } catch (IllegalArgumentException e) {
                return new RecoverRequest(appParams, Kind.INVALID, null);
            }
        }
        return new RecoverRequest(appParams, Kind.INVALID, null);
    }

    /** A scan of the raw bytes, so joins that cannot hold the key are never parsed into a tree. */
    private static boolean mayContainKey(byte[] bytes) {
        int n = KEY.length();
        outer:
        for (int i = 0; i + n <= bytes.length; i++) {
            for (int j = 0; j < n; j++) {
                if (bytes[i + j] != KEY.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
